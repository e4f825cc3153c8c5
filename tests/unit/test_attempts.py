"""services/attempts.py: the sliding-window limit on failed resume attempts."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.attempts import (
    ATTEMPTS_SETTING,
    LOCAL_CLIENT,
    WINDOW_SETTING,
    Attempt,
    Limits,
    SettingError,
    SlidingWindow,
    client_key,
    limited,
    limits_from_settings,
    resume_limiter_from_settings,
)


class FakeClock:
    def __init__(self, now: float = 1000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _window(limit: int = 3, window: float = 60, max_keys: int = 100
            ) -> tuple[SlidingWindow, FakeClock]:
    clock = FakeClock()
    return SlidingWindow(limit, window, max_keys=max_keys, clock=clock), clock


def test_refused_after_the_limit_until_the_oldest_failure_leaves_the_window() -> None:
    limiter, clock = _window(limit=3, window=60)
    for _ in range(3):
        assert limiter.retry_after("a") == 0
        limiter.record("a")
        clock.advance(10)
    # failures at 1000, 1010, 1020; now 1030
    assert limiter.retry_after("a") == pytest.approx(30)
    clock.advance(29.5)
    assert limiter.retry_after("a") == pytest.approx(0.5)
    clock.advance(0.5)  # the failure at 1000 is now exactly 60 s old: out of the window
    assert limiter.retry_after("a") == 0
    limiter.record("a")  # sliding: the failures at 1010 and 1020 still count
    assert limiter.retry_after("a") == pytest.approx(10)


def test_clients_are_counted_separately() -> None:
    limiter, _ = _window(limit=2)
    limiter.record("a")
    limiter.record("a")
    assert limiter.retry_after("a") > 0
    assert limiter.retry_after("b") == 0


def test_memory_is_bounded_old_keys_go_first() -> None:
    limiter, clock = _window(limit=5, window=60, max_keys=3)
    for key in "abcd":
        limiter.record(key)
        clock.advance(1)
    assert len(limiter) == 3
    assert limiter.retry_after("a") == 0  # least recently active: forgotten
    limiter.record("b")  # b is now the most recent
    limiter.record("e")  # evicts c (least recently active), not b
    assert len(limiter) == 3
    for _ in range(4):
        limiter.record("b")
    assert limiter.retry_after("b") > 0


def test_keys_whose_failures_left_the_window_are_dropped() -> None:
    limiter, clock = _window(limit=5, window=60, max_keys=1000)
    for i in range(500):
        limiter.record(f"client-{i}")
    clock.advance(61)
    limiter.record("new")
    assert len(limiter) == 1


def test_per_key_memory_is_bounded_by_the_limit() -> None:
    limiter, _ = _window(limit=4, window=60)
    for _ in range(10_000):
        limiter.record("a")
    assert len(limiter._seen["a"]) == 4


def test_threads_share_one_limiter_safely() -> None:
    limiter = SlidingWindow(50, 60, max_keys=64)
    errors: list[BaseException] = []

    def hammer(n: int) -> None:
        try:
            for i in range(2000):
                key = f"k{(n * 7 + i) % 200}"
                limiter.retry_after(key)
                limiter.record(key)
                limiter.retry_after("shared")
                limiter.record("shared")
        except BaseException as exc:  # pragma: no cover (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(limiter) <= 64
    assert limiter.retry_after("shared") > 0


# ------------------------------------------------------------ against a model
Step = tuple[int, str, bool]  # (seconds to advance, key, record?)


@settings(max_examples=300, deadline=None)
@given(limit=st.integers(1, 5), window=st.integers(1, 30),
       steps=st.lists(st.tuples(st.integers(0, 12), st.sampled_from("abc"), st.booleans()),
                      max_size=80))
def test_matches_a_model_that_remembers_everything(limit: int, window: int,
                                                   steps: list[Step]) -> None:
    """Whole seconds (exact in floats): the limiter must agree with the obvious
    definition at every step: refused iff `limit` failures lie in (now - window, now],
    and then for exactly as long as it takes the limit-th newest one to leave."""
    limiter, clock = _window(limit=limit, window=window, max_keys=10)
    failures: dict[str, list[float]] = {}
    for advance, key, record in steps:
        clock.advance(advance)
        now = clock.now
        recent = [t for t in failures.get(key, []) if t > now - window]
        expected = recent[-limit] + window - now if len(recent) >= limit else 0
        assert limiter.retry_after(key) == expected
        if record:
            limiter.record(key)
            failures.setdefault(key, []).append(now)


# ------------------------------------------------------------ limited()
def _lookup(result: str | None) -> tuple[Callable[[], str | None], list[int]]:
    calls: list[int] = []

    def look_up() -> str | None:
        calls.append(1)
        return result

    return look_up, calls


def test_limited_counts_misses_and_refuses_without_looking() -> None:
    limiter, clock = _window(limit=2, window=60)
    miss, miss_calls = _lookup(None)
    assert limited(limiter, "a", miss) == Attempt(None)
    assert limited(limiter, "a", miss) == Attempt(None)
    hit, hit_calls = _lookup("plan")
    refused = limited(limiter, "a", hit)  # even a correct guess
    assert not refused and refused.refused and refused.wait_seconds == 60
    assert hit_calls == [] and len(miss_calls) == 2
    assert limited(limiter, "b", hit) == Attempt("plan")  # another client
    clock.advance(60)
    assert limited(limiter, "a", hit)


def test_hits_are_not_counted() -> None:
    limiter, _ = _window(limit=1, window=60)
    hit, _ = _lookup("plan")
    for _ in range(10):
        assert limited(limiter, "a", hit)
    assert limiter.retry_after("a") == 0


def test_no_limiter_means_no_limit() -> None:
    miss, calls = _lookup(None)
    for _ in range(100):
        assert not limited(None, "a", miss).refused
    assert len(calls) == 100


# ------------------------------------------------------------ settings
def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ATTEMPTS_SETTING, raising=False)
    monkeypatch.delenv(WINDOW_SETTING, raising=False)
    assert limits_from_settings() == Limits(attempts=100, window=60.0)
    limiter = resume_limiter_from_settings()
    assert limiter is not None and (limiter.limit, limiter.window) == (100, 60.0)


def test_settings_are_read_and_zero_switches_the_limit_off(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ATTEMPTS_SETTING, "5")
    monkeypatch.setenv(WINDOW_SETTING, "2.5")
    assert limits_from_settings() == Limits(attempts=5, window=2.5)
    monkeypatch.setenv(ATTEMPTS_SETTING, "0")
    assert resume_limiter_from_settings() is None


@pytest.mark.parametrize(("name", "value"), [
    (ATTEMPTS_SETTING, "many"), (ATTEMPTS_SETTING, "-1"), (ATTEMPTS_SETTING, "2.5"),
    (WINDOW_SETTING, "0"), (WINDOW_SETTING, "-3"), (WINDOW_SETTING, "nan"),
    (WINDOW_SETTING, "inf"), (WINDOW_SETTING, "a minute")])
def test_an_unusable_setting_is_named(monkeypatch: pytest.MonkeyPatch, name: str,
                                      value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingError, match=name):
        limits_from_settings()


def test_client_key() -> None:
    assert client_key(None) == client_key("") == LOCAL_CLIENT
    assert client_key("2001:DB8::1") == "2001:db8::1"
    assert client_key("127.0.0.2") == "127.0.0.2"


# ------------------------------------------------------------ equal work per lookup
def test_an_unknown_token_costs_the_same_database_work_as_a_known_one(store: object) -> None:
    """storage.PlanStore.get runs the same statements whether or not the plan exists,
    so its time says nothing about which tokens exist (measured: see the issue)."""
    from sqlalchemy import event

    from storage import PlanStore, new_token

    assert isinstance(store, PlanStore)
    known = store.create(title="x", answers={"group_size": 9, "responsible": "nobody"}).token
    statements: list[str] = []

    def seen(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(" ".join(statement.split()))

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        assert store.get(known) is not None
        for_known = list(statements)
        statements.clear()
        assert store.get(new_token()) is None
        for_unknown = list(statements)
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)
    assert len(for_known) == 2 and for_unknown == for_known
