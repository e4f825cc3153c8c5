"""The facilitator's timer on the shared screen in a real browser at 1280×720:
started on the control view, it counts down on the screen (another browser) in
text of at least 28 px, with role "timer", and axe finds nothing; a screenshot
for review (tests/browser/artifacts/workshop-screen-timer-1280x720.png)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from content.loader import default_content
from services.plans import PlanService
from services.workshop import WorkshopService
from storage import PlanStore
from storage.workshops import WorkshopStore
from tests.browser.conftest import ARTIFACTS, Server, wait_idle
from tests.browser.test_workshop import RULES, _axe, _context, _msg, _page
from workshop.phases import Phase

MIN_SCREEN_PX = 28  # the issue: key text on the shared screen at least 28 px


@pytest.fixture
def service(fresh_server: Server) -> Iterator[WorkshopService]:
    url = f"sqlite:///{fresh_server.data_dir / 'vonk.sqlite3'}"
    content = default_content()
    plans, store = PlanStore(url), WorkshopStore(url)
    yield WorkshopService(store, PlanService(plans, content), content)
    store.dispose()
    plans.dispose()


def test_the_screen_counts_down_the_facilitators_timer(browser: Browser, fresh_server: Server,
                                                      service: WorkshopService) -> None:
    created = service.create(language="nl", rule_ids=RULES)
    service.advance(created.workshop_id, created.control_secret, Phase.RATE)
    screen_context = _context(browser, phone=False)
    control_context = _context(browser, phone=False)
    try:
        screen = _page(screen_context)
        screen.goto(f"{fresh_server.url}/workshop-scherm?ws={created.workshop_id}")
        wait_idle(screen)
        expect(screen.locator(".ws-timer")).to_have_count(0)

        control = _page(control_context)
        control.goto(f"{fresh_server.url}/workshop-leiden?ws={created.workshop_id}"
                     f"&key={created.control_secret}")
        wait_idle(control)
        control.get_by_text(_msg("workshop.control.timer"), exact=True).click()
        control.get_by_role("button", name=_msg("workshop.control.timer_start")).click()
        wait_idle(control)

        timer = screen.locator('.ws-timer[role="timer"]')
        expect(timer).to_have_text(re.compile(r"^Nog [23]:\d\d$"), timeout=10_000)
        first = timer.inner_text()
        expect(timer).not_to_have_text(first, timeout=5_000)  # it counts down by itself
        assert timer.get_attribute("aria-label") == _msg("workshop.screen.timer_aria")
        size = float(timer.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
        assert size >= MIN_SCREEN_PX
        assert created.control_secret not in screen.content()
        _axe(screen)
        ARTIFACTS.mkdir(exist_ok=True)
        screen.screenshot(path=str(ARTIFACTS / "workshop-screen-timer-1280x720.png"))

        control.get_by_role("button", name=_msg("workshop.control.timer_stop")).click()
        wait_idle(control)
        expect(screen.locator(".ws-timer")).to_have_count(0, timeout=10_000)
    finally:
        screen_context.close()
        control_context.close()
