"""The fields of a network plan: what a value may be, and what each field holds
when the user has not changed it (prefilled from the scan's answers).

A stored value always wins; a field the user never changed (or cleared) shows its
prefill, in the reader's language, following the plan's other values (change the
number of meetings and the call's "what taking part asks" follows, until the user
edits that text too).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from content.labels import answer_label, date_text, number
from content.models import UNKNOWN, Content, Question
from content.netplan import TEXT_KINDS, FieldSpec, Netplan
from content.text import clean_text
from netplan.schedule import Event, Schedule, build_schedule, meeting_dates
from scoring.answers import Answers, question_index

FieldValue = str | int | float | list[str]
Values = dict[str, FieldValue]
MAX_SKIPPED = 60  # dates a user may skip: more than any series of meetings needs
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class FieldProblem:
    """Why a value was refused; `code` keys a message `netplan.problem.<code>`."""

    code: str  # unknown_field | not_text | too_long | not_a_number | out_of_range |
    #            not_whole | off_step | not_a_date | not_a_time | unknown_rhythm | too_many_dates
    field_id: str
    detail: dict[str, Any] = field(default_factory=dict)


def _is_number(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and v == v


def number_bounds(content: Content, spec: FieldSpec) -> tuple[float, float, float]:
    """(minimum, maximum, step) of a number field: its scan question's."""
    assert spec.question is not None
    q = question_index(content)[spec.question]
    assert q.minimum is not None and q.maximum is not None and q.step is not None
    return q.minimum, q.maximum, q.step


def _iso_date(raw: object) -> str | None:
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw.strip()).isoformat()
        except ValueError:
            return None
    return None


def check_value(netplan: Netplan, content: Content, field_id: str, raw: object
                ) -> tuple[FieldValue | None, FieldProblem | None]:
    """The value as it is stored (None: cleared, back to the prefill), or why it is
    refused. Never raises."""
    spec = next((f for f in netplan.structure.fields if f.id == field_id), None)
    if spec is None:
        return None, FieldProblem("unknown_field", field_id[:60])
    if raw is None:
        return None, None
    kind = spec.kind
    if kind in TEXT_KINDS:
        if not isinstance(raw, str):
            return None, FieldProblem("not_text", field_id)
        cleaned = clean_text(raw, max_length=10 * spec.max_length, multiline=kind == "text")
        if len(cleaned) > spec.max_length:
            return None, FieldProblem("too_long", field_id, {"max": spec.max_length,
                                                             "length": len(cleaned)})
        return cleaned, None
    if kind == "number":
        low, high, step = number_bounds(content, spec)
        if not _is_number(raw):
            return None, FieldProblem("not_a_number", field_id, {"min": low, "max": high})
        assert isinstance(raw, int | float)
        if not low <= raw <= high:
            return None, FieldProblem("out_of_range", field_id, {"min": low, "max": high})
        if step >= 1:
            if raw != int(raw):
                return None, FieldProblem("not_whole", field_id)
            return int(raw), None
        steps = (raw - low) / step
        if abs(steps - round(steps)) > 1e-9:
            return None, FieldProblem("off_step", field_id, {"step": step})
        return float(raw), None
    if kind == "date":
        iso = _iso_date(raw)
        return (iso, None) if iso else (None, FieldProblem("not_a_date", field_id))
    if kind == "time":
        if isinstance(raw, time):
            return f"{raw.hour:02d}:{raw.minute:02d}", None
        match = _TIME.match(raw.strip()) if isinstance(raw, str) else None
        if match is None:
            return None, FieldProblem("not_a_time", field_id)
        return f"{int(match[1]):02d}:{match[2]}", None
    if kind == "rhythm":
        if raw not in netplan.rhythm_ids:
            return None, FieldProblem("unknown_rhythm", field_id)
        return str(raw), None
    # dates
    if not isinstance(raw, list | tuple):
        return None, FieldProblem("not_a_date", field_id)
    days = [_iso_date(d) for d in raw]
    if any(d is None for d in days):
        return None, FieldProblem("not_a_date", field_id)
    unique = sorted({d for d in days if d is not None})
    if len(unique) > MAX_SKIPPED:
        return None, FieldProblem("too_many_dates", field_id, {"max": MAX_SKIPPED})
    return unique, None


