"""A phone's own seat through the page (issue 10): a browser that holds the seat
cookie of a workshop gets that seat back when it joins again by the QR's ?code= or
by typing the code (told "welkom terug"), and the room does not grow; a tampered
cookie or none gives a normal new seat. AppTest cannot send cookies, so the
session's client context (what st.context.cookies reads) is given one here; the
real cookie in a real browser is tests/browser/test_workshop_seat.py."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import streamlit.runtime.context as st_context
from streamlit.testing.v1 import AppTest

from tests.apptest.test_workshop_pages import _msg, _open, _phone_radios, _text, _vote
from ui import seat_cookie
from ui.resources import get_workshop_service
from workshop.codes import normalise_code


def _with_cookies(monkeypatch: pytest.MonkeyPatch, cookies: dict[str, str]) -> None:
    client = SimpleNamespace(cookies=cookies, headers=[], remote_ip=None)
    monkeypatch.setattr(st_context, "_get_client_context", lambda: client)


def _token(at: AppTest) -> str:
    value = at.query_params["p"]
    return str(value[0] if isinstance(value, list) else value)


def _seat_scripts(at: AppTest) -> list[str]:
    return [e.proto.body for e in at.get("html") if "data-seat" in e.proto.body]


def test_the_same_browser_gets_its_seat_back_and_another_a_new_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    svc = get_workshop_service()
    created = svc.create(language="nl", rule_ids=["r04"])
    code = normalise_code(created.code)
    assert code is not None
    phone = _open("pages/doe_mee.py", code=code.lower())
    token = _token(phone)
    # The first full run as a participant asks the server for the cookie, once.
    (script,) = _seat_scripts(phone)
    assert seat_cookie.SEAT_ROUTE in script and token in script and "POST" in script
    phone.run()
    assert _seat_scripts(phone) == []
    svc.advance(created.workshop_id, created.control_secret, "rate")
    phone.run()
    sid = next(iter(_phone_radios(phone)))
    _vote(phone, sid, 2)

    # The QR scanned again in the same browser: a new session holding the cookie.
    _with_cookies(monkeypatch, {seat_cookie.cookie_name(code): token, "vonk_route": "r1"})
    again = _open("pages/doe_mee.py", code=created.code)
    assert _token(again) == token
    assert _msg("workshop.join.welcome_back") in _text(again)
    assert _phone_radios(again)[sid].value == 2
    assert _seat_scripts(again) == []  # the browser holds it already
    # The typed code, with the query string gone: the same seat.
    typed = _open("pages/doe_mee.py")
    typed.text_input(key="workshop_join_code").set_value(created.code.lower())
    typed.get("form_submit_button")[0].click().run()
    assert not typed.exception and _token(typed) == token
    assert svc.results(created.workshop_id).participants == 1

    # A tampered cookie: a normal new join, no trace; and it asks for its own cookie.
    _with_cookies(monkeypatch, {seat_cookie.cookie_name(code): token[:-2] + "xx"})
    other = _open("pages/doe_mee.py", code=created.code)
    assert not other.exception and _token(other) not in (token, token[:-2] + "xx")
    assert _msg("workshop.join.welcome_back") not in _text(other)
    assert _msg("workshop.phone.rate_heading", n=1) in _text(other)
    assert len(_seat_scripts(other)) == 1
    assert svc.results(created.workshop_id).participants == 2


def test_a_removed_participant_gets_a_new_seat_not_the_old_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    svc = get_workshop_service()
    created = svc.create(language="en", rule_ids=["r04"])
    code = normalise_code(created.code)
    assert code is not None
    token = _token(_open("pages/doe_mee.py", code=created.code))
    svc.remove_participant(created.workshop_id, created.control_secret, 1)
    _with_cookies(monkeypatch, {seat_cookie.cookie_name(code): token})
    back = _open("pages/doe_mee.py", code=created.code)
    assert _token(back) != token
    assert _msg("workshop.join.welcome_back", "en") not in _text(back)
    assert svc.participants(created.workshop_id, created.control_secret) == [2]
