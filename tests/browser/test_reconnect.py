"""Issue 7, part 1: the server is killed or restarted mid-scan, the tab reconnects,
and the user clicks right away. Every answer the tab shows as chosen must be the
one the database holds (or the user is told it was not saved): 0 differences.

Runs on SQLite and on PostgreSQL, with SIGKILL and SIGTERM. The server comes back
on the same port, as after a crash or a deploy, so the open tab reconnects itself.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from content.loader import default_content
from storage import PlanStore
from tests.browser.conftest import ROOT, _free_port, wait_idle
from tests.browser.scan_driver import answer_rule
from tests.unit.conftest import NewUrl, new_db_url  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser
CONTENT = default_content()
RULE_1 = CONTENT.rules[0]


class RestartableServer:
    """`streamlit run app.py` on a fixed port that can be killed and started again."""

    def __init__(self, data_dir: Path, database_url: str):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "VONK_DATA_DIR": str(data_dir)}
        self.env["VONK_DATABASE_URL"] = database_url
        self.log = data_dir / "server.log"
        self.proc: subprocess.Popen[bytes] | None = None
        subprocess.run([sys.executable, "-m", "storage.migrate"], cwd=ROOT, env=self.env,
                       check=True, capture_output=True)

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless",
                 "true", "--server.address", "127.0.0.1", "--server.port", str(self.port),
                 "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(self.log.read_text())

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


@pytest.fixture
def restartable(tmp_path: Path,
                new_db_url: NewUrl,  # noqa: F811  (the fixture imported above)
                ) -> Iterator[RestartableServer]:
    """On SQLite and on PostgreSQL (the two kinds of tests/unit's new_db_url)."""
    srv = RestartableServer(tmp_path, new_db_url())
    srv.start()
    yield srv
    srv.stop(signal.SIGKILL)


def shown_answers(page: Page) -> dict[str, str]:
    """The options the tab shows as chosen for rule 1's choice questions."""
    shown: dict[str, str] = {}
    for q in RULE_1.structure.questions:
        if q.kind != "choice":
            continue
        qt = RULE_1.texts["nl"].questions[q.id]
        group = page.locator('[data-testid="stRadio"]').filter(
            has=page.get_by_text(qt.label, exact=True)).first
        for option_id, label in qt.options.items():
            if group.get_by_role("radio", name=label, exact=True).is_checked():
                shown[q.id] = option_id
    return shown


def stored_answers(srv: RestartableServer, token: str) -> dict[str, object]:
    store = PlanStore(srv.env["VONK_DATABASE_URL"])
    try:
        plan = store.get(token)
        assert plan is not None
        return {q: v for q, v in plan.answers.items()
                if q in {x.id for x in RULE_1.structure.questions if x.kind == "choice"}}
    finally:
        store.dispose()


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill", "term"])
def test_clicks_right_after_a_restart_are_saved_or_refused_visibly(
        page: Page, restartable: RestartableServer, sig: int) -> None:
    page.goto(f"{restartable.url}/scan")
    wait_idle(page)
    answer_rule(page, 0, {"responsible": "named_internal"})
    token = page.url.split("plan=")[1].split("&")[0]
    for choice in ({"follow_up": "intended"}, {"initiated_by": "mixed"}):
        restartable.stop(sig)
        restartable.start()
        # Click as soon as the tab has reconnected: the first click after a restart
        # is the one that used to be lost without a word.
        expect(page.locator('[data-testid="stApp"][data-test-connection-state="CONNECTED"]')
               ).to_be_attached(timeout=30_000)
        answer_rule(page, 0, choice)
        wait_idle(page)
        page.wait_for_timeout(800)
        shown, stored = shown_answers(page), stored_answers(restartable, token)
        assert shown == stored, {q: (shown.get(q), stored.get(q)) for q in {*shown, *stored}}
        (question, value), = choice.items()
        if stored.get(question) != value:  # not saved: then the user must have been told
            expect(page.get_by_text("De verbinding met Vonk was even weg", exact=False)
                   ).to_be_visible()
            answer_rule(page, 0, choice)  # the user chooses again, as the message asks
            wait_idle(page)
            assert stored_answers(restartable, token).get(question) == value
    assert stored_answers(restartable, token) == {
        "responsible": "named_internal", "follow_up": "intended", "initiated_by": "mixed"}
    assert shown_answers(page) == stored_answers(restartable, token)
