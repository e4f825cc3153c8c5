"""Which page a run is for, before ``st.navigation`` is called.

The live workshop's pages (the shared screen, the phones, the facilitator's
controls) use a lighter frame than the scan: no plan read from the URL, no
language switch, no scan navigation (``position="hidden"``). ``st.navigation``
takes the position as an argument and only then says which page runs, so the
frame asks here first, the way ``st.navigation`` itself resolves the page
(PagesManager._resolve_page_script in 1.67): the page hash the browser asked for,
else the URL path of a deep link, else the default page.

Streamlit internals: ``ScriptRunContext.pages_manager.intended_page_script_hash``
and ``intended_page_name``, and ``Page._script_hash`` (1.67; pyproject.toml pins
Streamlit to 1.67.x). Outside a script run (no context) nothing is light.
tests/browser/test_workshop.py opens every workshop page first by a deep link on a
fresh server and then by reruns; tests/apptest/test_workshop_pages.py by
``switch_page``.
"""

from __future__ import annotations

from collections.abc import Sequence

from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.scriptrunner import get_script_run_ctx


def requested_url_path(pages: Sequence[StreamlitPage]) -> str | None:
    """The url_path of the page this run will show; None when it cannot be told
    (the default page is then what st.navigation shows)."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return None
    manager = ctx.pages_manager
    wanted_hash = manager.intended_page_script_hash
    if wanted_hash:
        return next((p.url_path for p in pages if p._script_hash == wanted_hash), None)
    wanted_name = manager.intended_page_name
    if wanted_name:
        return next((p.url_path for p in pages if p.url_path == wanted_name), None)
    return None
