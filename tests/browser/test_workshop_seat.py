"""A phone's own seat in a real browser (issue 10): a phone joins by the QR's route
and answers; the QR opened again in a new tab of the same browser (and the code
typed on a bare join page) gives that seat back, with its answer and a "welkom
terug", and the room does not grow; another browser gets a new seat; a tampered
cookie gives a normal new join without any error. The cookie is the server's
(HttpOnly, SameSite=Lax, Path=/, lasting until the workshop is deleted). Axe on the
phone with the note; screenshots at 390 px in NL and EN (test-artifacts/)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from content.labels import message
from content.loader import default_content
from content.workshop import default_workshop_settings
from services.plans import PlanService
from services.workshop import WorkshopService
from storage import PlanStore
from storage.workshops import WorkshopStore
from tests.browser.conftest import ARTIFACTS, Server, screenshot, wait_idle
from tests.browser.test_workshop import _axe
from ui.seat_cookie import cookie_name
from workshop.codes import normalise_code

MESSAGES = default_content().messages
RULES = ["r04", "r06"]  # one statement each
ERROR_MARKERS = ("Er ging iets mis", "Something went wrong", "Traceback")


@pytest.fixture
def service(fresh_server: Server) -> Iterator[WorkshopService]:
    url = f"sqlite:///{fresh_server.data_dir / 'vonk.sqlite3'}"
    content = default_content()
    plans, store = PlanStore(url), WorkshopStore(url)
    yield WorkshopService(store, PlanService(plans, content), content)
    store.dispose()
    plans.dispose()


def _msg(key: str, lang: str = "nl", **params: object) -> str:
    return message(MESSAGES[lang], key, **params)


def _phone(browser: Browser, lang: str = "nl") -> BrowserContext:
    return browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                               has_touch=True, locale=f"{lang}-NL" if lang == "nl" else "en-GB")


def _open(context: BrowserContext, url: str) -> Page:
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(url)
    wait_idle(page)
    return page


def _token(page: Page) -> str:
    expect(page).to_have_url(re.compile(r"[?&]p="))
    return parse_qs(urlsplit(page.url).query)["p"][0]


def _seat_cookie(context: BrowserContext, code: str) -> dict[str, object]:
    """The seat's cookie, once the page's request for it has been answered."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = [c for c in context.cookies() if c["name"] == cookie_name(code)]
        if found:
            return dict(found[0])
        time.sleep(0.2)
    raise AssertionError(f"no cookie {cookie_name(code)}: {context.cookies()}")


def _no_error(page: Page) -> None:
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert not any(marker in text for marker in ERROR_MARKERS), text
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def _checked(page: Page, index: int = 0) -> str:
    radio = page.locator('[data-testid="stRadio"]').nth(index)
    return radio.locator("label:has(input:checked)").inner_text().strip()