@dataclass(frozen=True)
class NetworkPlan:
    """A plan's fields as shown (stored values, else the prefill), the stored ones
    alone (what a save is checked against), and the calendar they give."""

    values: Values
    stored: Values
    schedule: Schedule
    lang: str

    def text(self, field_id: str) -> str:
        value = self.values[field_id]
        return value if isinstance(value, str) else str(value)

    def number(self, field_id: str) -> float:
        value = self.values[field_id]
        assert isinstance(value, int | float)
        return value

    def day(self, field_id: str) -> date:
        value = self.values[field_id]
        assert isinstance(value, str)
        return date.fromisoformat(value)

    def dates(self, field_id: str) -> list[date]:
        value = self.values[field_id]
        return [date.fromisoformat(d) for d in value] if isinstance(value, list) else []

    def is_stored(self, field_id: str) -> bool:
        return field_id in self.stored


def _valid_stored(netplan: Netplan, content: Content, stored: Mapping[str, object]) -> Values:
    """The stored values that are still valid (a field removed from the content, or
    a value its bounds no longer allow, falls back to the prefill)."""
    out: Values = {}
    for field_id, raw in stored.items():
        value, problem = check_value(netplan, content, field_id, raw)
        if problem is None and value is not None:
            out[field_id] = value
    return out


def _answer_word(netplan: Netplan, content: Content, q: Question, options: Mapping[str, str],
                 value: object, lang: str, words: Mapping[str, str]) -> str | None:
    """The answer in the words of a field's prefill (None: not answered). The
    prefill's own option texts may name the plan's values ({count}); an answer the
    user typed is taken as it is."""
    if value is None or value == UNKNOWN or value == [UNKNOWN]:
        return None
    if q.kind == "scale":
        assert isinstance(value, int)
        key = "agreed" if value >= netplan.structure.scale_agree_from else "not_agreed"
        return options[key].format(**words) if key in options else None
    if q.kind == "choice" and str(value) in options:
        return options[str(value)].format(**words)
    qt = next(r.texts[lang].questions[q.id] for r in content.rules
              if q.id in r.texts[lang].questions)
    return answer_label(content, q, qt, value, lang)  # type: ignore[arg-type]


