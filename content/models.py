"""Pydantic models for Vonk's content: the structure of the ten golden rules
(questions, scoring, blockers, advice triggers), the per-language texts, the
cross-rule design checks, the practice tips and the scoring settings.

Structure (ids, weights, ranges, conditions) lives in language-neutral YAML;
the words live in one Markdown file per language with YAML front matter. The
loader (``content.loader``) checks that both agree, id for id.
"""

from __future__ import annotations

from typing import Literal

import annotated_types
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

LANGUAGES: tuple[str, ...] = ("nl", "en")
UNKNOWN = "unknown"  # the answer "weet ik niet / n.v.t." for scale and choice questions
NONE_OF_THESE = "none"  # the explicit "none of these" answer for multi questions
MISSING = "{missing}"  # advice placeholder: the options of `missing_of` not chosen
SCALE: tuple[int, ...] = (1, 2, 3, 4, 5)  # the agreement scale of statements (1 = oneens)
MAX_QUESTIONS_PER_RULE = 8  # a rule stays one screen of the scan


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- conditions
class QuestionCondition(Strict):
    """True when the answer to ``question`` meets every test given.

    An unanswered question makes every test false, except ``answered: false``.
    """

    question: str
    in_: list[str | int] | None = Field(default=None, alias="in")
    lt: float | None = None
    le: float | None = None
    gt: float | None = None
    ge: float | None = None
    includes: list[str] | None = None  # multi: at least one of these selected
    count_ge: int | None = None  # multi: at least this many real options selected
    count_le: int | None = None
    answered: bool | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _has_a_test(self) -> QuestionCondition:
        tests = (self.in_, self.lt, self.le, self.gt, self.ge, self.includes,
                 self.count_ge, self.count_le, self.answered)
        if all(t is None for t in tests):
            raise ValueError("a condition needs at least one test (in, lt, le, gt, ge, "
                             "includes, count_ge, count_le, answered)")
        return self


class AllCondition(Strict):
    all: list[Condition] = Field(min_length=1)


class AnyCondition(Strict):
    any: list[Condition] = Field(min_length=1)


class NotCondition(Strict):
    not_: Condition = Field(alias="not")
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


Condition = QuestionCondition | AllCondition | AnyCondition | NotCondition
AllCondition.model_rebuild()
AnyCondition.model_rebuild()
NotCondition.model_rebuild()


