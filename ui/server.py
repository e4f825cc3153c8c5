"""Server-side set-up for ``streamlit run app.py`` (st.App / ASGI mode).

- ``HtmlLangMiddleware`` serves the page shell with ``<html lang="nl">`` (or the
  language in ``?lang=``) instead of Streamlit's hard-coded ``lang="en"``.
- ``prepare_server`` checks the content, the settings and the database and brings
  the schema to head (services.startup); when any of that fails it prints what to
  fix and exits with status 1 before serving anyone. It then warms the heavy
  imports and the content once, so the first sessions do not race to import
  pandas/plotly, and switches Streamlit's legacy ``pages/`` auto-discovery off
  (ui/legacy_pages.py says why).
"""

from __future__ import annotations

import gc
import re
import sys
from typing import Any, NoReturn
from urllib.parse import parse_qs

import streamlit as st

from content.models import LANGUAGES

Scope = dict[str, Any]
_HTML_LANG = re.compile(rb'<html lang="[a-zA-Z-]*"')
_SKIP_PREFIXES = ("/_stcore", "/static", "/component", "/media", "/app/static")


class HtmlLangMiddleware:
    """Pure ASGI middleware: rewrite the lang attribute of HTML responses."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if scope.get("type") != "http" or scope.get("method") != "GET" or \
                path.startswith(_SKIP_PREFIXES):
            await self.app(scope, receive, send)
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        wanted = (query.get("lang") or [LANGUAGES[0]])[0].lower()
        lang = wanted if wanted in LANGUAGES else LANGUAGES[0]
        # Ask for an uncompressed page shell (it is small) so it can be rewritten.
        headers = [(k, v) for k, v in scope.get("headers", []) if k != b"accept-encoding"]
        scope = {**scope, "headers": headers}
        start: dict[str, Any] | None = None
        chunks: list[bytes] = []

        async def send_wrapper(message: dict[str, Any]) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                content_type = dict(message.get("headers", [])).get(b"content-type", b"")
                if content_type.startswith(b"text/html"):
                    start = message
                    return
                await send(message)
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                body = _HTML_LANG.sub(f'<html lang="{lang}"'.encode(), b"".join(chunks), 1)
                new_headers = [(k, v) for k, v in start.get("headers", [])
                               if k != b"content-length"]
                new_headers.append((b"content-length", str(len(body)).encode()))
                await send({**start, "headers": new_headers})
                await send({"type": "http.response.body", "body": body})
            else:
                await send(message)

        await self.app(scope, receive, send_wrapper)


def join_routes() -> list[Any]:
    """The QR code's short route: /J/K7M2NP (or /j/…) redirects to the join page
    with the code, which joins at once. Relative, so it works under a base path."""
    from urllib.parse import quote

    from starlette.requests import Request
    from starlette.responses import RedirectResponse
    from starlette.routing import Route

    from workshop.codes import MAX_TYPED

    async def redirect(request: Request) -> RedirectResponse:
        typed = str(request.path_params.get("code", ""))[:MAX_TYPED]
        return RedirectResponse(f"../doe-mee?code={quote(typed, safe='')}", status_code=303)

    return [Route(f"/{prefix}/{{code:str}}", redirect, methods=["GET"]) for prefix in "Jj"]


def prepare_server() -> None:
    """Once per server process, before any session. If Vonk cannot serve (broken
    content, an unusable setting, a database it cannot reach, prepare or write),
    the operator gets the lines naming what to fix on stderr and the process exits
    with status 1: no traceback, no password, nobody served."""
    from services.startup import StartupFailed, prepare_all
    from ui import fragments, legacy_pages

    try:
        prepare_all()
    except StartupFailed as failed:
        stop_server(failed.lines)
    legacy_pages.switch_off()
    fragments.install()  # a click for a fragment a session does not hold: a full run

    # Warm the heavy imports once, before sessions race to import them.
    import pandas  # noqa: F401
    import plotly.graph_objects  # noqa: F401

    import charts  # noqa: F401
    import guidance  # noqa: F401
    import services  # noqa: F401  (sqlalchemy)
    import ui.questions
    import ui.results_view
    import ui.shell  # noqa: F401
    from content.loader import default_content

    default_content()
    gc.freeze()  # long-lived objects out of the collector's way (bench/README.md)
    announce_ready()


def stop_server(lines: list[str]) -> NoReturn:
    """Print why Vonk cannot start and end the process with status 1. Raised while
    uvicorn imports app.py, SystemExit ends `streamlit run` cleanly (checked with
    Streamlit 1.67: exit status 1, no traceback)."""
    print("\n".join(lines), file=sys.stderr, flush=True)
    raise SystemExit(1)


def announce_ready() -> None:
    """Streamlit 1.67 prints "You can now view your Streamlit app in your browser"
    before uvicorn imports app.py (UvicornRunner.run in
    streamlit/web/server/starlette/starlette_server.py), so before the checks of
    `prepare_server` have run. With ``logger.hideWelcomeMessage = true`` it prints
    nothing, and Vonk prints the same lines here, once the checks passed: the line
    then means the app is ready."""
    from streamlit import config
    from streamlit.web.server import server_util

    if not config.get_option("logger.hideWelcomeMessage"):
        return  # Streamlit has printed it already
    address = config.get_option("server.address")
    if config.is_manually_set("browser.serverAddress"):
        host = config.get_option("browser.serverAddress")
    elif address and address not in ("0.0.0.0", "::"):
        host = address
    else:
        host = "localhost"
    print(f"\n  You can now view your Streamlit app in your browser.\n\n"
          f"  URL: {server_util.get_url(host)}\n", flush=True)


def show_script_error(exc: BaseException) -> bool:
    """Uncaught errors: a calm message instead of a traceback. The one place where
    a storage failure of any page or callback is explained in the user's language;
    anything else gets a message in both languages. Answers are saved as they are
    given, so nothing is lost."""
    import logging

    from services import PlanNotFound, StorageUnavailable
    from ui.i18n import t

    if isinstance(exc, StorageUnavailable):
        logging.getLogger("vonk").warning("storage unavailable: %s", exc.__cause__ or exc)
        st.error(t("plan.storage_unavailable"), icon=":material/cloud_off:")
        return True
    if isinstance(exc, PlanNotFound):
        logging.getLogger("vonk").info("plan not found (deleted meanwhile?)")
        st.error(t("plan.gone"), icon=":material/error:")
        return True
    logging.getLogger("vonk").exception("uncaught error in a page", exc_info=exc)
    st.error("Er ging iets mis bij het tonen van deze pagina. Wat Vonk als opgeslagen "
             "heeft gemeld, blijft bewaard; laad de pagina opnieuw.\n\nSomething went wrong "
             "showing this page. What Vonk reported as saved stays saved; please reload "
             "the page.", icon=":material/error:")
    return True
