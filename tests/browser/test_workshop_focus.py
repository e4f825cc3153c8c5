"""The rule in focus in a real browser (revision 0013): the facilitator moves it on
the control view with the keyboard (N, then F into discuss), and the shared screen
in another browser context shows it under "Nu in gesprek" within a few seconds, in
text of at least 28 px, with its questions for the room; a reloaded control view
starts from it; nothing private on the screen; axe finds nothing. Screenshots for
review at 1280×720 in Dutch and English (test-artifacts/)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from content.loader import default_content
from services.workshop import Joined, WorkshopService
from tests.browser import test_workshop
from tests.browser.conftest import ARTIFACTS, Server, screenshot, wait_idle
from tests.browser.test_workshop import RULES, _axe, _context, _page
from workshop.group import statements
from workshop.phases import Phase

service = test_workshop.service  # the fixture: a service on the fresh server's database
MIN_SCREEN_PX = 28  # the issue: key text on the shared screen at least 28 px
FOLLOW_MS = 5_000  # "within a few seconds": the screen polls every second
SPLIT, LOW = RULES  # r04: the room split 1/5; r06: rated 2 by all


def _revealed_room(service: WorkshopService, lang: str) -> tuple[str, str]:
    content = default_content()
    rules = statements(content)
    created = service.create(language=lang, rule_ids=RULES)
    wid, secret = created.workshop_id, created.control_secret
    service.advance(wid, secret, Phase.RATE)
    for i in range(6):
        joined = service.join(created.code, f"10.8.0.{i}")
        assert isinstance(joined, Joined)
        service.vote(joined.token, rules[SPLIT][0], 1 if i % 2 else 5)
        service.vote(joined.token, rules[LOW][0], 2)
    service.advance(wid, secret, Phase.REVEAL)
    return wid, secret


def _size(page: Page, selector: str) -> float:
    return float(page.locator(selector).first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_screen_follows_the_facilitators_focus(browser: Browser, fresh_server: Server,
                                                   service: WorkshopService, lang: str) -> None:
    content = default_content()
    words = content.messages[lang]
    wid, secret = _revealed_room(service, lang)
    assert service.results(wid).focus == SPLIT  # the reveal put the most divided first
    screen_context = _context(browser, phone=False)
    control_context = _context(browser, phone=False)
    try:
        screen = _page(screen_context)
        screen.goto(f"{fresh_server.url}/workshop-scherm?ws={wid}")
        wait_idle(screen)
        rule_name = screen.locator(".ws-focus .ws-focus-rule")
        expect(rule_name).to_have_text(content.rule_label(SPLIT, lang))
        expect(screen.locator(".ws-focus .ws-focus-head")).to_have_text(
            words[f"workshop.screen.focus_{Phase.REVEAL.value}"], ignore_case=True)

        control = _page(control_context)
        control_url = f"{fresh_server.url}/workshop-leiden?ws={wid}&key={secret}"
        control.goto(control_url)
        wait_idle(control)
        # The keys work once their buttons are drawn (an idle page may not be yet).
        expect(control.get_by_role("button", name=words["workshop.control.next"])).to_be_visible()
        control.locator("body").press("n")  # N: the next rule, for everyone
        wait_idle(control)
        expect(rule_name).to_have_text(content.rule_label(LOW, lang), timeout=FOLLOW_MS)
        # A reloaded control view (or a second tab) starts from the stored focus.
        control.reload()
        wait_idle(control)
        expect(control.get_by_role("combobox", name=words["workshop.control.focus"])
               ).to_have_value(content.rule_label(LOW, lang))

        expect(control.get_by_role("button", name=words["workshop.control.to.discuss"])
               ).to_be_visible()
        control.locator("body").press("f")  # F: on to discuss; Vonk's first pick in focus
        wait_idle(control)
        expect(rule_name).to_have_text(content.rule_label(SPLIT, lang), timeout=FOLLOW_MS)
        picked = service.discussion_prompts(wid)
        band = screen.locator(".ws-focus")
        expect(band.locator(".ws-prompts li").first).to_have_text(
            picked[0].prompts[0].text(lang), timeout=FOLLOW_MS)
        for selector in (".ws-focus-head", ".ws-focus-rule", ".ws-statement", ".ws-label",
                         ".ws-prompts", ".ws-count"):
            assert _size(screen, f".ws-focus {selector}") >= MIN_SCREEN_PX, selector
        html = screen.content()
        assert secret not in html and "workshop-leiden" not in html  # nothing private
        _axe(screen)
        ARTIFACTS.mkdir(exist_ok=True)
        screen.screenshot(path=str(ARTIFACTS / f"workshop-screen-focus-{lang}-1280x720.png"))
        screenshot(control, f"workshop-control-focus-{lang}")
    finally:
        screen_context.close()
        control_context.close()
