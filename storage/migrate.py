"""Schema migrations: an explicit, concurrency-safe step before the server starts.

`python -m storage.migrate` (run by scripts/run_app.sh) brings the database named by
the settings (VONK_DATABASE_URL, or SQLite in VONK_DATA_DIR) to the newest schema;
the server calls the same `upgrade_database` at start, so `streamlit run app.py`
on its own works too. `PlanStore` never migrates.

`upgrade_database(url)` is safe when several processes start together: on
PostgreSQL the upgrade's transaction first takes an advisory lock; on a SQLite file
the whole upgrade holds an exclusive lock on `<dbfile>.migrate.lock`. A database
already at the newest schema is left alone without taking any lock.

Both also check that the database takes writes (`check_writable`: writes that
change nothing, rolled back), so a read-only database or one whose privileges were
taken away is refused at start instead of losing the first answer.

`upgrade(engine)` does the work: a new database is created from scratch, a database
made by the first release (before migrations existed: tables but no
`alembic_version`) is recognised and upgraded in place.
"""

from __future__ import annotations

import fcntl
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import DBAPIError

from storage.errors import StorageUnavailable

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
FIRST_RELEASE = "0001"
# pg_advisory_xact_lock key of the migration ("Vonk" in ASCII); advisory locks are
# per database, so databases sharing a server do not wait for each other.
ADVISORY_LOCK_KEY = 0x566F6E6B
_USERINFO = re.compile(r"(://[^:/@\s]*:)[^@\s]*@")


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head() -> str:
    heads = ScriptDirectory.from_config(_config()).get_heads()
    assert len(heads) == 1, heads
    return heads[0]


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, target: str = "head") -> None:
    cfg = _config()
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:
            # SQLite alters a table by copying it and dropping the old one; with
            # foreign keys on, that drop would cascade and delete every answer.
            # The pragma only works outside a transaction, hence before begin().
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        with conn.begin():
            if engine.dialect.name == "postgresql":
                # First statement of the transaction: another process upgrading
                # the same database waits here until this one commits, then finds
                # the schema current. Released at commit or rollback.
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                             {"key": ADVISORY_LOCK_KEY})
            cfg.attributes["connection"] = conn
            tables = set(inspect(conn).get_table_names())
            if "plans" in tables and "alembic_version" not in tables:
                command.stamp(cfg, FIRST_RELEASE)  # a database from before migrations
            command.upgrade(cfg, target)
            if sqlite:
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration left broken references: {broken[:5]}")
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        return create_engine(url, connect_args={"timeout": 15})
    return create_engine(url)


def _sqlite_file(url: URL) -> Path | None:
    """The database file of a SQLite URL; None for an in-memory database."""
    database = url.database or ""
    if database.startswith("file:"):  # URI filename (?uri=true)
        if url.query.get("mode") == "memory":
            return None
        database = database.removeprefix("file:").split("?", 1)[0]
    if database in ("", ":memory:"):
        return None
    return Path(database)


@contextmanager
def _file_lock(url: URL) -> Iterator[None]:
    """Exclusive lock on `<dbfile>.migrate.lock` for a SQLite file; else nothing
    (PostgreSQL and other servers lock inside the upgrade's transaction)."""
    db_file = _sqlite_file(url) if url.get_backend_name() == "sqlite" else None
    if db_file is None:
        yield
        return
    with open(f"{db_file}.migrate.lock", "a") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)  # waits for another process
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def check_writable(engine: Engine) -> None:
    """Raise (a database exception) unless the tables of plans and answers take
    writes: a read-only database (file, transaction default, replica) or revoked
    privileges fail here. The statements match no row and are rolled back."""
    with engine.connect() as conn, conn.begin() as transaction:
        if engine.dialect.name == "postgresql":
            # Never wait long behind another session's lock: a start-up check.
            conn.execute(text("SET LOCAL lock_timeout = '5s'"))
        conn.execute(text("UPDATE plans SET title = title WHERE 1 = 0"))
        conn.execute(text("INSERT INTO answers SELECT * FROM answers WHERE 1 = 0"))
        conn.execute(text("UPDATE answers SET revision = revision WHERE 1 = 0"))
        conn.execute(text("DELETE FROM answers WHERE 1 = 0"))
        transaction.rollback()


def upgrade_database(url: str) -> str:
    """Bring the database at `url` to the newest schema, holding a lock so that
    processes starting together are safe, and check that it takes writes; returns
    the revision now current. A database already at the newest schema is not
    migrated (no lock, nothing written)."""
    newest = head()
    engine = _engine(url)
    try:
        revision = current(engine)
        if revision != newest:
            with _file_lock(engine.url):
                upgrade(engine)
            revision = current(engine)
        check_writable(engine)
    finally:
        engine.dispose()
    assert revision is not None
    return revision


def prepare(url: str) -> str:
    """`upgrade_database` for callers above storage: a failure is StorageUnavailable
    (with the reason, password hidden), never a database exception."""
    try:
        return upgrade_database(url)
    except Exception as exc:  # any failure (driver missing, bad URL, ...): not ready
        raise StorageUnavailable(_without_password(_reason(exc), _password(url))) from exc


def shown_url(url: str) -> str:
    """The URL as it may be shown in a log: password hidden ("" if unparseable)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL at all: show nothing of it
        return ""


def not_ready_line(setting: str, url: str, reason: str) -> str:
    """One line for the operator: which setting to fix and why; no password."""
    shown = shown_url(url) if url else ""
    where = f" ({shown})" if shown else ""
    line = f"Vonk database not ready: check {setting}{where}: {reason}"
    return _without_password(line, _password(url) if url else None)


def _password(url: str) -> str | None:
    try:
        return make_url(url).password if "://" in url else None
    except Exception:
        return None


def is_current(url: str) -> bool:
    """Is the database at `url` at the newest schema?"""
    engine = _engine(url)
    try:
        return current(engine) == head()
    finally:
        engine.dispose()


def _without_password(text_: str, password: str | None) -> str:
    if password:
        text_ = text_.replace(password, "***")
    return _USERINFO.sub(r"\1***@", text_)  # also in a URL that could not be parsed


def _reason(exc: BaseException) -> str:
    """The first line of what went wrong (the driver's own message if any)."""
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    return lines[0] if lines else type(cause).__name__


def main() -> int:
    """`python -m storage.migrate`: one calm line; exit 0 when the schema is ready,
    1 (naming the setting to fix, no traceback, no password) when it is not."""
    from storage.settings import database_setting, database_url

    setting = database_setting()
    url = ""
    try:
        url = database_url()
        revision = upgrade_database(url)
    except Exception as exc:  # one line for the operator, no traceback
        print(not_ready_line(setting, url, _reason(exc)), file=sys.stderr)
        return 1
    print(f"Vonk database ready (schema {revision}): {shown_url(url)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
