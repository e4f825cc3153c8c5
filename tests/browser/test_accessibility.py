"""WCAG 2.1 AA checks with axe-core (bundled by axe-playwright-python) on every
page, in Dutch and in English."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from storage import PlanStore
from tests.browser.conftest import Server, wait_idle
from tests.conftest import ready_plan

AXE = Axe()
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}


@pytest.fixture(scope="module")
def plan_token(server: Server) -> str:
    store = PlanStore(f"sqlite:///{server.data_dir / 'vonk.sqlite3'}")
    answers = {**ready_plan(), "coordinator": "nobody", "group_size": 14, "hard_core": "no_core"}
    token = store.create(title="Toegankelijk", answers=answers).token
    store.duplicate(token, "Kopie met 9")
    store.dispose()
    return token


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", ["", "scan", "resultaat", "scenarios", "vergelijk", "handreiking",
                                  "hoe-vonk-scoort", "workshop"])
def test_no_wcag_violations(page: Page, server: Server, plan_token: str, path: str,
                            lang: str) -> None:
    page.goto(f"{server.url}/{path}?plan={plan_token}&lang={lang}")
    wait_idle(page)
    page.wait_for_timeout(500)
    if path == "resultaat":
        page.locator("[data-testid=stExpander] summary").first.click()  # open an expander
        wait_idle(page)
    assert page.evaluate("document.documentElement.lang") == lang
    results = AXE.run(page, options=WCAG_AA)
    violations = results.response["violations"]
    assert not violations, results.generate_report()
