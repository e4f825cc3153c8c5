"""What a server process checks and does once before it serves anyone, so that it
either starts ready or does not start at all (ui/server.py exits with status 1):

- the content folder is valid (content.loader; every problem listed);
- the limit settings are usable (services/attempts.py);
- the database is reachable, at the newest schema and takes writes: the schema is
  brought to head (a no-op when ``python -m storage.migrate`` already did; locked,
  so several servers starting together are safe);
- live workshops past their retention (content/workshop.yaml `retention`, per
  workshop within its bounds) are deleted with their participants, votes and
  agreed actions; a scenario saved from one is a plan and stays;
- networks (check-ins) past their undo window (deleted by their initiator) or
  their retention (content/checkins.yaml `retention`) are deleted with every
  answer, story and learning question in them; their plan stays.

Each failure is one line for the operator naming the setting or file to fix and
the reason, never a traceback and never a password.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from content.checkins import default_checkins
from content.loader import ContentError, default_content
from content.workshop import default_workshop_prompts, default_workshop_settings
from services.attempts import SettingError, limits_from_settings
from services.checkins import purge_networks
from storage.checkins import NetworkStore
from storage.errors import StorageUnavailable
from storage.migrate import not_ready_line, prepare
from storage.settings import database_setting, database_url
from storage.workshops import WorkshopStore


class StartupFailed(Exception):
    """The server must not start; `lines` say what to fix (one problem a line)."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


def prepare_storage() -> str:
    """The schema revision now current in the configured database; raises
    StartupFailed (naming VONK_DATABASE_URL or VONK_DATA_DIR, with the reason) when
    the database cannot be reached, prepared or written."""
    setting = database_setting()
    url = ""
    try:
        url = database_url()  # creates VONK_DATA_DIR for SQLite
        return prepare(url)
    except OSError as exc:  # the data folder cannot be created
        reason = f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc)
        raise StartupFailed([not_ready_line(setting, url, reason)]) from exc
    except StorageUnavailable as exc:
        raise StartupFailed([not_ready_line(setting, url, str(exc))]) from exc


def _utc_now() -> datetime:
    return datetime.now(UTC)


def purge_expired_workshops(clock: Callable[[], datetime] = _utc_now) -> int:
    """Delete the workshops whose retention ended (WorkshopStore.purge); how many.
    StartupFailed naming the database setting when the database refuses."""
    setting, url = database_setting(), database_url()
    store = WorkshopStore(url)
    try:
        return store.purge(clock())
    except StorageUnavailable as exc:
        raise StartupFailed([not_ready_line(setting, url, str(exc))]) from exc
    finally:
        store.dispose()


def purge_expired_networks(clock: Callable[[], datetime] = _utc_now) -> int:
    """Delete the networks past their undo window or retention (services.checkins.
    purge_networks); how many. StartupFailed naming the database setting when the
    database refuses."""
    setting, url = database_setting(), database_url()
    store = NetworkStore(url)
    try:
        return purge_networks(store, default_checkins(), clock())
    except StorageUnavailable as exc:
        raise StartupFailed([not_ready_line(setting, url, str(exc))]) from exc
    finally:
        store.dispose()


def check_content() -> None:
    """Raises StartupFailed listing every problem of the content files."""
    try:
        default_content()
        default_workshop_settings()  # content/workshop.yaml
        default_workshop_prompts()  # content/workshop_prompts.yaml
        default_checkins()  # content/checkins.yaml and its texts
    except ContentError as exc:
        raise StartupFailed(exc.lines("; fix them and start again")) from exc


def check_settings() -> None:
    try:
        limits_from_settings()
    except SettingError as exc:
        raise StartupFailed([f"Vonk setting not usable: {exc}"]) from exc


def prepare_all() -> str:
    """Every check above (content first: it needs no server), then the purge of
    expired workshops and networks; raises StartupFailed with the lines of every failure;
    returns the schema revision."""
    lines: list[str] = []
    revision = ""
    for check in (check_content, check_settings):
        try:
            check()
        except StartupFailed as failed:
            lines.extend(failed.lines)
    try:
        revision = prepare_storage()
        purge_expired_workshops()
        if not lines:  # the purge of networks reads content/checkins.yaml
            purge_expired_networks()
    except StartupFailed as failed:
        lines.extend(failed.lines)
    if lines:
        raise StartupFailed(lines)
    return revision
