"""The check-in page in a real browser: WCAG 2.1 AA (axe-core) for the initiator's
and a participant's view in both languages, with the chart and its text
alternative; a participant answers the pulse with the keyboard and mouse."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

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
