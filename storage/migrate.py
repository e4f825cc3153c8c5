"""Schema migrations, run by the app itself at start (never by hand).

`upgrade(engine)` brings any Vonk database to the newest schema: a new database
is created from scratch, a database made by the first release (before migrations
existed: tables but no `alembic_version`) is recognised and upgraded in place.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
FIRST_RELEASE = "0001"


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
