"""The interface language: a switch bound to the ``lang`` URL parameter, and
``t(key)`` to look up a text in content/ui/<lang>.yaml."""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Iterator
from typing import Any

import streamlit as st

from content.labels import message
from content.models import LANGUAGES
from ui.resources import get_content
from ui.session import LANG as LANG_KEY

DEFAULT_LANG = LANGUAGES[0]


# The language of the page run in progress on this thread, from the switch at the
# top of the page to the end of the run (see `language_per_run`). A page asks for
# it some 200 times a run, and reading a widget's value from session state is
# the slow part of that (~1 ms a run); outside that window (callbacks, which run
# before the page, and fragments) it is read from session state each time.
_this_run = threading.local()


def lang() -> str:
    known: str | None = getattr(_this_run, "language", None)
    if known is not None:
        return known
    value = st.session_state.get(LANG_KEY)
    return value if value in LANGUAGES else DEFAULT_LANG


def language_per_run(run: Callable[[], None]) -> Callable[[], None]:
    """For the entry script's run: the language the switch shows is kept from the
    switch to the end of the run (nothing changes it in between), and forgotten
    when the run ends, however it ends (st.rerun, st.stop, an error)."""

    @functools.wraps(run)
    def wrapper() -> None:
        _this_run.__dict__.pop("language", None)
        try:
            run()
        finally:
            _this_run.__dict__.pop("language", None)

    return wrapper


@contextlib.contextmanager
def language_kept() -> Iterator[None]:
    """For a fragment's own run (the page around it does not run, nor its switch):
    the language is read once, kept to the end of the fragment and then forgotten."""
    _this_run.__dict__.pop("language", None)
    _this_run.language = lang()
    try:
        yield
    finally:
        _this_run.__dict__.pop("language", None)


def t(key: str, **params: Any) -> str:
    """The text of `key` in the run's language (content/labels.message: a count of
    one takes the key's singular, when it has one)."""
    return message(get_content().messages[lang()], key, **params)


def language_switch() -> None:
    """NL/EN switch. The choice is mirrored in the URL (?lang=en), so a copied link
    or a refresh keeps the language; Dutch, the default, needs no parameter."""
    if st.session_state.get(LANG_KEY) not in LANGUAGES:
        # First run of a session: take ?lang= from the URL (anything else: Dutch).
        wanted = (st.query_params.get(LANG_KEY) or "").lower()
        st.session_state[LANG_KEY] = wanted if wanted in LANGUAGES else DEFAULT_LANG
    st.segmented_control(
        "Taal / Language", options=list(LANGUAGES), key=LANG_KEY, required=True,
        format_func=str.upper, label_visibility="collapsed")
    if lang() == DEFAULT_LANG:
        if LANG_KEY in st.query_params:
            del st.query_params[LANG_KEY]
    elif st.query_params.get(LANG_KEY) != lang():
        st.query_params[LANG_KEY] = lang()
    _this_run.language = lang()  # until the run ends (language_per_run)


def url_params() -> dict[str, str]:
    """The language part of the URL, to carry across page switches."""
    return {} if lang() == DEFAULT_LANG else {LANG_KEY: lang()}


def document_language_script() -> str:
    """Keeps <html lang> equal to the chosen language (the server sets it on first
    load from ?lang=; this keeps it right after a switch without a reload)."""
    return f"<script>document.documentElement.lang = {lang()!r};</script>"
