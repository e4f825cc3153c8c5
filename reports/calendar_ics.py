"""The network's calendar as one .ics file (RFC 5545, with icalendar).

Times are local to the plan's time zone, written with TZID and the zone's own
VTIMEZONE (summer and winter time), never converted to UTC. Each event's UID is
derived from the plan and the event's key ("meeting-3", "mid-term"), so a new
download carries the same UIDs and a calendar application updates the events it
imported before instead of adding them again; SEQUENCE rises with every change
of the plan's calendar so those updates are accepted. The plan's token never
appears in the file: the UID holds a hash of it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, datetime

from icalendar import Calendar
from icalendar import Event as IcsEvent

from content.netplan import Netplan
from netplan import NetworkPlan
from netplan.schedule import Event
from reports.netplan import event_title

PRODID = "-//Vonk//Netwerkplan//NL"
UID_DOMAIN = "vonk.netwerkplan"


def event_uid(plan_key: str, event_key: str) -> str:
    """The same for the same plan and event on every download; says nothing of the
    plan's token (a one-way hash)."""
    digest = hashlib.sha256(f"vonk-netplan:{plan_key}:{event_key}".encode()).hexdigest()
    return f"{digest[:32]}@{UID_DOMAIN}"


def _description(netplan: Netplan, plan: NetworkPlan, event: Event) -> str:
    t = netplan.texts[plan.lang].texts
    theme = plan.text("theme")
    if event.kind == "meeting":
        return f"{t['meeting_body'].format(theme=theme)} {t['meal_after']}"
    if event.kind == "follow_up":
        return t["follow_up_body"]
    return t[f"{event.kind}_body"]


def to_ics(netplan: Netplan, plan: NetworkPlan, *, plan_key: str,
           sequence: int, now: datetime, withdrawn: Sequence[Event] = ()) -> bytes:
    """Every event of the plan's schedule in one calendar. `plan_key` identifies the
    plan (hashed into the UIDs), `sequence` counts the changes of its calendar,
    `now` (aware) is the DTSTAMP. `withdrawn`: meetings an earlier download held
    that the plan no longer has, sent as cancelled under their old UIDs."""
    t = netplan.texts[plan.lang].texts
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", t["calendar_name"].format(theme=plan.text("theme")))
    cal.add("x-wr-timezone", netplan.structure.time_zone)
    location = plan.text("location")
    for event, cancelled in [*((e, False) for e in plan.schedule.events),
                             *((e, True) for e in withdrawn)]:
        item = IcsEvent()
        item.add("uid", event_uid(plan_key, event.key))
        item.add("dtstamp", now)
        item.add("sequence", max(sequence, 0))
        title = t["withdrawn"].format(n=event.number) if cancelled else \
            event_title(netplan, plan, event)
        item.add("summary", f"{title} · {t['calendar_name'].format(theme=plan.text('theme'))}")
        if cancelled:
            item.add("status", "CANCELLED")
        item.add("dtstart", event.start)
        item.add("dtend", event.end)
        item.add("description", _description(netplan, plan, event))
        if location:
            item.add("location", location)
        cal.add_component(item)
    # The zone's rules around the events (a year either side), not since 1970.
    days = [e.start.date() for e in (*plan.schedule.events, *withdrawn)]
    cal.add_missing_timezones(first_date=date(min(days).year - 1, 1, 1),
                              last_date=date(max(days).year + 2, 1, 1))
    return cal.to_ical()
