"""Parts of a page that rerun alone (``st.fragment``): an answer in the scan reruns
the rule it belongs to, not the frame around it (language switch, style, menu,
plan name), which is most of a run's cost that an answer does not change.

A part's own run does what the frame's run would have done for it, so nothing a
user sees or is told differs from a full run:

- the plan is read again first (``current_plan.refresh``: a change from another
  tab is shown on the next run, whatever that run is);
- when something the frame shows is to change (a message at the top to show, or
  one shown there to go; a plan just created, deleted or renamed elsewhere: the
  part's ``frame()`` differs from what the frame drew), or a run asks for a rerun
  (ui/browser_state.py), the whole page runs instead (``st.rerun()``);
- the language is read once for the part's run (ui/i18n.language_kept).

Streamlit drops silently a click sent for a fragment that the session does not
hold (1.67: ``AppSession.request_rerun`` returns; "The fragment with id ... does
not exist anymore"). That happens after a server restart (the reconnected tab
sends the old fragment's id to a new session: an answer shown but never saved,
tests/browser/test_reconnect.py) and when a full run just gave the part a new id.
`install()`, called when the server starts (ui/server.prepare_server), makes such
a click a full run, as it would be without fragments, so the widget's callback or
ui/browser_state.py sees it. Timer reruns (``run_every``) are left as Streamlit
handles them. pyproject.toml pins Streamlit 1.67.x; the browser tests check it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable

import streamlit as st

from ui import current_plan, session
from ui.i18n import language_kept


def fragment_only_run() -> bool:
    """True while Streamlit runs only fragments (the page around them does not run)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def _frame_is_stale(name: str, frame: Callable[[], Hashable]) -> bool:
    return (session.flashes_waiting() or session.take_rerun_request()
            or frame() != session.part_frame(name))


def page_part(name: str, frame: Callable[[], Hashable]
              ) -> Callable[[Callable[[], None]], Callable[[], None]]:
    """Decorate the function that draws a part of a page: its widgets rerun only
    it. `frame()` names what the page draws around the part from state the part's
    widgets may change (compared after the callbacks and after the part ran)."""

    def decorate(draw: Callable[[], None]) -> Callable[[], None]:
        @st.fragment
        @functools.wraps(draw)
        def part() -> None:
            if not fragment_only_run():
                session.set_part_frame(name, frame())
                draw()
                return
            with language_kept():
                if session.flashes_shown():
                    st.rerun()  # the full run takes the shown messages away
                current_plan.refresh()
                if _frame_is_stale(name, frame):
                    st.rerun()
                draw()
                if _frame_is_stale(name, frame):
                    st.rerun()

        return part

    return decorate


_installed = False


def install() -> None:
    """A click for a fragment this session does not hold runs the whole page
    (instead of being dropped). Once per process."""
    global _installed
    if _installed:
        return
    from streamlit.proto.ClientState_pb2 import ClientState
    from streamlit.runtime.app_session import AppSession

    original = AppSession.request_rerun

    def request_rerun(self: AppSession, client_state: ClientState | None) -> None:
        if (client_state is not None and client_state.fragment_id
                and not client_state.is_auto_rerun
                and not self.has_fragment(client_state.fragment_id)):
            full = ClientState()
            full.CopyFrom(client_state)
            full.ClearField("fragment_id")
            client_state = full
        original(self, client_state)

    setattr(AppSession, "request_rerun", request_rerun)  # noqa: B010
    _installed = True
