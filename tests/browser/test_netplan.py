"""The network plan in a real browser: a name typed on the page reaches the Word
file, the calendar downloads with local times and keeps its UIDs on a second
download, and the page has no WCAG 2.1 AA violations (axe-core), in Dutch and
in English."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from docx import Document as read_docx
from icalendar import Calendar
from playwright.sync_api import Page

from storage import PlanStore
from tests.browser.conftest import Server, screenshot, wait_idle
from tests.conftest import ready_plan

AXE = Axe()
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}


@pytest.fixture(scope="module")
def plan_token(server: Server) -> str:
    store = PlanStore(f"sqlite:///{server.data_dir / 'vonk.sqlite3'}")
    token = store.create(title="Inspirerend docentschap", answers=ready_plan()).token
    store.dispose()
    return token


def _download(page: Page, label: str, tmp_path: Path) -> bytes:
    with page.expect_download(timeout=20_000) as info:
        page.get_by_role("button", name=label).click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target.read_bytes()


def test_download_the_calendar_and_the_word_plan(page: Page, server: Server, plan_token: str,
                                                 tmp_path: Path) -> None:
    page.goto(f"{server.url}/netwerkplan?plan={plan_token}")
    wait_idle(page)
    name = page.get_by_label("Naam van de coördinator (mag leeg)")
    name.fill("Anna de Vries")
    name.press("Tab")
    wait_idle(page)

    word = read_docx(io.BytesIO(_download(page, "Word (.docx)", tmp_path)))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Anna de Vries" in text and "5 bijeenkomsten van 3,5 uur" in text
    assert "Open podium" in text and "Gezamenlijke maaltijd" in text

    first = Calendar.from_ical(_download(page, "Kalender (.ics)", tmp_path))
    events = list(first.walk("VEVENT"))
    meetings = [e for e in events if str(e["SUMMARY"]).startswith("Bijeenkomst")]
    assert len(meetings) == 5 and len(events) == 8
    assert [tz["TZID"] for tz in first.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    for meeting in meetings:
        start = meeting.decoded("DTSTART")
        assert (start.hour, start.minute) == (15, 0) and str(start.tzinfo) == "Europe/Amsterdam"
    assert plan_token not in first.to_ical().decode()

    page.reload()
    wait_idle(page)
    again = Calendar.from_ical(_download(page, "Kalender (.ics)", tmp_path))
    assert {str(e["UID"]) for e in again.walk("VEVENT")} == {str(e["UID"]) for e in events}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_page_has_no_wcag_violations(page: Page, server: Server, plan_token: str,
                                         lang: str) -> None:
    page.goto(f"{server.url}/netwerkplan?plan={plan_token}&lang={lang}")
    wait_idle(page)
    page.wait_for_timeout(500)
    assert page.evaluate("document.documentElement.lang") == lang
    results = AXE.run(page, options=WCAG_AA)
    assert not results.response["violations"], results.generate_report()
    screenshot(page, f"netwerkplan-{lang}")
