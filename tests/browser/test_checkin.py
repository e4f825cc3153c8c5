"""The check-in page in a real browser: WCAG 2.1 AA (axe-core) for the initiator's
and a participant's view in both languages, with the chart and its text
alternative; a participant answers the pulse with the keyboard and mouse; the
initiator deletes a network and undoes it with the keyboard alone (axe on the
confirmation, the undo and the participant's view of the deleted network); a
participant's PDF is in their language, without the initiator's plan title."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from content.loader import default_content
from services.checkins import CheckinService
from services.plans import PlanService
from storage import PlanStore
from storage.checkins import NetworkStore
from tests.browser.conftest import Server, wait_idle

AXE = Axe()
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}


@pytest.fixture(scope="module")
def network(server: Server) -> tuple[str, str]:
    """A plan whose network has five answers at the start and at the middle."""
    url = f"sqlite:///{server.data_dir / 'vonk.sqlite3'}"
    plans_store, networks = PlanStore(url), NetworkStore(url)
    content = default_content()
    plans = PlanService(plans_store, content)
    service = CheckinService(networks, plans, content)
    plan = plans.create(title="Netwerk met check-ins", language="nl")
    n = service.start_network(plan.token, language="nl")
    people = [service.join(n.id).token for _ in range(5)]
    for person, value in zip(people, (4, 4, 4, 5, 5), strict=True):
        service.answer(person, "start", "pulse_safe", value)
    service.open_moment(n.id, plan.token, "mid")
    for person, value in zip(people, (1, 1, 3, 5, 5), strict=True):
        service.answer(person, "mid", "pulse_safe", value)
        service.save_story(person, "mid", "brought_so_far", f"<i>Verhaal</i> {value}")
    plans_store.dispose()
    networks.dispose()
    return plan.token, n.id


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("who", ["initiator", "participant"])
def test_no_wcag_violations(page: Page, server: Server, network: tuple[str, str], who: str,
                            lang: str) -> None:
    plan_token, network_id = network
    query = f"plan={plan_token}" if who == "initiator" else f"network={network_id}"
    page.goto(f"{server.url}/checkin?{query}&lang={lang}")
    wait_idle(page)
    page.wait_for_timeout(800)
    page.locator("[data-testid=stExpander] summary").first.click()  # the table
    wait_idle(page)
    assert page.evaluate("document.documentElement.lang") == lang
    expect(page.locator(".js-plotly-plot")).to_have_count(1)
    alt = "Grafiek: per stelling" if lang == "nl" else "Chart: per statement"
    expect(page.get_by_text(alt)).to_be_visible()
    expect(page.get_by_text("<i>Verhaal</i> 3")).to_be_visible()  # a story stays text
    results = AXE.run(page, options=WCAG_AA)
    assert not results.response["violations"], results.generate_report()


def test_a_participant_answers_the_pulse(page: Page, server: Server,
                                         network: tuple[str, str]) -> None:
    _, network_id = network
    page.goto(f"{server.url}/checkin?network={network_id}")
    wait_idle(page)
    statement = page.get_by_role("radiogroup", name="Ik durf in dit netwerk")
    statement.get_by_text("4 · Eens").click()
    page.get_by_role("button", name="Bewaar mijn antwoorden").click()
    wait_idle(page)
    expect(page.get_by_text("Uw antwoorden zijn bewaard.")).to_be_visible()
    assert "r=" in page.url  # a refresh keeps the respondent
    page.reload()
    wait_idle(page)
    statement = page.get_by_role("radiogroup", name="Ik durf in dit netwerk")
    expect(statement.get_by_role("radio", name="4 · Eens")).to_be_checked()
    expect(page.get_by_text("Tussentijdse pulse: 6 deelnemers antwoordden")).to_be_visible()


def _tab_to(page: Page, name: str) -> None:
    """Press Tab until the button called `name` has the focus (a keyboard user)."""
    button = page.get_by_role("button", name=name)
    for _ in range(120):
        if button.count() and button.first.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{name!r} is not reachable with Tab")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_delete_and_undo_with_the_keyboard(page: Page, server: Server, lang: str) -> None:
    """The initiator deletes a network with the keyboard alone: the confirmation takes
    the focus to its heading, the undo is the next stop after the deletion; the
    participant's link then says the network is deleted and shows nothing; both
    screens pass axe; the undo brings everything back."""
    url = f"sqlite:///{server.data_dir / 'vonk.sqlite3'}"
    plans_store, networks = PlanStore(url), NetworkStore(url)
    content = default_content()
    service = CheckinService(networks, PlanService(plans_store, content), content)
    plan = service.plans.create(title="Te verwijderen", language=lang)
    n = service.start_network(plan.token, language=lang)
    for value in (3, 4, 5):
        service.answer(service.join(n.id).token, "start", "pulse_safe", value)
    words = content.messages[lang]
    page.goto(f"{server.url}/checkin?plan={plan.token}&lang={lang}")
    wait_idle(page)
    page.get_by_role("button", name=words["checkin.download_md"]).focus()
    _tab_to(page, words["checkin.delete"])
    page.keyboard.press("Enter")
    wait_idle(page)
    page.wait_for_function(  # the focus is on the confirmation's heading
        "t => document.activeElement && document.activeElement.textContent.includes(t)",
        arg=words["checkin.delete_heading"], timeout=5_000)
    expect(page.get_by_text(words["checkin.confirm_delete"].split("{")[0])).to_be_visible()
    results = AXE.run(page, options=WCAG_AA)
    assert not results.response["violations"], results.generate_report()
    _tab_to(page, words["checkin.confirm_yes"])
    page.keyboard.press("Enter")
    wait_idle(page)
    assert networks.for_plan(plan.token) == []
    page.wait_for_function(
        "t => document.activeElement && document.activeElement.textContent.includes(t)",
        arg=words["checkin.deleted_heading"], timeout=5_000)
    undo = words["checkin.restore_named"].split("{")[0]
    stops = []  # the undo comes right after the heading (and its link icon)
    for _ in range(3):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("document.activeElement.textContent"))
        if undo.strip() in stops[-1]:
            break
    else:
        raise AssertionError(f"the undo is not next after the heading: {stops}")
    results = AXE.run(page, options=WCAG_AA)
    assert not results.response["violations"], results.generate_report()

    other = page.context.browser.new_page()  # a participant's own browser
    other.goto(f"{server.url}/checkin?network={n.id}&lang={lang}")
    wait_idle(other)
    expect(other.get_by_text(words["checkin.network_deleted"])).to_be_visible()
    expect(other.locator(".js-plotly-plot")).to_have_count(0)
    expect(other.get_by_role("button", name=words["checkin.save"])).to_have_count(0)
    answered = words["checkin.respondents"].split("{count}")[1].strip()
    expect(other.get_by_text(answered)).to_have_count(0)  # no "N participants answered"
    assert other.evaluate("document.documentElement.lang") == lang
    results = AXE.run(other, options=WCAG_AA)
    assert not results.response["violations"], results.generate_report()

    page.keyboard.press("Enter")  # undo
    wait_idle(page)
    expect(page.get_by_text(words["checkin.restored"].split("{")[0])).to_be_visible()
    assert [x.id for x in networks.for_plan(plan.token)] == [n.id]
    other.reload()
    wait_idle(other)
    expect(other.get_by_text(words["checkin.network_deleted"])).to_have_count(0)
    other.close()
    plans_store.dispose()
    networks.dispose()


def test_a_participants_pdf_is_in_their_language_without_the_plan_title(
        page: Page, server: Server, network: tuple[str, str]) -> None:
    _, network_id = network
    page.goto(f"{server.url}/checkin?network={network_id}&lang=en")
    wait_idle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download overview (PDF)").click()
    data = Path(download.value.path()).read_bytes()
    text = " ".join(" ".join((p.extract_text() or "") for p in
                             PdfReader(io.BytesIO(data)).pages).split())
    assert text.startswith("The network's check-ins") and "Per statement" in text
    assert "Netwerk met check-ins" not in text  # the initiator's plan title
