"""Limits, through the pages (AppTest):

- resume links and pasted codes: a client that tried too many unknown or malformed
  tokens lately is refused, in its own language, without anything being looked up
  (services/attempts.py, ui/current_plan.open_plan);
- storage that stops taking writes after the plan exists: the user is told the
  answer was not saved, and the page never claims it was (PostgreSQL: privileges
  revoked, the database switched to read-only, a table dropped).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator

import pytest
import streamlit as st
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from streamlit.runtime.context import ContextProxy
from streamlit.testing.v1 import AppTest

from services.attempts import SlidingWindow
from storage import PlanStore, database_url
from storage.migrate import upgrade_database
from tests.apptest.conftest import ROOT
from tests.apptest.helpers import answer_current_rule
from tests.conftest import drop_test_database
from tests.unit.conftest import postgres_admin_url

UNKNOWN = "A" * 24  # well-formed, names no plan
NOT_FOUND_NL = "kennen we niet"
LINK_UNKNOWN_NL = "hoort niet bij een bekend plan"
TOO_MANY_NL = "heel veel onbekende links of codes"
TOO_MANY_EN = "A great many unknown links or codes"
SAVE_FAILED_NL = "kon niet worden opgeslagen"
UNREACHABLE_NL = "opslag van Vonk is nu niet bereikbaar"
SAVED_NL = "Automatisch opgeslagen om"


def _texts(at: AppTest) -> str:
    parts = [str(e.body) for e in (*at.error, *at.warning, *at.info, *at.success)]
    return "\n".join(parts + [m.value for m in at.markdown] + [c.value for c in at.caption])


def _session(**query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def _paste(at: AppTest, pasted: str) -> AppTest:
    at.text_input(key="resume_input").set_value(pasted)
    labels = [b.label for b in at.button]
    button = "Plan openen" if "Plan openen" in labels else "Open plan"
    return at.button[labels.index(button)].click().run()


def _known_plan() -> str:
    store = PlanStore(database_url())
    try:
        return store.create(title="Bestaand").token
    finally:
        store.dispose()


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def limit_3(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """3 misses per 60 s, on a clock the test moves."""
    clock = FakeClock()
    limiter = SlidingWindow(3, 60, clock=clock)
    monkeypatch.setattr("ui.current_plan.resume_limiter", lambda: limiter)
    return clock


@pytest.fixture
def client_address(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """st.context.ip_address as the test sets it (AppTest has no connection)."""
    address: list[str | None] = [None]
    monkeypatch.setattr(ContextProxy, "ip_address", property(lambda self: address[0]))
    return address


# ------------------------------------------------------------- resume limits
def test_pasted_codes_are_limited_and_then_nothing_is_looked_up(limit_3: FakeClock) -> None:
    known = _known_plan()
    at = _session()
    for pasted in ("nonsense", UNKNOWN, f"https://x/scan?plan={UNKNOWN[:-1]}B"):
        _paste(at, pasted)
        assert NOT_FOUND_NL in _texts(at) and TOO_MANY_NL not in _texts(at)
    _paste(at, known)  # even the right code, now
    assert not at.exception
    assert TOO_MANY_NL in _texts(at) and "over 60 seconden" in _texts(at)
    assert NOT_FOUND_NL not in _texts(at)
    assert "plan_token" not in at.session_state
    limit_3.now += 60
    _paste(at, known)
    assert at.session_state["plan_token"] == known


def test_deep_links_are_limited_in_the_users_language(limit_3: FakeClock) -> None:
    known = _known_plan()
    for _ in range(3):
        at = _session(plan=UNKNOWN)  # a new tab each time
        assert LINK_UNKNOWN_NL in _texts(at)
        assert "plan" not in at.query_params
    refused = _session(plan=known, lang="en")
    assert not refused.exception
    assert TOO_MANY_EN in _texts(refused) and "plan_token" not in refused.session_state
    assert refused.query_params["plan"] == known  # kept: a reload after the wait opens it
    limit_3.now += 61
    refused.run()
    assert refused.session_state["plan_token"] == known


def test_an_answer_under_a_refused_link_never_starts_a_new_plan(limit_3: FakeClock) -> None:
    """The link stays in the address bar while refused; an answer given meanwhile is
    refused visibly instead of starting another plan that would replace the link."""
    known = _known_plan()
    for _ in range(3):
        _session(plan=UNKNOWN)
    refused = _session(plan=known)
    refused.switch_page("pages/scan.py").run()
    answer_current_rule(refused, {"responsible": "named_internal"})
    assert "plan_token" not in refused.session_state
    assert refused.query_params["plan"] == known
    assert "niet geopend, dus deze wijziging is niet opgeslagen" in _texts(refused)
    store = PlanStore(database_url())
    try:
        assert store.get(known).answers == {}  # type: ignore[union-attr]
    finally:
        store.dispose()


def test_the_limit_is_per_client_address(limit_3: FakeClock,
                                         client_address: list[str | None]) -> None:
    known = _known_plan()
    client_address[0] = "203.0.113.7"
    for _ in range(3):
        _session(plan=UNKNOWN)
    assert TOO_MANY_NL in _texts(_session(plan=known))
    client_address[0] = "198.51.100.2"
    assert _session(plan=known).session_state["plan_token"] == known
    client_address[0] = None  # 127.0.0.1 / ::1: Streamlit gives no address
    assert _session(plan=known).session_state["plan_token"] == known


def test_limits_come_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VONK_RESUME_ATTEMPTS", "2")
    monkeypatch.setenv("VONK_RESUME_WINDOW", "600")
    st.cache_resource.clear()
    known = _known_plan()
    for _ in range(2):
        _session(plan=UNKNOWN)
    at = _session(plan=known)
    assert TOO_MANY_NL in _texts(at) and "over 600 seconden" in _texts(at)


def test_the_default_limit_lets_a_class_through() -> None:
    """A class of 40 behind one school address, each trying a mistyped link once,
    is never refused by default (tests/unit/test_attempts.py checks the number)."""
    known = _known_plan()
    at = _session()
    for i in range(40):
        _paste(at, f"{UNKNOWN[:-2]}{i:02d}")
    _paste(at, known)
    assert TOO_MANY_NL not in _texts(at) and at.session_state["plan_token"] == known


def test_a_limit_of_zero_switches_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VONK_RESUME_ATTEMPTS", "0")
    st.cache_resource.clear()
    known = _known_plan()
    at = _session()
    for _ in range(25):
        _paste(at, UNKNOWN)
    _paste(at, known)
    assert at.session_state["plan_token"] == known


# ------------------------------------------------- storage that stops taking writes
def _execute(url: str, *statements: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for sql in statements:
            conn.execute(text(sql))
    engine.dispose()


@pytest.fixture
def pg_app_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The app on a new, migrated PostgreSQL database of its own."""
    admin = postgres_admin_url()
    name = f"vonk_test_{secrets.token_hex(6)}"
    _execute(admin, f'CREATE DATABASE "{name}"')
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    upgrade_database(url)
    monkeypatch.setenv("VONK_DATABASE_URL", url)
    st.cache_resource.clear()
    yield url
    st.cache_resource.clear()
    drop_test_database(admin, name)


