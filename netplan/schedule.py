"""The network's calendar as pure functions: meeting dates from a start date, a
rhythm and a count, with dates the user skips made up for at the end of the
series, the mid-term and closing check-ins, and the follow-up meeting.

Times are local (the content's time zone, Europe/Amsterdam): a meeting at 15:00
stays at 15:00 when summer time ends, whatever that does to its UTC offset.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from content.netplan import Rhythm

EventKind = Literal["meeting", "mid_term", "closing", "follow_up"]


@dataclass(frozen=True)
class Event:
    """One entry of the calendar. `key` names it within its plan for good: meeting
    3 stays "meeting-3" when an earlier date is skipped and its date moves, so a
    calendar that imported it before updates it (the .ics UID derives from it)."""

    key: str
    kind: EventKind
    start: datetime  # aware, in the plan's time zone
    end: datetime
    number: int | None = None  # the meeting's number (1-based); the check-in's meeting


@dataclass(frozen=True)
class Schedule:
    meetings: tuple[date, ...]  # the dates held, in order (len == count)
    skipped: tuple[date, ...]  # the dates of the rhythm the user skipped, in order
    events: tuple[Event, ...]  # meetings, check-ins and the follow-up, by start

    @property
    def first(self) -> date:
        return self.meetings[0]

    @property
    def last(self) -> date:
        return self.meetings[-1]

    @property
    def slots(self) -> tuple[date, ...]:
        """Every date of the rhythm up to the last meeting, skipped ones included."""
        return tuple(sorted((*self.meetings, *self.skipped)))


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th (1-based) `weekday` of a month; the last one when it has no n-th."""
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1)
            if date(year, month, d).weekday() == weekday]
    return date(year, month, days[min(n, len(days)) - 1])


def _slot(start: date, rhythm: Rhythm, index: int) -> date:
    """The index-th date (0 = start) of the rhythm."""
    if rhythm.weeks is not None:
        return start + timedelta(weeks=rhythm.weeks * index)
    assert rhythm.months is not None
    months = start.month - 1 + rhythm.months * index
    year, month = start.year + months // 12, months % 12 + 1
    # The same weekday in the same week of the month (the 2nd Tuesday); a start in
    # a month's fifth week means the last such weekday of every month.
    return _nth_weekday(year, month, start.weekday(), (start.day - 1) // 7 + 1)


def meeting_dates(start: date, rhythm: Rhythm, count: int,
                  skipped: Iterable[date] = ()) -> tuple[tuple[date, ...], tuple[date, ...]]:
    """`count` meeting dates following the rhythm from `start`. A skipped date
    (a holiday, a week off) is left out and the series goes on one date further,
    so the network keeps its number of meetings. Returns the dates held and the
    skipped dates that fell on the rhythm (others are ignored)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    skip = set(skipped)
    held: list[date] = []
    passed: list[date] = []
    index = 0
    while len(held) < count:
        day = _slot(start, rhythm, index)
        (passed if day in skip else held).append(day)
        index += 1
    return tuple(held), tuple(passed)


def mid_term_number(count: int) -> int | None:
    """The meeting that holds the mid-term check-in: the middle one (the earlier
    of two); none with a single meeting, when the closing is all there is."""
    return math.ceil(count / 2) if count >= 2 else None


def build_schedule(*, start: date, start_time: time, rhythm: Rhythm, count: int,
                   hours: float, skipped: Iterable[date], follow_up: date | None,
                   follow_up_weeks: int, meal_minutes: int, checkin_minutes: int,
                   zone: str) -> Schedule:
    """The whole calendar. A meeting lasts `hours`, plus the meal after it
    (`meal_minutes`, 0 for none). The check-ins are the last `checkin_minutes` of
    their meeting, before the meal: the mid-term one in the middle meeting, the
    closing one in the last. The follow-up meeting is on `follow_up`, or
    `follow_up_weeks` after the last meeting, at the same time of day, as long as a
    meeting without the meal."""
    tz = ZoneInfo(zone)
    held, passed = meeting_dates(start, rhythm, count, skipped)
    length = timedelta(minutes=round(hours * 60))
    meal = timedelta(minutes=meal_minutes)
    checkin = timedelta(minutes=min(checkin_minutes, round(hours * 60)))

    def at(day: date) -> datetime:
        return datetime.combine(day, start_time, tzinfo=tz)

    events: list[Event] = []
    for n, day in enumerate(held, 1):
        begin = at(day)
        events.append(Event(f"meeting-{n}", "meeting", begin, begin + length + meal, n))
    middle = mid_term_number(count)
    checkins: tuple[tuple[str, EventKind, int | None], ...] = (
        ("mid-term", "mid_term", middle), ("closing", "closing", count))
    for key, kind, number in checkins:
        if number is None:
            continue
        end = at(held[number - 1]) + length
        events.append(Event(key, kind, end - checkin, end, number))
    back = follow_up or held[-1] + timedelta(weeks=follow_up_weeks)
    events.append(Event("follow-up", "follow_up", at(back), at(back) + length))
    events.sort(key=lambda e: (e.start, e.kind != "meeting"))
    return Schedule(meetings=held, skipped=passed, events=tuple(events))
