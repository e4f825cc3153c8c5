"""The one workaround for the design card's ``pages/`` folder name.

Streamlit treats a folder named ``pages/`` beside the entry script as a legacy
multipage app: until some session in the process has called ``st.navigation``, a
deep link such as ``/scan?plan=…`` runs ``pages/scan.py`` on its own, without
``app.py`` (no language, no plan from the URL, a legacy menu). Vonk routes every
page through ``st.navigation`` in app.py, so it switches that discovery off:

- the server, once at start (``ui.server.prepare_server``), before any session;
- AppTest, which resets the flag whenever it builds a pages manager, re-applies it
  through ``keep_off_after_reset`` (tests/apptest/conftest.py).

tests/browser/test_deep_link.py checks the real server on exactly this case.
Streamlit internals: ``PagesManager.uses_pages_directory`` (1.67); pyproject.toml
pins Streamlit to 1.67.x because of it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from streamlit.runtime.pages_manager import PagesManager


def switch_off() -> None:
    """The same flag st.navigation sets on its first call, set before any session."""
    PagesManager.uses_pages_directory = False


def keep_off_after_reset(setattr_: Callable[[Any, str, Any], None]) -> None:
    """For AppTest: switch discovery off again after every pages-manager reset.
    `setattr_` is pytest's ``monkeypatch.setattr`` (undone after the test)."""
    original = PagesManager.__init__

    def init(self: PagesManager, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        switch_off()

    setattr_(PagesManager, "__init__", init)
