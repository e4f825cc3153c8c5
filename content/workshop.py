"""The live workshop's settings (content/workshop.yaml): anonymity thresholds,
the agreement cut-offs behind the labels eens / verdeeld / tegengesteld, how long
a join code works, how long a workshop is kept, and the join limits.

Validated by pydantic; `load_workshop_settings` reports problems as ContentError
naming the file and the field, like the rest of the content.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from content.loader import CONTENT_DIR, ContentError, _Problems, _read_yaml, default_content
from content.models import Strict

AgreementLabel = Literal["agree", "divided", "opposed"]
AGREEMENT_LABELS: tuple[AgreementLabel, ...] = ("agree", "divided", "opposed")


class Anonymity(Strict):
    """Below `min_figure` answers no figure is shown, below `min_distribution` no
    counts per option. A workshop may set its own, within these bounds: never
    below 3, the lowest an anonymous figure can honestly be."""

    min_figure: int = Field(ge=3, le=50)
    min_distribution: int = Field(ge=3, le=50)

    @model_validator(mode="after")
    def _ordered(self) -> Anonymity:
        if self.min_distribution < self.min_figure:
            raise ValueError("min_distribution must be at least min_figure")
        return self


class AgreementCutoffs(Strict):
    """Labels from van der Eijk's agreement A (−1..1): A ≥ `agree_from` is "eens",
    A < `opposed_below` is "tegengesteld", anything between is "verdeeld". With
    fewer than `small_group_below` answers one vote moves every index: the screen
    says so."""

    agree_from: float = Field(gt=-1, le=1)
    opposed_below: float = Field(ge=-1, lt=1)
    small_group_below: int = Field(ge=1, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> AgreementCutoffs:
        if self.opposed_below > self.agree_from:
            raise ValueError("opposed_below must not be above agree_from")
        return self

    def label(self, agreement: float) -> AgreementLabel:
        if agreement >= self.agree_from:
            return "agree"
        if agreement < self.opposed_below:
            return "opposed"
        return "divided"


class JoinLimits(Strict):
    """Failed join attempts per client address, and joins per code, per window."""

    failed_per_address: int = Field(ge=1, le=100_000)
    joins_per_code: int = Field(ge=1, le=100_000)
    window_seconds: float = Field(gt=0, le=86_400)


class Retention(Strict):
    """Days a workshop and its answers are kept (a scenario saved from it is a plan
    and stays). A workshop may choose within the bounds."""

    default_days: int = Field(ge=1, le=365)
    min_days: int = Field(ge=1, le=365)
    max_days: int = Field(ge=1, le=365)

    @model_validator(mode="after")
    def _ordered(self) -> Retention:
        if not self.min_days <= self.default_days <= self.max_days:
            raise ValueError("need min_days <= default_days <= max_days")
        return self


class Polling(Strict):
    """Seconds between two version checks of each screen (the browser's timer of an
    `st.fragment(run_every=...)`): each tick is one cheap read of the version."""

    screen_seconds: float = Field(ge=0.5, le=60)
    control_seconds: float = Field(ge=0.5, le=60)
    phone_seconds: float = Field(ge=0.5, le=60)


class Timer(Strict):
    """The facilitator's timer, in whole minutes."""

    default_minutes: int = Field(ge=1, le=240)
    max_minutes: int = Field(ge=1, le=240)

    @model_validator(mode="after")
    def _ordered(self) -> Timer:
        if self.default_minutes > self.max_minutes:
            raise ValueError("default_minutes must not be above max_minutes")
        return self


class AgreedActionFields(Strict):
    """One agreed action as the facilitator types it: what, who (a role, free
    text), both required; the lengths are the bounds the service checks and the
    storage columns hold (read with `content.models.max_length`)."""

    what: str = Field(min_length=1, max_length=300)
    who: str = Field(min_length=1, max_length=80)


class ActionSettings(Strict):
    """At most `max_actions` per workshop; a date from the workshop's day up to
    `due_within_days` after it."""

    max_actions: int = Field(ge=1, le=200)
    due_within_days: int = Field(ge=1, le=3650)


class PromptSettings(Strict):
    """Which rules get discussion prompts: at most `most_divided` of the rules the
    room is divided on (label not "eens", most divided first) and `lowest` of the
    rules with a median below `low_median_below` (lowest first)."""

    most_divided: int = Field(ge=0, le=10)
    lowest: int = Field(ge=0, le=10)
    low_median_below: float = Field(gt=1, le=5)


