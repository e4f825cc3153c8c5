"""What the browser still holds after the server restarted.

When the server process is restarted (a deploy, a crash), an open tab reconnects
to a *new* session: Streamlit's session state is empty, but the browser sends the
widget values it shows, including a click made while the server was away or
right after it came back. Such a value has arrived but no widget of this session
has been drawn for it yet, so no callback ran: without care the click is lost and
the widget silently falls back to the stored answer (issue 7, part 1).

`arrived_unhandled(key)` tells a widget that this is the case (ui/questions.py):
the tab then shows the stored answer and tells the user that a choice just made
was not saved, rather than saving a value the user may not have chosen (a tab that
was away for a while may show answers changed since in another tab). Streamlit has no public API
for it: this module reads ``SessionState._new_widget_state`` (Streamlit 1.67;
pyproject.toml pins 1.67.x), and tests/browser/test_reconnect.py checks the real
behaviour by killing and restarting a server under an open tab.
"""

from __future__ import annotations

from streamlit.runtime.state.common import user_key_from_element_id
from streamlit.runtime.state.session_state_proxy import get_session_state


def arrived_unhandled(user_key: str) -> bool:
    """True when the browser sent a value for the widget with this key that this
    session has never drawn (a tab reconnected to a restarted server)."""
    try:
        widgets = get_session_state()._state._new_widget_state
    except (AttributeError, RuntimeError):
        return False
    return any(user_key_from_element_id(wid) == user_key and wid not in widgets.widget_metadata
               for wid in widgets.states)
