"""The check-ins of a running network (content/checkins.yaml and its texts
checkins.nl.md / checkins.en.md): the start check, the mid-term pulse and the
closing harvest, their statements and story prompts, the value-creation cycles of
Wenger, Trayner & de Laat (2011), the rule-10 decision, the limits of free text and
the thresholds that word a change over time.

Validated by pydantic; `load_checkins` reports every problem as ContentError
naming the file and the field, and checks the references against the rest of the
content (rule ids, handreiking sections, ids that would clash with the scan's).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from content.loader import (
    CONTENT_DIR,
    ContentError,
    _compare_ids,
    _Problems,
    _read_markdown,
    _read_yaml,
    load_content,
)
from content.models import LANGUAGES, Content, Strict

Moment = Literal["start", "mid", "end"]
MOMENTS: tuple[Moment, ...] = ("start", "mid", "end")
Cycle = Literal["immediate", "potential", "applied", "realised", "reframing"]
CYCLES: tuple[Cycle, ...] = ("immediate", "potential", "applied", "realised", "reframing")
Decision = Literal["stop", "renew", "change_shape"]
DECISIONS: tuple[Decision, ...] = ("stop", "renew", "change_shape")
MAX_PULSE_STATEMENTS = 10  # the issue: "at most ten short statements"
# A moment run as a live workshop groups its statements per golden rule; those
# without a rule go in one block with this id (lifecycle/room.py).
UNRULED_BLOCK = "network"
ID = r"^[a-z][a-z0-9_]*$"


class Reference(Strict):
    """A source outside the handreiking, cited in full."""

    citation: str = Field(min_length=20)


class Limits(Strict):
    max_pulse_statements: int = Field(ge=1, le=MAX_PULSE_STATEMENTS)
    story_max_chars: int = Field(ge=50, le=5000)
    learning_question_max_chars: int = Field(ge=20, le=1000)
    follow_up_max_days: int = Field(ge=1, le=3 * 365)


class Retention(Strict):
    """How long Vonk keeps a network (content/checkins.yaml `retention`): a deleted
    network can be restored for `deleted_undo_days`, then it is purged; any network
    is purged `inactive_days` after its last activity or its follow-up date,
    whichever is later. Both are Vonk's judgement (the handreiking is silent)."""

    deleted_undo_days: int = Field(ge=1, le=90)
    inactive_days: int = Field(ge=90, le=3 * 365)


class ChangeSteps(Strict):
    """A change of agreement A of at least `agreement_step` is "more" or "less"
    agreement; a median that moved at least `median_step` is "higher" or "lower"."""

    agreement_step: float = Field(gt=0, le=2)
    median_step: float = Field(gt=0, le=4)


class Sourced(Strict):
    source: str


class StartCheck(Strict):
    scan_statements: bool
    learning_question: Sourced