PromptWhen = Literal["divided", "low"]
PROMPT_WHEN: tuple[PromptWhen, ...] = ("divided", "low")


class DiscussionPrompt(Strict):
    """A question for the room about one rule, for when it is divided on it or
    rates it low, in both languages, naming its handreiking section."""

    id: str = Field(pattern=r"^[a-z0-9_]+$", max_length=64)
    rule: str
    when: PromptWhen
    source: str
    nl: str = Field(min_length=20, max_length=400)
    en: str = Field(min_length=20, max_length=400)

    def text(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en


class WorkshopSettings(Strict):
    anonymity: Anonymity
    agreement: AgreementCutoffs
    code_valid_hours: float = Field(gt=0, le=24 * 14)
    retention: Retention
    join_limits: JoinLimits
    max_participants: int = Field(ge=1, le=10_000)
    max_simulated: int = Field(ge=1, le=1_000)
    polling: Polling
    timer: Timer
    simulate_default: int = Field(ge=1, le=1_000)

    @model_validator(mode="after")
    def _simulate_within(self) -> WorkshopSettings:
        if self.simulate_default > self.max_simulated:
            raise ValueError("simulate_default must not be above max_simulated")
        return self
    actions: ActionSettings
    prompts: PromptSettings


def load_workshop_settings(root: Path = CONTENT_DIR) -> WorkshopSettings:
    """Read and validate `workshop.yaml` in `root`; raise ContentError naming file
    and field."""
    problems = _Problems(root)
    path = root / "workshop.yaml"
    raw = _read_yaml(path, problems)
    settings = None if problems.items else problems.validate(WorkshopSettings, raw, path)
    if settings is None:
        raise ContentError(problems.items or [f"{path.name}: could not be read"])
    return settings


@lru_cache(maxsize=1)
def default_workshop_settings() -> WorkshopSettings:
    """The shipped settings, loaded once per process."""
    return load_workshop_settings(CONTENT_DIR)


def load_workshop_prompts(rule_ids: Collection[str], section_ids: Collection[str],
                          root: Path = CONTENT_DIR) -> tuple[DiscussionPrompt, ...]:
    """Read and validate `workshop_prompts.yaml`: every entry by the model, ids
    unique, each rule and section known, and every rule in `rule_ids` with at least
    one prompt for "divided" and one for "low". ContentError names file and field
    (``content/workshop_prompts.yaml: r01_low.source: ...``)."""
    problems = _Problems(root)
    path = root / "workshop_prompts.yaml"
    raw = _read_yaml(path, problems)
    prompts: list[DiscussionPrompt] = []
    if raw is not None and not isinstance(raw, list):
        problems.add(path, "", "expected a list of prompts")
    for i, item in enumerate(raw if isinstance(raw, list) else []):
        ident = str(item.get("id", i)) if isinstance(item, dict) else str(i)
        parsed = problems.validate(DiscussionPrompt, item, path, prefix=ident)
        if parsed is None:
            continue
        if any(p.id == parsed.id for p in prompts):
            problems.add(path, f"{ident}.id", "used twice")
        if parsed.rule not in rule_ids:
            problems.add(path, f"{ident}.rule", f"'{parsed.rule}' is not a rule id")
        if parsed.source not in section_ids:
            problems.add(path, f"{ident}.source",
                         f"'{parsed.source}' is not a section of sections.yaml")
        if parsed.nl == parsed.en:
            problems.add(path, f"{ident}.en", "the same text as nl: translate it")
        prompts.append(parsed)
    if raw is not None and not problems.items:
        for rule in rule_ids:
            for when in PROMPT_WHEN:
                if not any(p.rule == rule and p.when == when for p in prompts):
                    problems.add(path, rule, f"no prompt for when: {when}")
    if problems.items:
        raise ContentError(problems.items)
    return tuple(prompts)


@lru_cache(maxsize=1)
def default_workshop_prompts() -> tuple[DiscussionPrompt, ...]:
    """The shipped prompts, checked against the shipped rules and sections, once."""
    content = default_content()
    return load_workshop_prompts([r.id for r in content.rules], content.sections)
