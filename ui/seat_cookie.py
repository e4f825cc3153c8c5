"""A phone's seat, remembered by its browser: one functional cookie per workshop.

After joining, a participant's token stands only in the address (``?p=…``). When
the phone scans the QR again, opens the join link in a new tab, or the browser
drops the query string, that address is gone; without more the phone would get a
second seat (the room's count goes up, its answers are no longer its own). So the
browser also keeps the token in a cookie named after the workshop's code,
``vonk_seat_K7M2NP``, and a join with that code (by the QR's route, ``?code=`` or a
typed code) gives that seat back when the service confirms the token is a live
participant of that very workshop (`WorkshopService.join(held=...)`): a tampered,
foreign, unknown or removed token simply leads to a normal new join.

The cookie is set by the server, never written by a script: once per session the
phone page sends a small script that POSTs the token to the route below (same
origin only), whose response sets the cookie — HttpOnly (no script can read it),
SameSite=Lax, Path=/, Secure when the request came over https (directly or through
the proxy, ``X-Forwarded-Proto``), and Max-Age until the workshop is deleted (its
retention, content/workshop.yaml), so it ends with the workshop's data. No page
reload and no new session: the phone stays where it is. The page reads the cookies
with ``st.context.cookies`` (sent with the websocket's handshake, so a tab opened
after the cookie was set has it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import streamlit as st

from ui import session

COOKIE_PREFIX = "vonk_seat_"  # + the workshop's code as stored (K7M2NP)
SEAT_ROUTE = "J/seat"  # relative to the page, like the QR's /J/CODE route
LOOPBACK = frozenset({"127.0.0.1", "::1"})  # st.context.ip_address gives None for these
MAX_BODY = 256  # bytes: a token is 24 characters; anything this long is not one


def cookie_name(code: str) -> str:
    """The cookie that holds this browser's seat in the workshop with `code`
    (normalised, as stored)."""
    return COOKIE_PREFIX + code


def held_seats(cookies: Mapping[str, str]) -> dict[str, str]:
    """The seats a browser remembers, code → token, from its cookies (everything
    else is left out). What the values hold is for the service to check."""
    return {name[len(COOKIE_PREFIX):]: value for name, value in cookies.items()
            if name.startswith(COOKIE_PREFIX) and len(name) > len(COOKIE_PREFIX)
            and isinstance(value, str) and value}


def browser_seats() -> dict[str, str]:
    """The seats this session's browser sent with its websocket's handshake."""
    try:
        return held_seats(st.context.cookies)
    except (AttributeError, RuntimeError):
        return {}


_SCRIPT = """<script data-seat>
fetch(new URL({route}, window.location.href), {{
  method: "POST", credentials: "same-origin", cache: "no-store",
  headers: {{"Content-Type": "text/plain"}}, body: {token}
}}).catch(() => {{}});
</script>"""


def remember(token: str, code: str) -> None:
    """On the phone page's full run: have the server set this seat's cookie, once
    per session and only when the browser does not hold it already."""
    if session.seat_remembered() == token or browser_seats().get(code) == token:
        return
    session.set_seat_remembered(token)
    st.html(_SCRIPT.format(route=json.dumps(SEAT_ROUTE), token=json.dumps(token)),
            unsafe_allow_javascript=True, width="content")


# ------------------------------------------------------------------ the route
def same_origin(headers: Mapping[str, str]) -> bool:
    """Only the page itself may set a seat: the browser's Origin must name the host
    the request was sent to (nginx passes the Host on, deploy/nginx/vonk.conf). A
    form or fetch of another site carries that site's Origin; no Origin at all (not
    a browser's POST) is refused too."""
    origin, host = headers.get("origin", ""), headers.get("host", "")
    return bool(origin and host) and urlsplit(origin).netloc.lower() == host.lower()


def is_https(scheme: str, headers: Mapping[str, str]) -> bool:
    forwarded = headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return scheme == "https" or forwarded == "https"


def _address(host: str | None) -> str | None:
    """The address as ``st.context.ip_address`` gives it (None for loopback), so the
    route counts a client under the same key as its pages."""
    return None if host in LOOPBACK else host


def seat_routes() -> list[Any]:
    """POST /J/seat with the token as the body: 204, with the seat's cookie when the
    token is a live participant (and without it otherwise: nothing tells a guesser
    more, and the miss counts against its address like a wrong code)."""
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    from services.attempts import client_key
    from ui.resources import get_workshop_service

    async def set_seat(request: Request) -> Response:
        if not same_origin(request.headers):
            return Response(status_code=403)
        body = await request.body()
        token = body[:MAX_BODY + 1].decode("ascii", "replace").strip()
        response = Response(status_code=204, headers={"Cache-Control": "no-store"})
        if not token or len(body) > MAX_BODY:
            return response
        client = client_key(_address(request.client.host if request.client else None))
        seat = await run_in_threadpool(get_workshop_service().seat, token, client)
        if seat is not None:
            response.set_cookie(cookie_name(seat.code), token,
                                max_age=seat.seconds_left,
                                path="/", secure=is_https(request.url.scheme, request.headers),
                                httponly=True, samesite="lax")
        return response

    return [Route(f"/{SEAT_ROUTE}", set_seat, methods=["POST"])]