class Statement(Strict):
    """A 1–5 statement (or "weet ik niet"), asked with the same words at each of
    `moments`."""

    id: str = Field(pattern=ID)
    rule: str | None = None
    source: str
    moments: tuple[Moment, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_moments(self) -> Statement:
        if len(set(self.moments)) != len(self.moments):
            raise ValueError("a moment is listed twice")
        return self


class Story(Strict):
    """An open question with a short story field."""

    id: str = Field(pattern=ID)
    cycle: Cycle | None = None
    source: str
    moments: tuple[Moment, ...] = Field(min_length=1)


class DecisionSources(Strict):
    source: str
    follow_up_source: str


class CheckinStructure(Strict):
    references: dict[str, Reference]
    limits: Limits
    change: ChangeSteps
    retention: Retention
    start: StartCheck
    statements: list[Statement] = Field(min_length=1)
    stories: list[Story]
    decision: DecisionSources

    @model_validator(mode="after")
    def _consistent(self) -> CheckinStructure:
        ids = [s.id for s in self.statements] + [s.id for s in self.stories]
        doubles = sorted({i for i in ids if ids.count(i) > 1})
        if doubles:
            raise ValueError(f"id used twice: {', '.join(doubles)}")
        mid = [s.id for s in self.statements if "mid" in s.moments]
        if len(mid) > self.limits.max_pulse_statements:
            raise ValueError(f"the mid-term pulse has {len(mid)} statements, at most "
                             f"{self.limits.max_pulse_statements} (limits.max_pulse_statements)")
        cycles = [s.cycle for s in self.stories if s.cycle is not None and "end" in s.moments]
        missing = [c for c in CYCLES if c not in cycles]
        if missing:
            raise ValueError(f"the harvest needs a story for every value-creation cycle; "
                             f"missing: {', '.join(missing)}")
        return self


# ------------------------------------------------------------------- texts
class MomentText(Strict):
    title: str = Field(min_length=3, max_length=60)
    intro: str = Field(min_length=20)


class StatementText(Strict):
    text: str = Field(min_length=10, max_length=140)  # short: read on a phone


class StoryText(Strict):
    prompt: str = Field(min_length=10, max_length=200)
    help: str = Field(min_length=10)


class CycleText(Strict):
    name: str = Field(min_length=3, max_length=60)
    explanation: str = Field(min_length=10)


class LearningQuestionText(Strict):
    label: str = Field(min_length=3)
    help: str = Field(min_length=10)
    share: str = Field(min_length=10)


class DecisionText(Strict):
    label: str = Field(min_length=3)
    help: str = Field(min_length=10)
    options: dict[Decision, str]
    follow_up_label: str = Field(min_length=3)
    follow_up_help: str = Field(min_length=10)

    @model_validator(mode="after")
    def _every_option(self) -> DecisionText:
        missing = [d for d in DECISIONS if d not in self.options]
        if missing:
            raise ValueError(f"options missing: {', '.join(missing)}")
        return self


class CheckinText(Strict):
    moments: dict[Moment, MomentText]
    statements: dict[str, StatementText]
    stories: dict[str, StoryText]
    cycles: dict[Cycle, CycleText]
    learning_question: LearningQuestionText
    decision: DecisionText
    explanation: str = Field(min_length=20)  # the Markdown body

    @model_validator(mode="after")
    def _every_moment_and_cycle(self) -> CheckinText:
        missing = [m for m in MOMENTS if m not in self.moments] + \
            [c for c in CYCLES if c not in self.cycles]
        if missing:
            raise ValueError(f"missing: {', '.join(missing)}")
        return self


class Checkins(Strict):
    """The check-ins, loaded and cross-checked."""

    structure: CheckinStructure
    texts: dict[str, CheckinText]  # lang -> texts
    scan_statements: tuple[tuple[str, str], ...]  # (question id, rule id), content order

    @property
    def limits(self) -> Limits:
        return self.structure.limits

    @property
    def change(self) -> ChangeSteps:
        return self.structure.change

    @property
    def retention(self) -> Retention:
        return self.structure.retention

    def statements_at(self, moment: Moment) -> tuple[str, ...]:
        """The ids of the statements asked at this moment, in order: at the start
        the scan's (when `start.scan_statements`), then the check-in statements."""
        scan = tuple(q for q, _ in self.scan_statements) \
            if moment == "start" and self.structure.start.scan_statements else ()
        return scan + tuple(s.id for s in self.structure.statements if moment in s.moments)

    def stories_at(self, moment: Moment) -> tuple[str, ...]:
        return tuple(s.id for s in self.structure.stories if moment in s.moments)

    def rule_of(self, item_id: str) -> str | None:
        """The golden rule an item belongs to (scan statement or check-in statement)."""
        for qid, rid in self.scan_statements:
            if qid == item_id:
                return rid
        for s in self.structure.statements:
            if s.id == item_id:
                return s.rule
        raise KeyError(item_id)

    def is_statement(self, item_id: str) -> bool:
        return any(item_id == q for q, _ in self.scan_statements) or \
            any(item_id == s.id for s in self.structure.statements)

    def statement_text(self, item_id: str, lang: str, content: Content) -> str:
        """The words of a statement: the check-in's own, or the scan question's."""
        own = self.texts[lang].statements.get(item_id)
        if own is not None:
            return own.text
        for rule in content.rules:
            if item_id in rule.texts[lang].questions:
                return rule.texts[lang].questions[item_id].label
        raise KeyError(item_id)

    def source_text(self, source: str, lang: str, content: Content) -> str:
        """A source named in full: the handreiking's section, or a reference."""
        ref = self.structure.references.get(source)
        if ref is not None:
            return ref.citation
        return content.section_heading(lang, source)


def _check(structure: CheckinStructure, content: Content, path: Path,
           problems: _Problems) -> None:
    known = set(content.sections) | set(structure.references)
    rule_ids = {r.id for r in content.rules}
    question_ids = {q.id for r in content.rules for q in r.structure.questions}
    clash = set(content.sections) & set(structure.references)
    for key in sorted(clash):
        problems.add(path, f"references.{key}", "also a handreiking section: use another id")

    def source(field: str, value: str) -> None:
        if value not in known:
            problems.add(path, field, f"unknown source '{value}' (a section in sections.yaml "
                         "or a key of references)")

    source("start.learning_question.source", structure.start.learning_question.source)
    source("decision.source", structure.decision.source)
    source("decision.follow_up_source", structure.decision.follow_up_source)
    for i, s in enumerate(structure.statements):
        source(f"statements.{i}.source", s.source)
        if s.rule is not None and s.rule not in rule_ids:
            problems.add(path, f"statements.{i}.rule", f"unknown rule '{s.rule}'")
        if s.id in question_ids:
            problems.add(path, f"statements.{i}.id", f"'{s.id}' is also a question of the scan")
    for i, st in enumerate(structure.stories):
        source(f"stories.{i}.source", st.source)
        if st.id in question_ids:
            problems.add(path, f"stories.{i}.id", f"'{st.id}' is also a question of the scan")


def load_checkins(root: Path = CONTENT_DIR, content: Content | None = None) -> Checkins:
    """Read, validate and cross-check the check-in files in `root` (against
    `content`, loaded from `root` when not given); raise ContentError naming file
    and field."""
    content = content if content is not None else load_content(root)
    problems = _Problems(root)
    path = root / "checkins.yaml"
    raw = _read_yaml(path, problems)
    structure = None if raw is None else problems.validate(CheckinStructure, raw, path)
    if structure is not None:
        _check(structure, content, path, problems)
    texts: dict[str, CheckinText] = {}
    for lang in LANGUAGES:
        md = root / f"checkins.{lang}.md"
        parsed = _read_markdown(md, problems)
        if parsed is None:
            continue
        meta, body = parsed
        text = problems.validate(CheckinText, {**meta, "explanation": body}, md)
        if text is None:
            continue
        texts[lang] = text
        if structure is not None:
            _compare_ids(problems, md, "statements", [s.id for s in structure.statements],
                         text.statements, "checkins.yaml")
            _compare_ids(problems, md, "stories", [s.id for s in structure.stories],
                         text.stories, "checkins.yaml")
    if problems.items or structure is None or len(texts) != len(LANGUAGES):
        raise ContentError(problems.items or ["checkins: could not be read"])
    scan = tuple((q.id, r.id) for r in content.rules for q in r.structure.questions
                 if q.kind == "scale")
    return Checkins(structure=structure, texts=texts, scan_statements=scan)


@lru_cache(maxsize=1)
def default_checkins() -> Checkins:
    """The shipped check-ins, loaded once per process."""
    from content.loader import default_content

    return load_checkins(CONTENT_DIR, default_content())
