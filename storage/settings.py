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


def data_dir() -> Path:
    return Path(os.environ.get("VONK_DATA_DIR", PROJECT_DIR / "data"))


def database_url() -> str:
    url = os.environ.get("VONK_DATABASE_URL", "").strip()
    if url:
        return url
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'vonk.sqlite3'}"