def _stop_writes(url: str, how: str) -> None:
    parsed = make_url(url)
    if how == "privileges revoked":
        _execute(url, f'REVOKE INSERT, UPDATE, DELETE ON plans, answers FROM "{parsed.username}"')
    elif how == "database read-only":
        # New sessions are read-only; end the open ones (the pool reconnects).
        _execute(url, f'ALTER DATABASE "{parsed.database}" SET default_transaction_read_only = on',
                 "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                 "WHERE datname = current_database() AND pid <> pg_backend_pid()")
    else:
        _execute(url, "DROP TABLE answers")


def _stored(url: str, token: str) -> dict[str, str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT question_id, value_json FROM answers "
                                     "WHERE plan_token = :t"), {"t": token}).all()
    finally:
        engine.dispose()
    return dict((str(q), str(v)) for q, v in rows)


def _saved_lines(at: AppTest) -> list[str]:
    return [c.value for c in at.caption if SAVED_NL in c.value]


def _answer_then_lose_writes(url: str, how: str) -> tuple[AppTest, list[str]]:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.switch_page("pages/scan.py").run()
    answer_current_rule(at, {"responsible": "named_internal"})
    before = _saved_lines(at)
    assert len(before) == 1  # the first answer was saved, and the page says so
    time.sleep(1.1)  # a later save would show a later time
    _stop_writes(url, how)
    answer_current_rule(at, {"initiated_by": "mixed"})
    return at, before


WAYS = ["privileges revoked", "database read-only", "table dropped"]


@pytest.mark.parametrize("how", WAYS)
def test_an_answer_the_database_refuses_is_reported_not_saved(pg_app_url: str,
                                                              how: str) -> None:
    at, before = _answer_then_lose_writes(pg_app_url, how)
    assert not at.exception
    shown = _texts(at)
    assert SAVE_FAILED_NL in shown or UNREACHABLE_NL in shown, shown
    assert _saved_lines(at) in ([], before)  # never a new "saved at" for this answer
    if how != "table dropped":
        assert _stored(pg_app_url, at.session_state["plan_token"]) == {
            "responsible": '"named_internal"'}


@pytest.mark.parametrize("how", WAYS[:1])
def test_after_a_refused_answer_no_saved_line_is_shown(pg_app_url: str, how: str) -> None:
    at, _ = _answer_then_lose_writes(pg_app_url, how)
    assert _saved_lines(at) == []
