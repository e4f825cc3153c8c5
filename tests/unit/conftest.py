"""Database fixtures: every storage test runs on SQLite and on a real PostgreSQL.

PostgreSQL comes from VONK_TEST_POSTGRES_URL (scripts/run_tests.sh starts Debian's
server and sets it). Without it the PostgreSQL cases are skipped on a developer's
machine, and fail in CI (CI=true), where they must run.
"""

from __future__ import annotations

import itertools
import os
import secrets
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from storage import PlanStore, migrate
from storage.migrate import upgrade_database
from storage.workshops import WorkshopStore
from tests.conftest import drop_test_database

NewUrl = Callable[[], str]


def postgres_admin_url() -> str:
    """The admin URL of the test PostgreSQL; skips (fails in CI) without one."""
    url = os.environ.get("VONK_TEST_POSTGRES_URL", "").strip()
    if not url:
        if os.environ.get("CI"):
            pytest.fail("VONK_TEST_POSTGRES_URL is not set: CI must test on PostgreSQL")
        pytest.skip("no PostgreSQL for tests (set VONK_TEST_POSTGRES_URL or use run_tests.sh)")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def new_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[NewUrl]:
    """A factory of URLs of new, empty databases of one kind."""
    created: list[str] = []
    numbers = itertools.count()
    admin_url = postgres_admin_url() if request.param == "postgresql" else None

    def make() -> str:
        if admin_url is None:
            return f"sqlite:///{tmp_path / f'db-{next(numbers)}.sqlite3'}"
        name = f"vonk_test_{secrets.token_hex(6)}"
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        created.append(name)
        return make_url(admin_url).set(database=name).render_as_string(hide_password=False)

    yield make
    if admin_url is not None:
        for name in created:
            drop_test_database(admin_url, name)


@pytest.fixture
def db_url(new_db_url: NewUrl) -> str:
    """The URL of a new database at the newest schema."""
    url = new_db_url()
    upgrade_database(url)
    return url


@pytest.fixture
def store(new_db_url: NewUrl) -> Iterator[PlanStore]:
    url = new_db_url()
    upgrade_database(url)  # as run_app.sh does before the server starts
    s = PlanStore(url)
    yield s
    s.dispose()


@pytest.fixture
def wstore(store: PlanStore) -> Iterator[WorkshopStore]:
    """A workshop store on the same new database as `store`."""
    ws = WorkshopStore(store.engine.url.render_as_string(hide_password=False))
    yield ws
    ws.dispose()


def migrate_to(engine: Engine, revision: str, *, down: bool = False) -> None:
    """Bring a test database to one Alembic revision (up, or `down` to it), in one
    transaction, with the app's own migration settings."""
    from alembic import command

    cfg = migrate._config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, revision)


class Clock:
    """A clock a test sets by hand (the services take `clock=`): `clock.now = ...`."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now