def resolve(netplan: Netplan, content: Content, answers: Answers, stored: Mapping[str, object],
            lang: str, today: date) -> NetworkPlan:
    """Every field's value: the stored one, else the prefill from the answers (and,
    for the start date, `today` plus the content's lead time)."""
    d = netplan.structure.defaults
    questions = question_index(content)
    kept = _valid_stored(netplan, content, stored)
    values: Values = {}

    def answered_number(spec: FieldSpec, default: float) -> float:
        assert spec.question is not None
        value = answers.get(spec.question)
        if not _is_number(value):
            return default
        checked, problem = check_value(netplan, content, spec.id, value)
        return default if problem or checked is None else checked  # type: ignore[return-value]

    for spec in netplan.structure.fields:
        if spec.id in kept:
            values[spec.id] = kept[spec.id]
        elif spec.kind == "number":
            default = getattr(d, spec.id)
            values[spec.id] = answered_number(spec, default)
        elif spec.kind == "date" and spec.id == "start_date":
            values[spec.id] = (today + timedelta(weeks=d.start_in_weeks)).isoformat()
        elif spec.kind == "time":
            values[spec.id] = d.start_time
        elif spec.kind == "rhythm":
            answer = answers.get(spec.question) if spec.question else None
            values[spec.id] = answer if isinstance(answer, str) and \
                answer in netplan.rhythm_ids else d.rhythm
        elif spec.kind == "dates":
            values[spec.id] = []

    start_time = time.fromisoformat(str(values["start_time"]))
    follow_up = values.get("follow_up_date")
    schedule = build_schedule(
        start=date.fromisoformat(str(values["start_date"])), start_time=start_time,
        rhythm=netplan.rhythm(str(values["rhythm"])), count=int(values["count"]),  # type: ignore[arg-type]
        hours=float(values["hours"]),  # type: ignore[arg-type]
        skipped=[date.fromisoformat(s) for s in values["skipped"]],  # type: ignore[union-attr]
        follow_up=date.fromisoformat(follow_up) if isinstance(follow_up, str) else None,
        follow_up_weeks=d.follow_up_weeks,
        # The meal is part of every meeting the plan proposes (rule-7), also when the
        # scan says none is arranged yet: the plan's meal field says so.
        meal_minutes=d.meal_minutes,
        checkin_minutes=d.checkin_minutes, zone=netplan.structure.time_zone)
    if "follow_up_date" not in values:
        back = next(e for e in schedule.events if e.kind == "follow_up")
        values["follow_up_date"] = back.start.date().isoformat()

    m = content.messages[lang]
    texts = netplan.texts[lang]
    theme_answer = answers.get("theme_text")
    theme = kept.get("theme") or (theme_answer if isinstance(theme_answer, str) and theme_answer
                                  else texts.texts["theme_fallback"])
    words: dict[str, str] = {
        "theme": str(theme),
        "participants": number(float(values["participants"]), lang),  # type: ignore[arg-type]
        "count": number(float(values["count"]), lang),  # type: ignore[arg-type]
        "hours": number(float(values["hours"]), lang),  # type: ignore[arg-type]
        "rhythm": m[f"netplan.rhythm.{values['rhythm']}"],
        "first_date": date_text(schedule.first, m),
        "last_date": date_text(schedule.last, m),
        "coordinator": str(kept.get("coordinator_name") or texts.texts["coordinator_fallback"]),
    }
    for spec in netplan.structure.fields:
        if spec.kind not in TEXT_KINDS or spec.id in values:
            continue
        prefill = texts.prefill.get(spec.id)
        if prefill is None:
            values[spec.id] = ""  # a name: optional, nothing to start from
            continue
        q = questions.get(spec.question) if spec.question else None
        word = None if q is None else _answer_word(netplan, content, q, prefill.options,
                                                   answers.get(q.id), lang, words)
        template = prefill.template if (q is None or word is not None) else \
            (prefill.unanswered or prefill.template)
        text = template.format(answer=word or m["answer.none"], **words)
        values[spec.id] = clean_text(text, max_length=spec.max_length,
                                     multiline=spec.kind == "text")
    return NetworkPlan(values=values, stored=kept, schedule=schedule, lang=lang)


def withdrawn_meetings(netplan: Netplan, plan: NetworkPlan, issued: int) -> tuple[Event, ...]:
    """The meetings an earlier calendar held that this plan no longer has (its
    count went down): numbers count+1..issued, on the dates the rhythm would have
    given them, so a calendar application can mark them cancelled."""
    count = len(plan.schedule.meetings)
    if issued <= count:
        return ()
    held, _ = meeting_dates(plan.day("start_date"), netplan.rhythm(plan.text("rhythm")), issued,
                            plan.dates("skipped"))
    tz = ZoneInfo(netplan.structure.time_zone)
    start = time.fromisoformat(plan.text("start_time"))
    length = timedelta(minutes=round(plan.number("hours") * 60))
    out = []
    for n in range(count + 1, issued + 1):
        begin = datetime.combine(held[n - 1], start, tzinfo=tz)
        out.append(Event(f"meeting-{n}", "meeting", begin, begin + length, n))
    return tuple(out)
