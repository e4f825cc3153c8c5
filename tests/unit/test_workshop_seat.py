"""A browser's own seat (issue 10: scanning the QR again must not give a second
seat), on SQLite and PostgreSQL: `WorkshopService.join(held=...)` gives back a
held seat only when its token is a live participant of that very workshop;
`WorkshopService.seat` says what the cookie may hold and for how long; the
cookie route of ui/seat_cookie.py sets it only for its own page's origin."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from content.models import Content
from content.workshop import default_workshop_settings
from services.attempts import SlidingWindow
from services.plans import PlanService
from services.workshop import (
    CodeExpired,
    Full,
    Joined,
    Refused,
    Seat,
    WorkshopClosed,
    WorkshopService,
)
from storage import PlanStore
from storage.workshops import WorkshopStore
from tests.unit.conftest import Clock
from ui import seat_cookie
from workshop.codes import normalise_code
from workshop.phases import Phase

SETTINGS = default_workshop_settings()


CLOCK_START = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock(CLOCK_START)


def _service(wstore: WorkshopStore, store: PlanStore, content: Content, clock: Clock,
             settings: Any = SETTINGS, **limits: SlidingWindow) -> WorkshopService:
    return WorkshopService(wstore, PlanService(store, content), content, settings,
                           clock=clock, **limits)


@pytest.fixture
def svc(wstore: WorkshopStore, store: PlanStore, content: Content, clock: Clock
        ) -> WorkshopService:
    return _service(wstore, store, content, clock)


def _code(shown: str) -> str:
    code = normalise_code(shown)
    assert code is not None
    return code


def _joined(outcome: object) -> Joined:
    assert isinstance(outcome, Joined), outcome
    return outcome


def test_a_held_seat_of_this_workshop_comes_back_with_its_answers(
        svc: WorkshopService, content: Content) -> None:
    created = svc.create(language="nl")
    code = _code(created.code)
    first = _joined(svc.join(created.code, "10.0.0.1"))
    assert not first.again
    svc.advance(created.workshop_id, created.control_secret, Phase.RATE)
    sid = next(iter(svc.rejoin(first.token).votable))  # type: ignore[union-attr]
    svc.vote(first.token, sid, 4)
    # The QR again (or the typed code, in any spelling), with the cookie.
    again = _joined(svc.join(created.code.lower(), "10.0.0.1", held={code: first.token}))
    assert again == Joined(first.token, created.workshop_id, first.seat, again=True)
    assert svc.participants(created.workshop_id, created.control_secret) == [1]
    assert svc.rejoin(again.token).own == {sid: 4}  # type: ignore[union-attr]
    # Another browser (no cookie, or a cookie of other workshops only): a new seat.
    other = _joined(svc.join(created.code, "10.0.0.2", held={"ZZZZZZ": first.token}))
    assert not other.again and other.seat == 2 and other.token != first.token
    assert svc.results(created.workshop_id).participants == 2


@pytest.mark.parametrize("tampered", ["", "x" * 32, "not a token at all", "A" * 300,
                                      "' or 1=1 --", "<script>alert(1)</script>"])
def test_a_tampered_cookie_leads_to_a_normal_new_join(svc: WorkshopService,
                                                      tampered: str) -> None:
    created = svc.create(language="nl")
    joined = _joined(svc.join(created.code, "10.0.0.1", held={_code(created.code): tampered}))
    assert not joined.again and joined.seat == 1 and joined.token != tampered


def test_a_token_of_another_workshop_never_opens_its_seat_here(svc: WorkshopService) -> None:
    mine, theirs = svc.create(language="nl"), svc.create(language="en")
    foreign = _joined(svc.join(theirs.code, "10.0.0.9"))
    # The other workshop's token put under this workshop's cookie name.
    joined = _joined(svc.join(mine.code, "10.0.0.1", held={_code(mine.code): foreign.token}))
    assert not joined.again and joined.workshop_id == mine.workshop_id
    assert joined.token != foreign.token
    assert svc.rejoin(foreign.token).workshop_id == theirs.workshop_id  # type: ignore[union-attr]


def test_a_removed_participant_does_not_come_back_through_the_cookie(
        svc: WorkshopService) -> None:
    created = svc.create(language="nl")
    removed = _joined(svc.join(created.code, "10.0.0.1"))
    svc.remove_participant(created.workshop_id, created.control_secret, removed.seat)
    joined = _joined(svc.join(created.code, "10.0.0.1",
                              held={_code(created.code): removed.token}))
    assert not joined.again and joined.token != removed.token and joined.seat == 2
    assert svc.rejoin(removed.token) is None
    assert svc.seat(removed.token, "10.0.0.1") is None


def test_a_simulated_participant_is_no_seat_to_hold(svc: WorkshopService) -> None:
    created = svc.create(language="nl", rehearsal=True)
    svc.simulate(created.workshop_id, created.control_secret, 1, seed=1)
    simulated = svc.store.participant(
        next(t for t in _tokens(svc, created.workshop_id)))
    assert simulated is not None and simulated.simulated
    joined = _joined(svc.join(created.code, "10.0.0.1",
                              held={_code(created.code): simulated.token}))
    assert not joined.again
    assert svc.seat(simulated.token, "10.0.0.1") is None


def _tokens(svc: WorkshopService, workshop_id: str) -> list[str]:
    from sqlalchemy import select

    from storage.workshops import ParticipantRow
    with svc.store.engine.connect() as conn:
        return list(conn.scalars(select(ParticipantRow.token)
                                 .where(ParticipantRow.workshop_id == workshop_id)))


def test_rate_limits_still_apply_and_a_held_seat_is_no_new_join(
        wstore: WorkshopStore, store: PlanStore, content: Content, clock: Clock) -> None:
    svc = _service(wstore, store, content, clock,
                   address_limiter=SlidingWindow(2, 60), code_limiter=SlidingWindow(1, 60))
    created = svc.create(language="nl")
    code = _code(created.code)
    first = _joined(svc.join(created.code, "10.0.0.1"))
    # The code took its one join this window, a held seat still comes back ...
    assert _joined(svc.join(created.code, "10.0.0.1", held={code: first.token})).again
    assert isinstance(svc.join(created.code, "10.0.0.2"), Refused)
    # ... but an address refused for its failed attempts is refused, cookie or not.
    for _ in range(2):
        svc.join("AAA-AAA", "10.9.9.9")
    assert isinstance(svc.join(created.code, "10.9.9.9", held={code: first.token}), Refused)
    # Unknown tokens asked for a cookie count as failed attempts too.
    assert svc.seat("y" * 32, "10.8.8.8") is None
    assert svc.seat("y" * 32, "10.8.8.8") is None
    assert isinstance(svc.join(created.code, "10.8.8.8"), Refused)


def test_a_held_seat_comes_back_like_its_link_in_a_full_closed_or_expired_workshop(
        wstore: WorkshopStore, store: PlanStore, content: Content, clock: Clock) -> None:
    small = SETTINGS.model_copy(update={"max_participants": 1})
    svc = _service(wstore, store, content, clock, small)
    created = svc.create(language="nl")
    code = _code(created.code)
    first = _joined(svc.join(created.code, "10.0.0.1"))
    assert svc.join(created.code, "10.0.0.2") == Full()
    assert _joined(svc.join(created.code, "10.0.0.1", held={code: first.token})).again
    for phase in (Phase.RATE, Phase.REVEAL, Phase.DISCUSS, Phase.DECIDE, Phase.CLOSE):
        svc.advance(created.workshop_id, created.control_secret, phase)
    assert svc.join(created.code, "10.0.0.2") == WorkshopClosed()
    assert _joined(svc.join(created.code, "10.0.0.1", held={code: first.token})).again
    clock.now += timedelta(hours=SETTINGS.code_valid_hours)
    assert svc.join(created.code, "10.0.0.2") == CodeExpired()
    assert _joined(svc.join(created.code, "10.0.0.1", held={code: first.token})).again


def test_the_seat_lives_as_long_as_the_workshop_is_kept(svc: WorkshopService,
                                                        clock: Clock) -> None:
    days = SETTINGS.retention.default_days
    created = svc.create(language="nl")
    token = _joined(svc.join(created.code, "10.0.0.1")).token
    assert svc.seat(token, "10.0.0.1") == Seat(_code(created.code), days * 24 * 3600)
    clock.now += timedelta(days=1)
    assert svc.seat(token, "10.0.0.1") == Seat(_code(created.code), (days - 1) * 24 * 3600)
    shorter = svc.create(language="en", retention_days=SETTINGS.retention.min_days)
    other = _joined(svc.join(shorter.code, "10.0.0.1")).token
    assert svc.seat(other, "10.0.0.1") == Seat(
        _code(shorter.code), SETTINGS.retention.min_days * 24 * 3600)
    assert svc.seat(None, "10.0.0.1") is None and svc.seat("", "10.0.0.1") is None


# ------------------------------------------------------------ the cookie itself
def test_held_seats_reads_only_the_seat_cookies() -> None:
    cookies = {"vonk_seat_K7M2NP": "tok1", "vonk_seat_": "x", "vonk_route": "abc",
               "_streamlit_xsrf": "y", "vonk_seat_AAAAAA": ""}
    assert seat_cookie.held_seats(cookies) == {"K7M2NP": "tok1"}
    assert seat_cookie.cookie_name("K7M2NP") == "vonk_seat_K7M2NP"


@pytest.mark.parametrize(("headers", "allowed"), [
    ({"origin": "http://127.0.0.1:8701", "host": "127.0.0.1:8701"}, True),
    ({"origin": "https://vonk.hs.nl", "host": "VONK.hs.nl"}, True),
    ({"origin": "https://evil.example", "host": "vonk.hs.nl"}, False),
    ({"origin": "null", "host": "vonk.hs.nl"}, False),
    ({"host": "vonk.hs.nl"}, False),
    ({"origin": "https://vonk.hs.nl"}, False),
])
def test_only_the_page_itself_may_set_a_seat(headers: dict[str, str], allowed: bool) -> None:
    assert seat_cookie.same_origin(headers) is allowed


def test_secure_when_the_request_came_over_https() -> None:
    assert seat_cookie.is_https("https", {})
    assert seat_cookie.is_https("http", {"x-forwarded-proto": "https"})
    assert not seat_cookie.is_https("http", {})
    assert not seat_cookie.is_https("http", {"x-forwarded-proto": "http"})


def _post(app: Any, body: bytes, headers: dict[str, str],
          scheme: str = "http") -> tuple[int, list[tuple[bytes, bytes]]]:
    """One POST to an ASGI app (no HTTP client library needed)."""
    sent: list[dict[str, Any]] = []
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "POST", "scheme": scheme, "path": "/J/seat", "raw_path": b"/J/seat",
             "root_path": "", "query_string": b"", "client": ("10.1.1.1", 5000),
             "server": ("127.0.0.1", 8701),
             "headers": [(k.encode(), v.encode()) for k, v in headers.items()]}
    messages = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    # In a thread of its own: in a whole test run the browser tests' Playwright
    # (sync API) keeps an event loop running in this thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start["status"], start.get("headers", [])


def _cookies(headers: list[tuple[bytes, bytes]]) -> list[str]:
    return [v.decode() for k, v in headers if k.lower() == b"set-cookie"]


def test_the_route_sets_the_cookie_only_for_a_live_seat_and_its_own_page(
        svc: WorkshopService, monkeypatch: pytest.MonkeyPatch) -> None:
    from starlette.routing import Router

    import ui.resources
    monkeypatch.setattr(ui.resources, "get_workshop_service", lambda: svc)
    app = Router(routes=seat_cookie.seat_routes())
    created = svc.create(language="nl")
    token = _joined(svc.join(created.code, "10.0.0.1")).token
    own = {"origin": "http://127.0.0.1:8701", "host": "127.0.0.1:8701",
           "content-type": "text/plain"}

    status, headers = _post(app, token.encode(), own)
    assert status == 204
    (cookie,) = _cookies(headers)
    parts = [p.strip() for p in cookie.split(";")]
    assert parts[0] == f"vonk_seat_{_code(created.code)}={token}"
    lowered = [p.lower() for p in parts]
    assert "httponly" in lowered and "samesite=lax" in lowered and "path=/" in lowered
    assert f"max-age={SETTINGS.retention.default_days * 24 * 3600}" in lowered
    assert "secure" not in lowered
    # Over https (the proxy says so): Secure as well.
    _, headers = _post(app, token.encode(), {**own, "x-forwarded-proto": "https"})
    assert "secure" in [p.strip().lower() for p in _cookies(headers)[0].split(";")]
    # Another site's page, or no Origin: refused, no cookie.
    for headers_in in ({**own, "origin": "https://evil.example"},
                       {k: v for k, v in own.items() if k != "origin"}):
        status, headers = _post(app, token.encode(), headers_in)
        assert status == 403 and _cookies(headers) == []
    # An unknown token, a removed participant, rubbish: 204 without a cookie.
    svc.remove_participant(created.workshop_id, created.control_secret, 1)
    for body in (token.encode(), b"z" * 32, b"", b"x" * 1000, "é".encode()):
        status, headers = _post(app, body, own)
        assert status == 204 and _cookies(headers) == []
