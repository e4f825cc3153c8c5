"""Migrations are an explicit step (`python -m storage.migrate`, `upgrade_database`),
safe when several processes start together: on SQLite and on PostgreSQL."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from storage import PlanStore, StorageUnavailable, migrate
from storage.migrate import head, is_current, upgrade_database
from tests.unit.conftest import NewUrl

ROOT = Path(__file__).resolve().parents[2]
TABLES = {"plans", "answers", "alembic_version"}

# Each process imports first, says it is ready, then waits for the common start.
RACER = """
import pathlib, sys, time
from storage.migrate import upgrade_database
url, ready, go = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
ready.touch()
deadline = time.monotonic() + 60
while not go.exists() and time.monotonic() < deadline:
    time.sleep(0.002)
print(upgrade_database(url))
"""


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _env(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("VONK_DATABASE_URL", "VONK_DATA_DIR")}
    return {**env, **settings}


def _wait_until(condition: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_processes_starting_together_all_succeed(new_db_url: NewUrl, tmp_path: Path) -> None:
    url = new_db_url()
    go = tmp_path / "go"
    ready = [tmp_path / f"ready-{i}" for i in range(4)]
    procs = [subprocess.Popen([sys.executable, "-c", RACER, url, str(r), str(go)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for r in ready]
    try:
        assert _wait_until(lambda: all(r.exists() for r in ready), 60), "racers not ready"
        go.touch()
        results = [p.communicate(timeout=120) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    for p, (out, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err
        assert out.strip() == head()
    assert is_current(url)
    assert _tables(url) >= TABLES
    store = PlanStore(url)
    try:
        plan = store.create(title="na de race", answers={"group_size": 9})
        assert store.answers(plan.token) == {"group_size": 9}
    finally:
        store.dispose()


def test_upgrade_on_a_current_database_is_a_no_op(new_db_url: NewUrl,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    url = new_db_url()
    assert not is_current(url)
    assert upgrade_database(url) == head()
    assert is_current(url)

    def must_not_run(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("upgrade ran on a current database")

    monkeypatch.setattr(migrate, "upgrade", must_not_run)
    monkeypatch.setattr(migrate, "_file_lock", must_not_run)
    assert upgrade_database(url) == head()
    assert is_current(url)


def test_in_memory_sqlite_needs_no_lock() -> None:
    assert upgrade_database("sqlite://") == head()


def test_an_upgrade_waits_for_the_lock_of_another_process(new_db_url: NewUrl) -> None:
    """While the lock is held (as by another process migrating), an upgrade waits;
    once it is released, the upgrade runs."""
    url = new_db_url()
    done: list[str] = []
    failed: list[BaseException] = []

    def upgrade_in_background() -> None:
        try:
            done.append(upgrade_database(url))
        except BaseException as exc:  # reported by the assertions below
            failed.append(exc)

    worker = threading.Thread(target=upgrade_in_background, daemon=True)
    if url.startswith("sqlite"):
        lock_file = f"{make_url(url).database}.migrate.lock"
        with open(lock_file, "a") as held:
            fcntl.flock(held.fileno(), fcntl.LOCK_EX)
            worker.start()
            time.sleep(1.0)
            assert worker.is_alive() and not done and not failed
            assert "plans" not in _tables(url)
            fcntl.flock(held.fileno(), fcntl.LOCK_UN)
    else:
        holder = create_engine(url)
        with holder.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": migrate.ADVISORY_LOCK_KEY})
            conn.commit()
            worker.start()

            def waiting() -> bool:
                return bool(conn.scalar(text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                    "AND NOT granted AND database = (SELECT oid FROM pg_database "
                    "WHERE datname = current_database())")))

            assert _wait_until(waiting), "the upgrade did not wait for the advisory lock"
            assert worker.is_alive() and not done and not failed
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": migrate.ADVISORY_LOCK_KEY})
            conn.commit()
        holder.dispose()
    worker.join(timeout=60)
    assert not worker.is_alive()
    assert not failed, failed
    assert done == [head()] and is_current(url)


def test_command_line_on_a_data_folder(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "storage.migrate"], cwd=ROOT,
                            env=_env(VONK_DATA_DIR=str(tmp_path)), capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"Vonk database ready (schema {head()}): "
                             f"sqlite:///{tmp_path / 'vonk.sqlite3'}\n")
    assert is_current(f"sqlite:///{tmp_path / 'vonk.sqlite3'}")


def test_command_line_on_a_database_url_hides_the_password(new_db_url: NewUrl) -> None:
    url = new_db_url()
    result = subprocess.run([sys.executable, "-m", "storage.migrate"], cwd=ROOT,
                            env=_env(VONK_DATABASE_URL=url), capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    shown = make_url(url).render_as_string(hide_password=True)
    assert result.stdout == f"Vonk database ready (schema {head()}): {shown}\n"
    password = make_url(url).password
    if password:
        assert f":{password}@" not in result.stdout
    assert is_current(url)


def test_command_line_on_an_unreachable_database_names_the_setting() -> None:
    result = subprocess.run([sys.executable, "-m", "storage.migrate"], cwd=ROOT,
                            env=_env(VONK_DATABASE_URL="postgresql+psycopg://u:secret@127.0.0.1:1/x"),
                            capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert len(output.strip().splitlines()) == 1, output
    assert "VONK_DATABASE_URL" in output
    assert "secret" not in output
    assert "Traceback" not in output


def test_command_line_on_an_unusable_data_folder_names_the_setting(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = subprocess.run([sys.executable, "-m", "storage.migrate"], cwd=ROOT,
                            env=_env(VONK_DATA_DIR=str(blocker / "data")),
                            capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert len(output.strip().splitlines()) == 1, output
    assert "VONK_DATA_DIR" in output and "Traceback" not in output


def test_a_store_does_not_create_the_schema_by_itself(new_db_url: NewUrl) -> None:
    url = new_db_url()
    store = PlanStore(url)
    try:
        with pytest.raises(StorageUnavailable):
            store.create(title="zonder schema")
    finally:
        store.dispose()
    assert "plans" not in _tables(url)
    assert not is_current(url)
