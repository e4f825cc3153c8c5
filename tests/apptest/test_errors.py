"""The one place storage failures are explained: ui.server.show_script_error, the
handler st.App calls for any uncaught error of a page or a callback."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


def _page_failing_with(kind: str, lang: str) -> AppTest:
    def script() -> None:
        import streamlit as st

        from services import PlanNotFound, StorageUnavailable
        from ui.server import show_script_error

        st.session_state["lang"] = st.query_params.get("lang", "nl")
        error = {"storage": StorageUnavailable("OperationalError"),
                 "gone": PlanNotFound("x" * 24), "other": ZeroDivisionError()}[
            st.query_params["kind"]]
        show_script_error(error)

    at = AppTest.from_function(script, default_timeout=30)
    at.query_params["kind"] = kind
    at.query_params["lang"] = lang
    return at.run()


@pytest.mark.parametrize(("kind", "lang", "expected"), [
    ("storage", "nl", "De opslag van Vonk is nu niet bereikbaar"),
    ("storage", "en", "Vonk's storage cannot be reached right now"),
    ("gone", "nl", "Dit plan is verwijderd"),
    ("other", "nl", "Er ging iets mis bij het tonen van deze pagina"),
])
def test_errors_are_explained_in_the_users_language(kind: str, lang: str,
                                                     expected: str) -> None:
    at = _page_failing_with(kind, lang)
    assert not at.exception
    assert [e.value for e in at.error] and expected in at.error[0].value
    assert "Traceback" not in at.error[0].value and "OperationalError" not in at.error[0].value