# --------------------------------------------------------------------------- questions
class Option(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    score: float | None = Field(default=None, ge=0, le=100)

    @field_validator("id")
    @classmethod
    def _not_reserved(cls, v: str) -> str:
        if v in (UNKNOWN, NONE_OF_THESE):
            raise ValueError(f"'{v}' is reserved for the built-in answer")
        return v


class TargetRange(Strict):
    """Piecewise-linear score over a number: ``points`` are (value, score) pairs.

    Below the first point and above the last the score stays at that point's
    score. ``ideal`` names the range the handreiking itself gives; scores
    outside it are Vonk's judgement, explained in the texts (``judgement``).
    """

    points: list[tuple[float, float]] = Field(min_length=2)
    ideal: tuple[float, float]

    @model_validator(mode="after")
    def _sorted(self) -> TargetRange:
        xs = [p[0] for p in self.points]
        if xs != sorted(xs) or len(set(xs)) != len(xs):
            raise ValueError("points must have strictly increasing values")
        if any(not 0 <= s <= 100 for _, s in self.points):
            raise ValueError("point scores must lie between 0 and 100")
        if self.ideal[0] > self.ideal[1]:
            raise ValueError("ideal must be (low, high) with low <= high")
        return self


class Question(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Literal["scale", "choice", "multi", "number", "text"]
    weight: float = Field(default=1.0, ge=0)
    options: list[Option] = Field(default_factory=list)
    allow_unknown: bool = True
    reverse: bool = False  # scale: agreeing is bad
    count_scores: list[float] | None = None  # multi: score by number selected
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None
    target: TargetRange | None = None
    max_length: int = 300  # text
    # False for a question an initiator can only answer with an expectation before
    # the network starts (e.g. whether a hard core forms); the scan says so.
    known_before_start: bool = True

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        k = self.kind
        if k in ("choice", "multi") and not self.options:
            raise ValueError(f"a {k} question needs options")
        if k not in ("choice", "multi") and self.options:
            raise ValueError(f"a {k} question takes no options")
        if k == "multi":
            if self.count_scores is not None and len(self.count_scores) != len(self.options) + 1:
                raise ValueError("count_scores needs one score for 0..len(options) selected")
            if self.weight > 0 and self.count_scores is None:
                raise ValueError("a weighted multi question needs count_scores")
        if k == "number":
            if self.minimum is None or self.maximum is None or self.step is None:
                raise ValueError("a number question needs minimum, maximum and step")
            if self.minimum >= self.maximum:
                raise ValueError("minimum must be below maximum")
            if self.weight > 0 and self.target is None:
                raise ValueError("a weighted number question needs a target")
        if k == "choice" and self.weight > 0 and any(o.score is None for o in self.options):
            raise ValueError("every option of a weighted choice question needs a score")
        if k == "text" and self.weight > 0:
            raise ValueError("a text question cannot carry weight")
        ids = [o.id for o in self.options]
        if len(ids) != len(set(ids)):
            raise ValueError("option ids must be unique")
        return self

    @property
    def scored(self) -> bool:
        return self.weight > 0

    @property
    def option_ids(self) -> list[str]:
        return [o.id for o in self.options]


class Blocker(Strict):
    """A critical gap no average can hide. ``kind: blocker`` is a verdict: it caps
    the rule's and the overall band whatever else is answered (even when too little
    is answered for a verdict from the scores). ``kind: open`` is an open critical
    point (a critical question not answered yet): it caps a verdict the scores give,
    but gives none of its own. ``replaces_advice`` names the advice of the same rule
    whose step says the same thing as this blocker's step; it is not repeated."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    when: Condition
    cap: str  # highest band the rule and the overall result may reach while this holds
    kind: Literal["blocker", "open"] = "blocker"
    replaces_advice: list[str] = Field(default_factory=list)


class AdviceRule(Strict):
    """When an advice block applies: a condition on answers and/or the rule's band."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    when: Condition | None = None
    bands: list[str] | None = None
    priority: int = Field(default=2, ge=1, le=3)  # 1 = do first
    source: str
    # A multi question of the same rule: its options NOT chosen fill the placeholder
    # {missing} in the advice's title, body and step (all options when the answer
    # is "weet ik niet" or "none of these"), so the advice names exactly what is missing.
    missing_of: str | None = None

    @model_validator(mode="after")
    def _has_trigger(self) -> AdviceRule:
        if self.when is None and self.bands is None:
            raise ValueError("advice needs 'when', 'bands' or both")
        return self


class RuleStructure(Strict):
    id: str = Field(pattern=r"^r\d\d$")
    number: int = Field(ge=1, le=99)
    section: str
    weight: float = Field(default=1.0, gt=0)
    questions: list[Question] = Field(min_length=3, max_length=MAX_QUESTIONS_PER_RULE)
    blockers: list[Blocker] = Field(default_factory=list)
    advice: list[AdviceRule] = Field(min_length=1)


# --------------------------------------------------------------------------- texts
class QuestionText(Strict):
    label: str = Field(min_length=3)
    why: str = Field(min_length=10)
    options: dict[str, str] = Field(default_factory=dict)
    judgement: str | None = None  # where Vonk's scoring goes beyond the handreiking
    help: str | None = None


class BlockerText(Strict):
    title: str = Field(min_length=3)
    fix: str = Field(min_length=10)
    step: str = Field(min_length=5)  # the first step, in other words than `fix`


class AdviceText(Strict):
    title: str = Field(min_length=3)
    body: str = Field(min_length=20)
    step: str = Field(min_length=5)  # one-line action for the "first three steps"


class RuleText(Strict):
    short: str = Field(min_length=3, max_length=32)  # for charts and menus
    title: str = Field(min_length=3)
    summary: str = Field(min_length=10)
    explanation: str = Field(min_length=40)  # the Markdown body
    questions: dict[str, QuestionText]
    blockers: dict[str, BlockerText] = Field(default_factory=dict)
    advice: dict[str, AdviceText]


class Rule(Strict):
    structure: RuleStructure
    texts: dict[str, RuleText]  # by language

    @property
    def id(self) -> str:
        return self.structure.id

    @property
    def number(self) -> int:
        return self.structure.number


# --------------------------------------------------------------------------- cross-rule
class DesignCheck(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    when: Condition
    severity: Literal["high", "medium", "low"]
    rules: list[str] = Field(min_length=1)
    source: str
    # Checks that say nearly the same for the same plan: when this one and one of
    # these hold, only this one is shown (the other's rules are added to it).
    supersedes: list[str] = Field(default_factory=list)


class DesignCheckText(Strict):
    title: str = Field(min_length=3)
    explanation: str = Field(min_length=20)
    fix: str = Field(min_length=10)


class PracticeTip(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    source: str
    rules: list[str] = Field(min_length=1)
    when: Condition | None = None


class PracticeTipText(Strict):
    text: str = Field(min_length=10)


class Section(Strict):
    heading: str  # the handreiking's own (Dutch) heading, as a reference
    en: str  # English gloss of the heading
    part: Literal["intro", "rule", "interview", "summary"]


Tone = Literal["negative", "caution", "positive"]


class Band(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    min_score: float = Field(ge=0, le=100)
    # How a band is shown: colour, pattern and icon follow the tone, never the id.
    tone: Tone


class GuidanceCounts(Strict):
    """How much guidance the results show at most."""

    next_steps: int = Field(ge=1, le=10)
    tips: int = Field(ge=0, le=20)


class RuleBandCap(Strict):
    """Any rule in one of ``rule_bands`` caps the overall band at ``cap``."""

    rule_bands: list[str] = Field(min_length=1)
    cap: str


class FindingCap(Strict):
    """Any design-check finding of one of ``severities`` caps the overall band at ``cap``."""

    severities: list[Literal["high", "medium", "low"]] = Field(min_length=1)
    cap: str


class OverallCaps(Strict):
    """What the average may never hide (either may be left out to switch it off)."""

    weak_rule: RuleBandCap | None = None
    finding: FindingCap | None = None


class ScoringSettings(Strict):
    bands: list[Band] = Field(min_length=2)  # lowest first
    scale_scores: dict[int, float]
    min_completeness_for_top: float = Field(ge=0, le=1)
    min_completeness_for_verdict: float = Field(ge=0, le=1)
    incomplete_cap: str
    min_answered_per_rule: int = Field(ge=1)
    overall_caps: OverallCaps
    guidance: GuidanceCounts

    @model_validator(mode="after")
    def _check(self) -> ScoringSettings:
        mins = [b.min_score for b in self.bands]
        if mins[0] != 0 or mins != sorted(mins) or len(set(mins)) != len(mins):
            raise ValueError("bands must start at 0 and rise strictly")
        if tuple(sorted(self.scale_scores)) != SCALE:
            raise ValueError(f"scale_scores needs scores for {SCALE[0]}..{SCALE[-1]}")
        if self.min_completeness_for_verdict > self.min_completeness_for_top:
            raise ValueError("min_completeness_for_verdict cannot exceed "
                             "min_completeness_for_top")
        ids = {b.id for b in self.bands}
        if self.incomplete_cap not in ids:
            raise ValueError(f"incomplete_cap '{self.incomplete_cap}' is not a band id")
        weak, finding = self.overall_caps.weak_rule, self.overall_caps.finding
        named = [("overall_caps.weak_rule.cap", weak.cap)] if weak else []
        named += [("overall_caps.weak_rule.rule_bands", b)
                  for b in (weak.rule_bands if weak else [])]
        named += [("overall_caps.finding.cap", finding.cap)] if finding else []
        for where, band in named:
            if band not in ids:
                raise ValueError(f"{where}: '{band}' is not a band id")
        return self

    @property
    def band_ids(self) -> list[str]:
        return [b.id for b in self.bands]

    def tone(self, band_id: str | None) -> Tone | None:
        """The tone of a band; None for "no verdict yet"."""
        return next((b.tone for b in self.bands if b.id == band_id), None)


class InvestmentRates(Strict):
    """Rates and hours behind the investment estimate (content/investment.yaml).
    The bounds below are also the bounds of the rate inputs on screen."""

    internal_rate: float = Field(ge=0, le=10_000)
    external_rate: float = Field(ge=0, le=10_000)
    meal_per_person: float = Field(ge=0, le=1_000)
    location_per_meeting: float = Field(ge=0, le=100_000)
    preparation_hours_per_participant: float = Field(ge=0, le=100)
    coordinator_hours_per_meeting: float = Field(ge=0, le=100)
    content_lead_prep_per_meeting: float = Field(ge=0, le=100)
    facilitator_prep_per_meeting: float = Field(ge=0, le=100)


# The rates above that are amounts of money (the others are hours): reports show them
# in euros, a spreadsheet with a money format.
EURO_RATES: frozenset[str] = frozenset({"internal_rate", "external_rate", "meal_per_person",
                                        "location_per_meeting"})


class RoleInput(Strict):
    """A role the estimate counts: a choice question saying who holds it."""

    question: str
    attends: bool  # attends every meeting: hours = meeting hours + `hours_per_meeting`
    hours_per_meeting: str  # the InvestmentRates field with its hours per meeting

    @field_validator("hours_per_meeting")
    @classmethod
    def _is_rate(cls, v: str) -> str:
        if v not in InvestmentRates.model_fields:
            raise ValueError(f"'{v}' is not a rate; use one of "
                             f"{', '.join(InvestmentRates.model_fields)}")
        return v


class InvestmentInputs(Strict):
    """Which answers the estimate reads (question and option ids, checked by the loader)."""

    participants: str  # number questions
    meetings: str
    meeting_hours: str
    meal_question: str  # a choice question and the option that means a shared meal
    meal_option: str
    roles: list[RoleInput] = Field(min_length=1)
    external_option: str  # the role option paid at the external rate
    no_holder_options: list[str]  # role options that mean nobody holds the role

    @property
    def required(self) -> tuple[str, str, str]:
        return (self.participants, self.meetings, self.meeting_hours)


class InvestmentSettings(Strict):
    rates: InvestmentRates
    inputs: InvestmentInputs


class PlanFields(Strict):
    """The free-text fields of a plan and their bounds (screen, storage, files)."""

    title: str = Field(default="", max_length=120)
    note: str = Field(default="", max_length=2000)


def max_length(model: type[BaseModel], field: str) -> int:
    """The max_length a model gives a text field."""
    for item in model.model_fields[field].metadata:
        if isinstance(item, annotated_types.MaxLen):
            return int(item.max_length)
    raise KeyError(f"{model.__name__}.{field} has no max_length")


def bounds(model: type[BaseModel], field: str) -> tuple[float, float]:
    """The (ge, le) bounds a model gives a number field."""
    low = high = None
    for item in model.model_fields[field].metadata:
        if isinstance(item, annotated_types.Ge):
            low = float(item.ge)  # type: ignore[arg-type]
        elif isinstance(item, annotated_types.Le):
            high = float(item.le)  # type: ignore[arg-type]
    if low is None or high is None:
        raise KeyError(f"{model.__name__}.{field} has no ge/le bounds")
    return low, high


class Content(Strict):
    """Everything Vonk knows, loaded and cross-checked."""

    rules: list[Rule]
    design_checks: list[DesignCheck]
    design_check_texts: dict[str, dict[str, DesignCheckText]]  # lang -> id -> text
    tips: list[PracticeTip]
    tip_texts: dict[str, dict[str, PracticeTipText]]
    sections: dict[str, Section]
    scoring: ScoringSettings
    investment: InvestmentSettings
    messages: dict[str, dict[str, str]]  # lang -> key -> text

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def rule_label(self, rule_id: str, lang: str, *, short: bool = False) -> str:
        """"3. Dubbele focus": the rule's number and its (short) title."""
        rule = self.rule(rule_id)
        texts = rule.texts[lang]
        return f"{rule.number}. {texts.short if short else texts.title}"

    def blocker_text(self, lang: str, blocker_id: str) -> BlockerText:
        return next(r.texts[lang].blockers[blocker_id] for r in self.rules
                    if blocker_id in r.texts[lang].blockers)

    def blocker_title(self, lang: str, blocker_id: str) -> str:
        return self.blocker_text(lang, blocker_id).title

    def check_text(self, lang: str, check_id: str) -> DesignCheckText:
        return self.design_check_texts[lang][check_id]

    def section_heading(self, lang: str, section_id: str) -> str:
        """A handreiking section: its own Dutch heading, or the English gloss."""
        section = self.sections[section_id]
        return section.heading if lang == "nl" else section.en

    def advice_title(self, lang: str, advice_id: str) -> str:
        return next(r.texts[lang].advice[advice_id].title for r in self.rules
                    if advice_id in r.texts[lang].advice)

