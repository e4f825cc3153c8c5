"""A deep link on a freshly started server (a resume link, a QR code) must run
app.py first: language, plan from the URL and the real navigation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from content.loader import default_content
from storage import PlanStore
from tests.browser.conftest import Server, wait_idle


def make_plan(server: Server) -> str:
    store = PlanStore(f"sqlite:///{server.data_dir / 'vonk.sqlite3'}")
    plan = store.create(title="Diepe link", answers={"responsible": "shared_group",
                                                    "group_size": 9})
    store.dispose()
    return plan.token


@pytest.mark.parametrize(("path", "lang", "expected"), [
    ("scan", "nl", "Regel 1 van 10"),
    ("resultaat", "en", "Results: Diepe link"),
    ("handreiking", "en", "The ten golden rules"),
])
def test_first_request_is_a_deep_link(page: Page, fresh_server: Server, path: str, lang: str,
                                      expected: str) -> None:
    token = make_plan(fresh_server)
    page.goto(f"{fresh_server.url}/{path}?plan={token}&lang={lang}")
    wait_idle(page)
    expect(page.get_by_text(expected).first).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == lang
    # app.py ran: the language switch and the top navigation are there
    expect(page.get_by_role("radio", name="EN", exact=True)).to_be_visible()
    nav = default_content().messages[lang]["streamlit.app_pages"]  # ui/streamlit_text.py
    expect(page.get_by_role("navigation", name=nav)).to_be_visible()
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0  # no legacy menu
    if path == "scan":
        expect(page.get_by_role("radio", name="Een groepje of commissie samen")).to_be_checked()
    # the second request on the same fresh server behaves the same
    page.goto(f"{fresh_server.url}/{path}?plan={token}&lang={lang}")
    wait_idle(page)
    expect(page.get_by_text(expected).first).to_be_visible()


def test_tampered_deep_link_on_fresh_server(page: Page, fresh_server: Server) -> None:
    page.goto(f"{fresh_server.url}/scan?plan=not-a-real-token-1234567890")
    wait_idle(page)
    expect(page.get_by_text("hoort niet bij een bekend plan")).to_be_visible()
