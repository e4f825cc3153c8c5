"""What a server process does once before it serves anyone: bring the database
schema to the newest version (a no-op when ``python -m storage.migrate`` already
did; locked, so several servers starting together are safe)."""

from __future__ import annotations

from storage import database_url
from storage.migrate import prepare


def prepare_storage() -> str:
    """The schema revision now current in the configured database; raises
    StorageUnavailable (with the reason) when the database cannot be prepared."""
    return prepare(database_url())
