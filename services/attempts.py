"""Limits against guessing: how many failed attempts one client may make in a while.

A resume link (or a pasted code) that names no plan is a failed attempt. A client
that made ``VONK_RESUME_ATTEMPTS`` failed attempts within the last
``VONK_RESUME_WINDOW`` seconds is refused until the oldest of them is older than
the window, whatever token it tries next, so a lucky guess is refused too.

`SlidingWindow` is pure and thread-safe (one lock), with an injected clock for
tests. Its memory is bounded: per key at most `limit` timestamps, and at most
`max_keys` keys; keys whose attempts all left the window are dropped, and when
more than `max_keys` clients are active at once the least recently active one is
forgotten (an attacker with that many addresses gains little from it: each
address still has its own limit).
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

ATTEMPTS_SETTING = "VONK_RESUME_ATTEMPTS"
WINDOW_SETTING = "VONK_RESUME_WINDOW"
# High enough that a school behind one address (a class of 40 trying a mistyped
# link) is not refused, low enough to stop a script (thousands per minute).
DEFAULT_ATTEMPTS = 100
DEFAULT_WINDOW = 60.0
MAX_KEYS = 10_000
LOCAL_CLIENT = "local"  # Streamlit reports no address for 127.0.0.1 and ::1

Clock = Callable[[], float]


class SettingError(ValueError):
    """A limit setting has a value Vonk cannot use; the message names the setting."""


class SlidingWindow:
    """At most `limit` recorded failures per key within `window` seconds."""

    def __init__(self, limit: int, window: float, *, max_keys: int = MAX_KEYS,
                 clock: Clock = time.monotonic):
        if limit < 1 or window <= 0 or max_keys < 1:
            raise ValueError("limit, window and max_keys must be positive")
        self.limit = limit
        self.window = float(window)
        self.max_keys = max_keys
        self._clock = clock
        self._lock = threading.Lock()
        # key -> times of its recent failures (oldest first); least recently active first
        self._seen: OrderedDict[Hashable, deque[float]] = OrderedDict()

    def retry_after(self, key: Hashable) -> float:
        """0 when `key` may try now; else the seconds until it may try again."""
        with self._lock:
            now = self._clock()
            times = self._recent(key, now)
            if times is None or len(times) < self.limit:
                return 0.0
            return times[0] + self.window - now  # > 0: older ones were dropped

    def record(self, key: Hashable) -> None:
        """Count one failed attempt of `key` (now)."""
        with self._lock:
            now = self._clock()
            times = self._recent(key, now)
            if times is None:
                times = deque(maxlen=self.limit)
                self._seen[key] = times
            times.append(now)
            self._seen.move_to_end(key)
            self._evict(now)

    def __len__(self) -> int:
        """How many keys are remembered (bounded by `max_keys`)."""
        with self._lock:
            return len(self._seen)

    # The lock is held by the callers of these two.
    def _recent(self, key: Hashable, now: float) -> deque[float] | None:
        times = self._seen.get(key)
        if times is None:
            return None
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._seen[key]
            return None
        return times

    def _evict(self, now: float) -> None:
        # Least recently active first: stop at the first key still inside the window.
        while self._seen:
            key, times = next(iter(self._seen.items()))
            if len(self._seen) > self.max_keys or times[-1] <= now - self.window:
                del self._seen[key]
            else:
                break


@dataclass(frozen=True)
class Limits:
    attempts: int  # 0: no limit
    window: float


def _number(name: str, default: float, *, integer: bool) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw) if integer else float(raw)
    except ValueError:
        value = -1
    if value < 0 or not math.isfinite(value) or (not integer and value == 0):
        kind = "a whole number ≥ 0 (0: no limit)" if integer else "a number of seconds > 0"
        raise SettingError(f"{name}={raw!r} is not {kind}")
    return value


def limits_from_settings() -> Limits:
    """The resume limits from the environment; raises SettingError naming the setting."""
    return Limits(attempts=int(_number(ATTEMPTS_SETTING, DEFAULT_ATTEMPTS, integer=True)),
                  window=_number(WINDOW_SETTING, DEFAULT_WINDOW, integer=False))


def resume_limiter_from_settings() -> SlidingWindow | None:
    """A limiter of failed resume attempts as the settings say (None: switched off).
    The app keeps one per server process (ui/server.resume_limiter)."""
    limits = limits_from_settings()
    if limits.attempts == 0:
        return None
    return SlidingWindow(limits.attempts, limits.window)


def client_key(address: object) -> str:
    """The key a client is counted under: its address as the server saw it (anything
    but a non-empty string, e.g. None for 127.0.0.1 and ::1, counts as one local
    client). Behind a reverse proxy that may be the proxy's address (README)."""
    if isinstance(address, str) and address.strip():
        return address.strip().lower()
    return LOCAL_CLIENT


T = TypeVar("T")


@dataclass(frozen=True)
class Attempt(Generic[T]):
    """What one attempt to open something by a secret gave: `found`, or None. Falsy
    unless found, so ``if not open_plan(...)`` reads as before."""

    found: T | None
    retry_after: float = 0.0  # > 0: refused without looking (seconds until allowed)

    def __bool__(self) -> bool:
        return self.found is not None

    @property
    def refused(self) -> bool:
        return self.retry_after > 0

    @property
    def wait_seconds(self) -> int:
        """`retry_after` rounded up, for the message."""
        return math.ceil(self.retry_after)


def limited(limiter: SlidingWindow | None, client: str,
            look_up: Callable[[], T | None]) -> Attempt[T]:
    """Look something up by a secret for `client`, counting each miss: a client
    with too many recent misses is refused before anything is looked up (so a
    correct guess then finds nothing either)."""
    if limiter is not None:
        wait = limiter.retry_after(client)
        if wait > 0:
            return Attempt(None, wait)
    found = look_up()
    if found is None and limiter is not None:
        limiter.record(client)
    return Attempt(found)
