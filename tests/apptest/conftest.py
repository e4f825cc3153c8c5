"""AppTest fixtures: each test gets its own database and fresh caches."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ui import legacy_pages

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def navigation_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every page through app.py, as the real server does (ui/legacy_pages.py)."""
    legacy_pages.keep_off_after_reset(monkeypatch.setattr)


@pytest.fixture(autouse=True)
def isolated_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("VONK_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("VONK_DATABASE_URL", raising=False)
    from storage import database_url
    from storage.migrate import upgrade_database

    upgrade_database(database_url())  # as run_app.sh does before the server starts
    st.cache_resource.clear()
    st.cache_data.clear()
    yield tmp_path
    st.cache_resource.clear()


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    assert not at.exception
    return at
