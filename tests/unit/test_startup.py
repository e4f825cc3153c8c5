"""Start-up: the server either starts ready or does not start at all, with one
clear line naming what to fix (services/startup.py, ui/server.prepare_server).

PostgreSQL cases use VONK_TEST_POSTGRES_URL (skipped without it, failing in CI);
everything listens on or connects to loopback addresses only."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from content.loader import CONTENT_DIR, ContentError, load_content
from services import startup
from services.startup import StartupFailed, prepare_all, prepare_storage
from storage.migrate import head, upgrade_database
from tests.conftest import drop_test_database
from tests.unit.conftest import postgres_admin_url

ROOT = Path(__file__).resolve().parents[2]
CLOSED_PORT_URL = "postgresql+psycopg://vonk:geheim@127.0.0.1:1/vonk"
STREAMLIT_WELCOME = "You can now view"


# ------------------------------------------------------------------ helpers
def _admin(sql: str) -> None:
    engine = create_engine(postgres_admin_url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(sql))
    engine.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A new, migrated PostgreSQL database; dropped afterwards."""
    name = f"vonk_test_{secrets.token_hex(6)}"
    _admin(f'CREATE DATABASE "{name}"')
    url = make_url(postgres_admin_url()).set(database=name).render_as_string(hide_password=False)
    upgrade_database(url)
    yield url
    drop_test_database(postgres_admin_url(), name)


