"""The decide widgets (ui/workshop_decide.py) in a real browser, through the test
page tests/apptest/workshop_decide_page.py: no WCAG 2.1 AA violation (axe-core) in
Dutch and English, and the agreed-actions editor used with the keyboard only (type,
Tab, Enter; remove after a yes; undo)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from content.loader import default_content
from services.plans import PlanService
from services.workshop import Joined, WorkshopService
from storage import PlanStore
from storage.migrate import upgrade_database
from storage.workshops import WorkshopStore
from tests.browser.conftest import ROOT, _free_port, wait_idle
from workshop.group import statements
from workshop.phases import Phase

AXE = Axe()
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}
PAGE = "tests/apptest/workshop_decide_page.py"
M = default_content().messages["nl"]


def _workshop(url: str) -> tuple[str, str]:
    """A workshop in the decide phase, the room split on one rule and low on another,
    with one agreed action."""
    content = default_content()
    plans, wstore = PlanStore(url), WorkshopStore(url)
    svc = WorkshopService(wstore, PlanService(plans, content), content)
    rules = statements(content)
    split, low = list(rules)[:2]
    created = svc.create(language="nl", rule_ids=[split, low])
    wid, secret = created.workshop_id, created.control_secret
    tokens = []
    for i in range(6):
        joined = svc.join(created.code, f"10.4.0.{i}")
        assert isinstance(joined, Joined)
        tokens.append(joined.token)
    svc.advance(wid, secret, Phase.RATE)
    for i, token in enumerate(tokens):
        for sid in rules[split]:
            svc.vote(token, sid, 1 if i % 2 else 5)
        for sid in rules[low]:
            svc.vote(token, sid, 2)
    for phase in (Phase.REVEAL, Phase.DISCUSS, Phase.DECIDE):
        svc.advance(wid, secret, phase)
    svc.add_action(wid, secret, what="<i>Data</i> vastleggen", who="coördinator",
                   due=date.today())
    plans.dispose()
    wstore.dispose()
    return wid, secret


@pytest.fixture(scope="module")
def decide_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("decide")
    url = f"sqlite:///{data / 'vonk.sqlite3'}"
    upgrade_database(url)
    wid, secret = _workshop(url)
    port = _free_port()
    env = {**os.environ, "VONK_DATABASE_URL": url}
    log = open(data / "server.log", "wb")  # noqa: SIM115 (closed with the process)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", PAGE, "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError((data / "server.log").read_text()) from None
                time.sleep(0.3)
        yield f"{base}/?wid={wid}&secret={secret}&show=prompts,actions,exports"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_wcag_violations(page: Page, decide_page: str, lang: str) -> None:
    page.goto(f"{decide_page}&lang={lang}")
    wait_idle(page)
    page.wait_for_timeout(500)
    results = AXE.run(page, options=WCAG_AA)
    assert not results.response["violations"], results.generate_report()


def test_the_actions_editor_by_keyboard_only(page: Page, decide_page: str) -> None:
    page.goto(decide_page)
    wait_idle(page)
    expect(page.get_by_text("<i>Data</i> vastleggen", exact=False)).to_be_visible()  # as text
    what = page.get_by_label(M["workshop_decide.field_what"]).last
    what.focus()
    page.keyboard.type("Zaal regelen")
    page.keyboard.press("Tab")  # the help button of "Wie" comes first
    page.keyboard.press("Tab")
    page.keyboard.type("teamleider")
    page.keyboard.press("Tab")  # the day of the date, then month and year as typed
    page.keyboard.type(date.today().strftime("%d%m%Y"))
    what.focus()
    page.keyboard.press("Enter")  # Enter in a form's field submits the form
    wait_idle(page)
    expect(page.get_by_text(M["workshop_decide.added"].format(what="Zaal regelen"))
           ).to_be_visible()
    expect(what).to_have_value("")  # the form is empty for the next action
    expect(page.get_by_label(M["workshop_decide.field_who"]).last).to_have_value("")
    remove = page.get_by_role("button", name=M["workshop_decide.remove"].format(number=2))
    remove.focus()
    page.keyboard.press("Enter")
    wait_idle(page)
    yes = page.get_by_role("button", name=M["workshop_decide.confirm_yes"])
    expect(yes).to_be_visible()
    expect(page.get_by_text("Zaal regelen").first).to_be_visible()  # not gone before a yes
    yes.focus()
    page.keyboard.press("Enter")
    wait_idle(page)
    expect(page.get_by_text(M["workshop_decide.removed"].format(what="Zaal regelen"))
           ).to_be_visible()
    undo = page.get_by_role("button", name=M["workshop_decide.undo"])
    undo.focus()
    page.keyboard.press("Enter")
    wait_idle(page)
    expect(page.get_by_text(M["workshop_decide.restored"].format(what="Zaal regelen"))
           ).to_be_visible()
    page.screenshot(path=str(Path(ROOT / "test-artifacts").mkdir(exist_ok=True) or
                             ROOT / "test-artifacts" / "workshop-decide.png"), full_page=True)
