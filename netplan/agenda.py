"""The first meeting's agenda as a pure function: the content's blocks laid out
from the start time, the open podium as long as the group needs, one block taking
the time that is left, and the meal after the meeting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from content.netplan import Netplan


@dataclass(frozen=True)
class AgendaItem:
    block_id: str
    start: time
    end: time
    minutes: int
    after_meeting: bool = False


@dataclass(frozen=True)
class Agenda:
    items: tuple[AgendaItem, ...]
    over_by: int  # minutes the fixed blocks need beyond the meeting (0: it fits)


def first_meeting(netplan: Netplan, start: time, hours: float, participants: int) -> Agenda:
    """The blocks in order with their times. The block that `fills` gets what the
    others leave of `hours` (none when they leave nothing: `over_by` says how much
    they overrun); the open podium takes its minutes per participant."""
    total = round(hours * 60)
    blocks = netplan.structure.agenda
    meal = netplan.structure.defaults.meal_minutes

    def fixed(block_minutes: int | None, per: int | None) -> int:
        return block_minutes if block_minutes is not None else (per or 0) * participants

    used = sum(fixed(b.minutes, b.per_participant) for b in blocks
               if not b.fills and not b.after_meeting)
    left = total - used
    clock = datetime.combine(datetime.min.date(), start)
    items: list[AgendaItem] = []
    for b in blocks:
        if b.after_meeting:
            minutes = meal
        elif b.fills:
            minutes = max(left, 0)
            if minutes == 0:
                continue
        else:
            minutes = fixed(b.minutes, b.per_participant)
        end = clock + timedelta(minutes=minutes)
        items.append(AgendaItem(b.id, clock.time(), end.time(), minutes, b.after_meeting))
        clock = end
    return Agenda(items=tuple(items), over_by=max(-left, 0))
