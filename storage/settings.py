"""Where Vonk keeps its data: a database URL from the environment.

- ``VONK_DATABASE_URL``: any SQLAlchemy URL, e.g.
  ``postgresql+psycopg://vonk:secret@localhost/vonk``.
- otherwise SQLite in ``VONK_DATA_DIR`` (default: ``data/`` beside app.py),
  file ``vonk.sqlite3``.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
URL_SETTING = "VONK_DATABASE_URL"
DATA_DIR_SETTING = "VONK_DATA_DIR"


def data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_SETTING, PROJECT_DIR / "data"))


def database_setting() -> str:
    """The setting that names the database now: the one to fix when it fails."""
    return URL_SETTING if os.environ.get(URL_SETTING, "").strip() else DATA_DIR_SETTING


def database_url() -> str:
    url = os.environ.get(URL_SETTING, "").strip()
    if url:
        return url
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'vonk.sqlite3'}"
