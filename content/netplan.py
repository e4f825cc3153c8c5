"""The network plan's content (content/netplan.yaml and netplan.<lang>.yaml): the
fields of the working documents and the scan question each starts from, the
rhythms of the calendar, the defaults where the scan has no answer, the first
meeting's agenda blocks, and their words per language.

Validated by pydantic and cross-checked against the rules (question ids, the
rhythm question's options, the handreiking's sections); `load_netplan` reports
problems as ContentError naming the file and the field, like the rest of the content.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, model_validator

from content.loader import CONTENT_DIR, ContentError, _Problems, _read_yaml, default_content
from content.models import LANGUAGES, Content, Strict

FieldKind = Literal["line", "text", "number", "date", "time", "rhythm", "dates"]
SectionId = Literal["plan", "call", "calendar"]
SECTIONS: tuple[SectionId, ...] = ("plan", "call", "calendar")
TEXT_KINDS: frozenset[str] = frozenset({"line", "text"})
# What a prefill template may name besides {answer}: values of the plan itself.
TEMPLATE_FIELDS: frozenset[str] = frozenset({"answer", "theme", "participants", "count", "hours",
                                             "rhythm", "first_date", "last_date", "coordinator"})
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class FieldSpec(Strict):
    """One editable field. `question`: the scan question it starts from (a number
    field takes that question's answer and bounds)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: FieldKind
    section: SectionId
    max_length: int = Field(default=300, ge=1, le=5000)
    question: str | None = None

    @model_validator(mode="after")
    def _number_has_question(self) -> FieldSpec:
        if self.kind == "number" and self.question is None:
            raise ValueError("a number field needs the question that gives its bounds")
        return self


class Rhythm(Strict):
    """Every `weeks` weeks, or the same weekday in the same week of every `months` months."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    weeks: int | None = Field(default=None, ge=1, le=26)
    months: int | None = Field(default=None, ge=1, le=12)

    @model_validator(mode="after")
    def _one(self) -> Rhythm:
        if (self.weeks is None) == (self.months is None):
            raise ValueError("a rhythm needs either weeks or months")
        return self


class Defaults(Strict):
    start_in_weeks: int = Field(ge=0, le=52)
    start_time: str
    rhythm: str
    count: int = Field(ge=1, le=100)
    hours: float = Field(gt=0, le=24)
    participants: int = Field(ge=1, le=1000)
    meal_minutes: int = Field(ge=0, le=240)
    follow_up_weeks: int = Field(ge=1, le=104)
    checkin_minutes: int = Field(ge=5, le=240)

    @model_validator(mode="after")
    def _time(self) -> Defaults:
        if not _TIME.match(self.start_time):
            raise ValueError("start_time must be HH:MM (24 hours)")
        return self


class AgendaBlock(Strict):
    """A part of the first meeting: a fixed length, so many minutes per participant,
    the time that is left (`fills`), or after the meeting (`after_meeting`, its
    length the meal's)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    minutes: int | None = Field(default=None, ge=1, le=480)
    per_participant: int | None = Field(default=None, ge=1, le=60)
    fills: bool = False
    after_meeting: bool = False
    source: str

    @model_validator(mode="after")
    def _one_length(self) -> AgendaBlock:
        given = [self.minutes is not None, self.per_participant is not None, self.fills,
                 self.after_meeting]
        if sum(given) != 1:
            raise ValueError("a block needs exactly one of minutes, per_participant, fills, "
                             "after_meeting")
        return self


class NetplanStructure(Strict):
    fields: list[FieldSpec] = Field(min_length=1)
    time_zone: str
    rhythms: list[Rhythm] = Field(min_length=1)
    defaults: Defaults
    scale_agree_from: int = Field(ge=1, le=5)
    agenda: list[AgendaBlock] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> NetplanStructure:
        ids = [f.id for f in self.fields]
        if len(ids) != len(set(ids)):
            raise ValueError("field ids must be unique")
        if self.defaults.rhythm not in {r.id for r in self.rhythms}:
            raise ValueError(f"defaults.rhythm '{self.defaults.rhythm}' is not a rhythm id")
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"time_zone '{self.time_zone}' is not a known time zone") from exc
        if sum(b.fills for b in self.agenda) > 1:
            raise ValueError("at most one agenda block fills the time left")
        return self


class Prefill(Strict):
    template: str = Field(min_length=1)
    options: dict[str, str] = Field(default_factory=dict)
    unanswered: str | None = None


class AgendaText(Strict):
    title: str = Field(min_length=3)
    body: str = Field(min_length=20)
    judgement: str = Field(min_length=10)  # why a length or a choice is Vonk's


class NetplanTexts(Strict):
    prefill: dict[str, Prefill]
    agenda: dict[str, AgendaText]
    texts: dict[str, str]


TEXT_KEYS: tuple[str, ...] = (
    "plan_intro", "call_intro", "calendar_intro", "agenda_intro", "agenda_over", "meeting",
    "mid_term", "mid_term_body", "closing", "closing_body", "follow_up_event", "follow_up_body",
    "meeting_body", "meal_after", "calendar_name", "theme_fallback", "withdrawn",
    "coordinator_fallback")


class Netplan(Strict):
    structure: NetplanStructure
    texts: dict[str, NetplanTexts]  # by language

    def field(self, field_id: str) -> FieldSpec:
        return next(f for f in self.structure.fields if f.id == field_id)

    def fields_of(self, section: SectionId) -> list[FieldSpec]:
        return [f for f in self.structure.fields if f.section == section]

    def rhythm(self, rhythm_id: str) -> Rhythm:
        return next(r for r in self.structure.rhythms if r.id == rhythm_id)

    @property
    def rhythm_ids(self) -> list[str]:
        return [r.id for r in self.structure.rhythms]


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _check(netplan: Netplan, content: Content, problems: _Problems, root: Path) -> None:
    structure_path = root / "netplan.yaml"
    questions = {q.id: q for r in content.rules for q in r.structure.questions}
    for i, spec in enumerate(netplan.structure.fields):
        if spec.question is None:
            continue
        q = questions.get(spec.question)
        if q is None:
            problems.add(structure_path, f"fields.{i}.question",
                         f"'{spec.question}' is not a question id")
        elif spec.kind == "number" and q.kind != "number":
            problems.add(structure_path, f"fields.{i}.question",
                         f"'{spec.question}' is a {q.kind} question, not a number question")
    rhythm_q = next((f.question for f in netplan.structure.fields if f.kind == "rhythm"), None)
    if rhythm_q in questions:
        options = set(questions[rhythm_q].option_ids)
        for i, rhythm in enumerate(netplan.structure.rhythms):
            if rhythm.id not in options:
                problems.add(structure_path, f"rhythms.{i}.id",
                             f"'{rhythm.id}' is not an option of question '{rhythm_q}'")
    for i, block in enumerate(netplan.structure.agenda):
        if block.source not in content.sections:
            problems.add(structure_path, f"agenda.{i}.source",
                         f"'{block.source}' is not a section of content/sections.yaml")
    text_fields = [f for f in netplan.structure.fields if f.kind in TEXT_KINDS]
    for lang in LANGUAGES:
        path = root / f"netplan.{lang}.yaml"
        texts = netplan.texts[lang]
        for spec in text_fields:
            prefill = texts.prefill.get(spec.id)
            if prefill is None:
                if spec.question is not None:
                    problems.add(path, f"prefill.{spec.id}", "missing (the field has a question)")
                continue
            q = questions.get(spec.question) if spec.question else None
            allowed = set(q.option_ids) if q is not None and q.kind == "choice" else \
                {"agreed", "not_agreed"} if q is not None and q.kind == "scale" else set()
            for option in prefill.options:
                if option not in allowed:
                    problems.add(path, f"prefill.{spec.id}.options.{option}",
                                 "not an option of the field's question")
            for where, template in (("template", prefill.template),
                                    ("unanswered", prefill.unanswered or "")):
                unknown = _names(template) - TEMPLATE_FIELDS
                if unknown:
                    problems.add(path, f"prefill.{spec.id}.{where}",
                                 f"unknown placeholder {{{sorted(unknown)[0]}}}; use one of "
                                 f"{', '.join(sorted(TEMPLATE_FIELDS))}")
        for extra in sorted(set(texts.prefill) - {f.id for f in text_fields}):
            problems.add(path, f"prefill.{extra}", "not a text field of netplan.yaml")
        blocks = {b.id for b in netplan.structure.agenda}
        for missing in sorted(blocks - set(texts.agenda)):
            problems.add(path, f"agenda.{missing}", "missing")
        for extra in sorted(set(texts.agenda) - blocks):
            problems.add(path, f"agenda.{extra}", "not a block of netplan.yaml")
        for key in TEXT_KEYS:
            if key not in texts.texts:
                problems.add(path, f"texts.{key}", "missing")


def load_netplan(root: Path = CONTENT_DIR, content: Content | None = None) -> Netplan:
    """Read, validate and cross-check the network plan's content in `root`; raise
    ContentError naming file and field."""
    content = content or default_content()
    problems = _Problems(root)
    structure_path = root / "netplan.yaml"
    raw = _read_yaml(structure_path, problems)
    structure = None if raw is None else problems.validate(NetplanStructure, raw,
                                                           structure_path)
    texts: dict[str, NetplanTexts] = {}
    for lang in LANGUAGES:
        path = root / f"netplan.{lang}.yaml"
        data = _read_yaml(path, problems)
        if data is not None:
            loaded = problems.validate(NetplanTexts, data, path)
            if loaded is not None:
                texts[lang] = loaded
    if structure is None or len(texts) != len(LANGUAGES):
        raise ContentError(problems.items or ["netplan: could not be read"])
    netplan = Netplan(structure=structure, texts=texts)
    _check(netplan, content, problems, root)
    if problems.items:
        raise ContentError(problems.items)
    return netplan


@lru_cache(maxsize=1)
def default_netplan() -> Netplan:
    """The shipped network plan content, loaded once per process."""
    return load_netplan(CONTENT_DIR)