def _on_database(url: str, sql: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(sql))
    engine.dispose()


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """A clean environment: SQLite in tmp_path unless a test says otherwise."""
    monkeypatch.delenv("VONK_DATABASE_URL", raising=False)
    monkeypatch.setenv("VONK_DATA_DIR", str(tmp_path / "data"))
    for name in ("VONK_RESUME_ATTEMPTS", "VONK_RESUME_WINDOW"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def _failure(settings: pytest.MonkeyPatch) -> str:
    with pytest.raises(StartupFailed) as failed:
        prepare_storage()
    assert len(failed.value.lines) == 1
    return failed.value.lines[0]


def _migrated_sqlite(folder: Path) -> Path:
    db = folder / "vonk.sqlite3"
    upgrade_database(f"sqlite:///{db}")
    return db


# ------------------------------------------------------------- storage at start
def test_a_good_database_is_prepared(settings: pytest.MonkeyPatch) -> None:
    assert prepare_storage() == head()
    assert prepare_all() == head()


def test_start_up_deletes_the_workshops_past_their_retention(settings: pytest.MonkeyPatch) -> None:
    from datetime import UTC, date, datetime, timedelta

    from content.workshop import default_workshop_settings
    from storage import database_url
    from storage.workshops import WorkshopStore
    from workshop.codes import new_code

    prepare_storage()
    store = WorkshopStore(database_url())
    now = datetime.now(UTC)

    def workshop(delete_after: datetime) -> str:
        return store.create(code_factory=new_code, secret_hash="h", language="nl",
                            rules={"r01": ("responsible_time",)},
                            anonymity=default_workshop_settings().anonymity, rehearsal=False,
                            facts={}, source_plan=None, code_expires_at=now,
                            delete_after=delete_after).id
    old, kept = workshop(now - timedelta(minutes=1)), workshop(now + timedelta(days=1))
    store.add_action(old, what="x", who="y", due=date.today(), max_actions=5)
    assert prepare_all() == head()  # as ui/server.prepare_server runs it
    assert store.get(old) is None and store.get(kept) is not None
    assert startup.purge_expired_workshops(lambda: now + timedelta(days=2)) == 1
    store.dispose()


def test_closed_port_names_the_setting_not_the_password(settings: pytest.MonkeyPatch) -> None:
    settings.setenv("VONK_DATABASE_URL", CLOSED_PORT_URL)
    line = _failure(settings)
    assert line.startswith("Vonk database not ready: check VONK_DATABASE_URL ")
    assert "vonk:***@127.0.0.1:1/vonk" in line and "refused" in line.lower()
    assert "geheim" not in line


def test_wrong_password(settings: pytest.MonkeyPatch, pg_url: str) -> None:
    wrong = make_url(pg_url).set(password="wrong-geheim").render_as_string(hide_password=False)
    settings.setenv("VONK_DATABASE_URL", wrong)
    line = _failure(settings)
    assert "VONK_DATABASE_URL" in line and "password authentication failed" in line
    assert "wrong-geheim" not in line


def test_missing_database(settings: pytest.MonkeyPatch) -> None:
    missing = make_url(postgres_admin_url()).set(database="vonk_no_such_database")
    settings.setenv("VONK_DATABASE_URL", missing.render_as_string(hide_password=False))
    line = _failure(settings)
    assert "VONK_DATABASE_URL" in line and 'database "vonk_no_such_database" does not exist' in line
    if missing.password:
        assert missing.password not in line


def test_data_dir_that_cannot_be_created(settings: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    settings.setenv("VONK_DATA_DIR", str(tmp_path / "a-file" / "data"))
    line = _failure(settings)
    assert line.startswith("Vonk database not ready: check VONK_DATA_DIR")
    assert "Not a directory" in line and "a-file" in line


def test_data_dir_where_the_database_file_cannot_be_opened(settings: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    (tmp_path / "data" / "vonk.sqlite3").mkdir(parents=True)  # a folder, not a file
    line = _failure(settings)
    assert "check VONK_DATA_DIR" in line and "unable to open database file" in line


def test_read_only_sqlite_database_is_refused(settings: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    """Read-only as SQLite itself sees it (mode=ro): what a 0444 file is for any user
    but root, who ignores file permissions (these tests may run as root)."""
    db = _migrated_sqlite(tmp_path)
    settings.setenv("VONK_DATABASE_URL", f"sqlite:///file:{db}?mode=ro&uri=true")
    line = _failure(settings)
    assert "check VONK_DATABASE_URL" in line and "readonly database" in line


def test_read_only_postgresql_database_is_refused(settings: pytest.MonkeyPatch,
                                                  pg_url: str) -> None:
    name = make_url(pg_url).database
    _admin(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    settings.setenv("VONK_DATABASE_URL", pg_url)
    line = _failure(settings)
    assert "check VONK_DATABASE_URL" in line and "read-only transaction" in line


def test_revoked_privileges_are_refused(settings: pytest.MonkeyPatch, pg_url: str) -> None:
    user = make_url(pg_url).username
    _on_database(pg_url, f'REVOKE INSERT, UPDATE, DELETE ON answers FROM "{user}"')
    settings.setenv("VONK_DATABASE_URL", pg_url)
    line = _failure(settings)
    assert "check VONK_DATABASE_URL" in line and "permission denied" in line


def test_migrate_command_refuses_a_read_only_database(tmp_path: Path) -> None:
    db = _migrated_sqlite(tmp_path)
    env = {**os.environ, "VONK_DATABASE_URL": f"sqlite:///file:{db}?mode=ro&uri=true"}
    proc = subprocess.run([sys.executable, "-m", "storage.migrate"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.startswith("Vonk database not ready: check VONK_DATABASE_URL")
    assert "readonly database" in proc.stderr and "Traceback" not in proc.stderr


# ------------------------------------------------------------- content, settings
@pytest.fixture
def broken_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The shipped content with one field renamed: what the server would load."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    path = target / "scoring.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("bands:", "bandz:", 1),
                    encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        load_content(target)

    def broken() -> None:
        load_content(target)

    monkeypatch.setattr(startup, "default_content", broken)
    return exc.value.problems


def test_broken_content_lists_every_problem(settings: pytest.MonkeyPatch,
                                            broken_content: list[str]) -> None:
    with pytest.raises(StartupFailed) as failed:
        prepare_all()
    lines = failed.value.lines
    assert lines[0].startswith(f"Vonk content has {len(broken_content)} problem(s)")
    assert [line.strip() for line in lines[1:]] == broken_content
    assert any(line.strip().startswith("content/scoring.yaml") for line in lines[1:])


def test_every_failure_is_reported_at_once(settings: pytest.MonkeyPatch,
                                           broken_content: list[str]) -> None:
    settings.setenv("VONK_DATABASE_URL", CLOSED_PORT_URL)
    settings.setenv("VONK_RESUME_WINDOW", "soon")
    with pytest.raises(StartupFailed) as failed:
        prepare_all()
    text_ = "\n".join(failed.value.lines)
    assert "Vonk content has" in text_ and "VONK_RESUME_WINDOW='soon'" in text_
    assert "check VONK_DATABASE_URL" in text_ and "geheim" not in text_


def test_server_start_exits_1_with_the_lines(settings: pytest.MonkeyPatch,
                                             broken_content: list[str],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from ui.server import prepare_server

    with pytest.raises(SystemExit) as exit_:
        prepare_server()
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("Vonk content has") and all(p in err for p in broken_content)


# ------------------------------------------------------------- the real server
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(env_changes: dict[str, str], *extra: str, timeout: float = 30
           ) -> tuple[int | None, str]:
    """`streamlit run app.py` as tests/browser/conftest.py starts it; returns its exit
    status and its output. A server that answers its health check instead is
    stopped: status None."""
    env = {**os.environ, **env_changes}
    for name in ("VONK_RESUME_ATTEMPTS", "VONK_RESUME_WINDOW"):
        env.pop(name, None)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", *extra],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + timeout
    serving = False
    while time.monotonic() < deadline and proc.poll() is None and not serving:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health",
                                        timeout=2) as r:
                serving = r.status == 200
        except OSError:
            time.sleep(0.3)
    if proc.poll() is None:
        proc.terminate()
    out, _ = proc.communicate(timeout=15)
    return (None if serving else proc.returncode), out


@pytest.fixture(scope="module")
def unreachable_server() -> tuple[int | None, str, float]:
    started = time.monotonic()
    status, out = _serve({"VONK_DATABASE_URL": CLOSED_PORT_URL})
    return status, out, time.monotonic() - started


def test_server_with_an_unreachable_database_stops_at_once(
        unreachable_server: tuple[int | None, str, float]) -> None:
    status, out, seconds = unreachable_server
    assert status == 1, out
    assert seconds < 30
    assert "Vonk database not ready: check VONK_DATABASE_URL" in out
    assert "geheim" not in out and "Traceback" not in out


def test_server_that_stops_never_said_it_could_be_viewed(
        unreachable_server: tuple[int | None, str, float]) -> None:
    assert STREAMLIT_WELCOME not in unreachable_server[1]


def test_server_with_a_read_only_database_stops(tmp_path: Path) -> None:
    db = _migrated_sqlite(tmp_path)
    status, out = _serve({"VONK_DATABASE_URL": f"sqlite:///file:{db}?mode=ro&uri=true"})
    assert status == 1, out
    assert "check VONK_DATABASE_URL" in out and "readonly database" in out
    assert "Traceback" not in out


def test_welcome_means_ready_when_streamlit_leaves_it_to_vonk(tmp_path: Path) -> None:
    flag = ("--logger.hideWelcomeMessage", "true")
    status, out = _serve({"VONK_DATABASE_URL": CLOSED_PORT_URL}, *flag)
    assert status == 1 and "check VONK_DATABASE_URL" in out
    assert STREAMLIT_WELCOME not in out and "Traceback" not in out
    status, out = _serve({"VONK_DATA_DIR": str(tmp_path), "VONK_DATABASE_URL": ""}, *flag)
    assert status is None, out  # it served
    assert STREAMLIT_WELCOME in out and "URL: http://127.0.0.1:" in out
