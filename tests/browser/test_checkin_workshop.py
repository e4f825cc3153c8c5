"""A check-in moment through the live workshop in a real browser, on a freshly
started server: the network's initiator starts the mid-term pulse from the
check-in page, three phones (390 px) join by the QR's route and rate its
statements blind, the shared screen reveals (three answers: a median, but the
anonymity threshold hides the distribution, and the screen says so), the
facilitator decides and records the room into the pulse, and the check-in page
then shows the pulse answered through the workshop. axe-core (WCAG 2.1 AA) on the
new views: the check-in page's section, the phone and the control view with the
record section, in Dutch and English; screenshots in test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from content.checkins import default_checkins
from content.labels import message
from content.loader import default_content
from services.checkins import CheckinService
from services.moment_workshop import MomentWorkshopService
from services.plans import PlanService
from services.workshop import Created, WorkshopService
from storage import PlanStore
from storage.checkins import NetworkStore
from storage.workshops import WorkshopStore
from tests.browser.conftest import ARTIFACTS, Server, screenshot, wait_idle
from tests.browser.test_workshop import POLL_WAIT, _axe, _context, _page
from workshop.codes import format_code

MESSAGES = default_content().messages
CHECKINS = default_checkins()
PULSE = CHECKINS.statements_at("mid")


def _msg(key: str, lang: str = "nl", **params: object) -> str:
    return message(MESSAGES[lang], key, **params)


@dataclass
class Services:
    plans: PlanService
    checkins: CheckinService
    moments: MomentWorkshopService


@pytest.fixture
def services(fresh_server: Server) -> Iterator[Services]:
    url = f"sqlite:///{fresh_server.data_dir / 'vonk.sqlite3'}"
    content = default_content()
    plan_store, network_store, workshop_store = PlanStore(url), NetworkStore(url), \
        WorkshopStore(url)
    plans = PlanService(plan_store, content)
    checkins = CheckinService(network_store, plans, content)
    workshops = WorkshopService(workshop_store, plans, content)
    yield Services(plans, checkins, MomentWorkshopService(workshops, checkins))
    for store in (plan_store, network_store, workshop_store):
        store.dispose()


def _rate_all(phone: Page, value_label: str) -> None:
    """Answer every statement on the phone, waiting for each save."""
    radios = phone.locator('[data-testid="stRadio"]')
    expect(radios).to_have_count(len(PULSE), timeout=POLL_WAIT)
    for i in range(len(PULSE)):
        radios.nth(i).get_by_text(value_label, exact=True).click()
        wait_idle(phone)
    expect(phone.get_by_text(_msg("workshop.phone.saved"))).to_be_visible()


def test_a_pulse_with_three_phones_through_the_workshop(
        browser: Browser, fresh_server: Server, services: Services) -> None:
    base = fresh_server.url
    plan = services.plans.create(title="Netwerk Feedback geven", language="nl")
    network = services.checkins.start_network(plan.token, language="nl")
    mid = CHECKINS.texts["nl"].moments["mid"].title
    contexts: list[BrowserContext] = []
    try:
        # The initiator's check-in page: the section, then the pulse as a workshop.
        contexts.append(_context(browser, phone=False))
        owner = _page(contexts[-1])
        owner.goto(f"{base}/checkin?plan={plan.token}")
        wait_idle(owner)
        expect(owner.get_by_text(_msg("wspulse.heading"))).to_be_visible()
        _axe(owner)
        owner.get_by_role("button", name=_msg("wspulse.start", moment=mid)).click()
        wait_idle(owner)
        assert "/workshop-leiden?" in owner.url and "key=" in owner.url
        control = owner
        expect(control.get_by_text(_msg("wspulse.banner", moment=mid))).to_be_visible()
        workshop = services.moments.workshops.workshops_for_network(network.id)[0]
        code = format_code(workshop.code)  # as shown: K7M-2NP

        contexts.append(_context(browser, phone=False))
        screen = _page(contexts[-1])
        screen.goto(f"{base}/workshop-scherm?ws={workshop.id}")
        wait_idle(screen)

        phones: list[Page] = []
        for _ in range(3):
            contexts.append(_context(browser, phone=True))
            phone = _page(contexts[-1])
            phone.goto(f"{base}/J/{workshop.code}")
            wait_idle(phone)
            expect(phone.get_by_text(_msg("workshop.phone.lobby_title"))).to_be_visible()
            phones.append(phone)
        expect(screen.get_by_text(_msg("workshop.screen.joined", n=3))).to_be_visible(
            timeout=POLL_WAIT)

        control.locator("body").press("f")  # round 1
        wait_idle(control)
        for phone, value in zip(phones, ["2 · Oneens", "4 · Eens", "5 · Helemaal eens"],
                                strict=True):
            _rate_all(phone, value)
        safe = CHECKINS.texts["nl"].statements["pulse_safe"].text
        expect(phones[0].get_by_text(safe)).to_be_visible()  # the check-in's own words
        _axe(phones[0])
        screenshot(phones[0], "checkin-workshop-phone-rate-390")
        expect(screen.get_by_text(_msg("workshop.progress", answered=3, of=3)).first
               ).to_be_visible(timeout=POLL_WAIT)
        assert 'class="ws-median"' not in screen.content()  # blind until the reveal

        control.get_by_role("button", name=_msg("workshop.control.to.reveal")).click()
        wait_idle(control)
        expect(screen.locator(".ws-median").first).to_be_visible(timeout=POLL_WAIT)
        # Three answers: a figure, but no distribution (below 5), and the screen says so.
        expect(screen.get_by_text(_msg("workshop.no_distribution")).first).to_be_visible()
        assert not screen.locator(".ws-dist").count()
        _axe(screen)
        screen.screenshot(path=str(ARTIFACTS / "checkin-workshop-screen-reveal-1280x720.png"))

        control.get_by_role("button", name=_msg("workshop.control.to.discuss")).click()
        wait_idle(control)
        control.get_by_role("button", name=_msg("workshop.control.to.decide")).click()
        wait_idle(control)
        expect(control.get_by_text(_msg("wspulse.record_heading", moment=mid))).to_be_visible()
        assert not control.get_by_text(_msg("workshop.control.save")).count()  # no scenario
        assert not control.get_by_text(_msg("workshop.control.vonk_heading")).count()
        control.get_by_role("button", name=_msg("wspulse.record_button", moment=mid)).click()
        wait_idle(control)
        expect(control.get_by_text(_msg("wspulse.recorded", n=3, changed=3 * len(PULSE),
                                         moment=mid))).to_be_visible()
        expect(control.get_by_text(_msg("wspulse.recorded_state", moment=mid))).to_be_visible()
        # Again: it updates, nobody is added.
        control.get_by_role("button", name=_msg("wspulse.record_again")).click()
        wait_idle(control)
        expect(control.get_by_text(_msg("wspulse.recorded", n=3, changed=0, moment=mid))
               ).to_be_visible()
        _axe(control)
        screenshot(control, "checkin-workshop-control-decide")
        link = control.get_by_role("link", name=_msg("wspulse.open_checkin"))
        assert f"network={network.id}" in (link.get_attribute("href") or "")

        # The check-in page: the pulse answered through the workshop, three respondents.
        owner.goto(f"{base}/checkin?plan={plan.token}")
        wait_idle(owner)
        expect(owner.get_by_text(_msg("wspulse.answered_through", moment=mid, code=code))
               ).to_be_visible()
        expect(owner.get_by_text(_msg("checkin.respondents", moment=mid, count=3))
               ).to_be_visible()
        small = services.checkins.settings.agreement.small_group_below
        expect(owner.get_by_text(_msg("checkin.small_group", n=small))).to_be_visible()
        expect(owner.locator(".js-plotly-plot")).to_have_count(1)
        _axe(owner)
        screenshot(owner, "checkin-workshop-checkin-page-nl")
        owner.goto(f"{base}/checkin?plan={plan.token}&lang=en")
        wait_idle(owner)
        expect(owner.get_by_text(_msg("wspulse.heading", "en"))).to_be_visible()
        assert owner.evaluate("document.documentElement.lang") == "en"
        _axe(owner)
        screenshot(owner, "checkin-workshop-checkin-page-en")
    finally:
        for context in contexts:
            context.close()


def test_an_english_networks_workshop_speaks_english(
        browser: Browser, fresh_server: Server, services: Services) -> None:
    plan = services.plans.create(title="Feedback network", language="en")
    network = services.checkins.start_network(plan.token, language="en")
    created = services.moments.start(network.id, plan.token, "mid")
    assert isinstance(created, Created)
    mid = CHECKINS.texts["en"].moments["mid"].title
    contexts = [_context(browser, phone=False), _context(browser, phone=True)]
    try:
        control = _page(contexts[0])
        control.goto(f"{fresh_server.url}/workshop-leiden?ws={created.workshop_id}"
                     f"&key={created.control_secret}")
        wait_idle(control)
        assert control.evaluate("document.documentElement.lang") == "en"
        expect(control.get_by_text(_msg("wspulse.banner", "en", moment=mid))).to_be_visible()
        phone = _page(contexts[1])
        phone.goto(f"{fresh_server.url}/J/{created.code.replace('-', '')}")
        wait_idle(phone)
        control.locator("body").press("f")
        wait_idle(control)
        radios = phone.locator('[data-testid="stRadio"]')
        expect(radios).to_have_count(len(PULSE), timeout=POLL_WAIT)
        expect(phone.get_by_text(CHECKINS.texts["en"].statements["pulse_safe"].text)
               ).to_be_visible()
        expect(phone.get_by_text(default_content().rule_label("r06", "en")).first).to_be_visible()
        _axe(phone)
        screenshot(phone, "checkin-workshop-phone-rate-390-en")
        _axe(control)
        screenshot(control, "checkin-workshop-control-rate-en")
    finally:
        for context in contexts:
            context.close()