def test_the_same_browser_gets_its_own_seat_back(browser: Browser, fresh_server: Server,
                                                service: WorkshopService) -> None:
    created = service.create(language="nl", rule_ids=RULES)
    code = normalise_code(created.code)
    assert code is not None
    service.advance(created.workshop_id, created.control_secret, "rate")
    qr = f"{fresh_server.url}/J/{code}"
    contexts: list[BrowserContext] = []
    try:
        contexts.append(_phone(browser))
        first = _open(contexts[0], qr)
        token = _token(first)
        expect(first.locator('[data-testid="stRadio"]')).to_have_count(2)
        first.locator('[data-testid="stRadio"]').nth(0).get_by_text(
            "2 · Oneens", exact=True).click()
        wait_idle(first)
        expect(first.get_by_text(_msg("workshop.phone.saved"))).to_be_visible()
        cookie = _seat_cookie(contexts[0], code)
        assert cookie["value"] == token and cookie["httpOnly"] is True
        assert cookie["sameSite"] == "Lax" and cookie["path"] == "/"
        assert cookie["secure"] is False  # plain http here; Secure over https
        days = default_workshop_settings().retention.default_days
        assert abs(float(cookie["expires"]) - (time.time() + days * 86400)) < 3600  # type: ignore[arg-type]
        # No script of the page can read it.
        assert cookie_name(code) not in first.evaluate("document.cookie")
        screenshot(first, "workshop-phone-first-join-390-nl")  # after its first answer

        # The QR scanned again: a new tab of the same browser, same seat, its answer.
        again = _open(contexts[0], qr)
        assert _token(again) == token
        expect(again.get_by_text(_msg("workshop.join.welcome_back"))).to_be_visible()
        assert _checked(again).startswith("2")
        assert service.results(created.workshop_id).participants == 1
        _axe(again)
        screenshot(again, "workshop-phone-welcome-back-390-nl")
        # The query string dropped: the bare join page, the code typed.
        bare = _open(contexts[0], f"{fresh_server.url}/doe-mee")
        bare.get_by_role("textbox", name=_msg("workshop.join.code_label")).fill(
            created.code.lower())
        bare.get_by_role("button", name=_msg("workshop.join.button")).click()
        wait_idle(bare)
        assert _token(bare) == token
        assert service.results(created.workshop_id).participants == 1

        # Another phone: a new seat, with its own cookie.
        contexts.append(_phone(browser))
        other = _open(contexts[1], qr)
        assert _token(other) != token
        expect(other.get_by_text(_msg("workshop.join.welcome_back"))).to_have_count(0)
        assert _seat_cookie(contexts[1], code)["value"] == _token(other)
        assert service.results(created.workshop_id).participants == 2

        # A tampered cookie (another value, or the first phone's token changed):
        # a normal new join, no error; the server then sets the phone's real seat.
        for value in ("not-a-token", token[:-3] + "abc"):
            contexts.append(_phone(browser))
            contexts[-1].add_cookies([{"name": cookie_name(code), "value": value,
                                       "url": fresh_server.url}])
            tampered = _open(contexts[-1], qr)
            new = _token(tampered)
            assert new not in (token, value)
            expect(tampered.get_by_text(_msg("workshop.phone.rate_heading", n=1))
                   ).to_be_visible()
            _no_error(tampered)
            deadline = time.monotonic() + 10
            while _seat_cookie(contexts[-1], code)["value"] != new:
                assert time.monotonic() < deadline, "the seat cookie was not replaced"
                time.sleep(0.2)
        assert service.results(created.workshop_id).participants == 4
        # A removed participant does not come back through the cookie.
        service.remove_participant(created.workshop_id, created.control_secret, 1)
        removed = _open(contexts[0], qr)
        assert _token(removed) != token
        _no_error(removed)
        assert service.participants(created.workshop_id, created.control_secret) == [2, 3, 4, 5]
    finally:
        for context in contexts:
            context.close()


def test_the_join_page_and_a_returning_phone_in_english(browser: Browser, fresh_server: Server,
                                                       service: WorkshopService) -> None:
    created = service.create(language="en", rule_ids=RULES)
    code = normalise_code(created.code)
    assert code is not None
    context = _phone(browser, "en")
    try:
        join = _open(context, f"{fresh_server.url}/doe-mee?lang=en")
        expect(join.get_by_text(_msg("workshop.join.privacy", "en"))).to_be_visible()
        _axe(join)
        screenshot(join, "workshop-join-390-en")
        first = _open(context, f"{fresh_server.url}/J/{code}")
        token = _token(first)
        _seat_cookie(context, code)
        again = _open(context, f"{fresh_server.url}/J/{code}")
        assert _token(again) == token
        expect(again.get_by_text(_msg("workshop.join.welcome_back", "en"))).to_be_visible()
        assert again.evaluate("document.documentElement.lang") == "en"
        screenshot(again, "workshop-phone-welcome-back-390-en")
        nl = _open(context, f"{fresh_server.url}/doe-mee")
        expect(nl.get_by_text(_msg("workshop.join.privacy"))).to_be_visible()
        screenshot(nl, "workshop-join-390-nl")
    finally:
        context.close()
    assert (ARTIFACTS / "workshop-join-390-nl.png").exists()
