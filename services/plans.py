"""The plan use cases: open, create, answer, rename, note, move through the rules,
duplicate, delete and restore, evaluate, compare and import.

Every method talks to the store in one place and says what happened in terms a
page can show: a save returns an outcome (saved, conflict, invalid, unavailable);
other actions raise `PlanNotFound` or `StorageUnavailable` (re-exported here so
callers above this layer never import storage).
"""

from __future__ import annotations

import dataclasses
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

from pydantic import ValidationError

from comparison import Comparison, compare
from content.models import Content, InvestmentRates, PlanFields, max_length
from content.text import clean_text
from evaluation import Evaluation, evaluate
from exchange import ImportResult, import_json
from scoring.answers import AnswerProblem, Answers, AnswerValue, check_answer, question_index
from storage import (
    AnswerConflict,
    Plan,
    PlanNotFound,
    PlanStore,
    StorageUnavailable,
    ValueConflict,
    database_url,
    is_valid_token,
)

TITLE_MAX = max_length(PlanFields, "title")
NOTE_MAX = max_length(PlanFields, "note")
PUBLIC_URL_SETTING = "VONK_PUBLIC_URL"
# Evaluations kept per process (memory, not a norm): a room of 50 users with a few
# plans each in two languages fits many times over; about 10 MB at most.
EVALUATIONS_KEPT = 256

__all__ = [
    "Conflict",
    "Invalid",
    "Plan",
    "PlanGone",
    "PlanNotFound",
    "PlanService",
    "SaveOutcome",
    "Saved",
    "StorageUnavailable",
    "Unavailable",
]


# ----------------------------------------------------------------- save outcomes
@dataclass(frozen=True)
class Saved:
    value: AnswerValue | None  # the normalised value now stored (None: answer cleared)
    # The plan's revision after an answer was saved (None for other changes): one
    # more than the plan the caller holds means no other change came between.
    revision: int | None = dataclasses.field(default=None, compare=False)


@dataclass(frozen=True)
class Conflict:
    """Another tab changed the value meanwhile; nothing was overwritten."""

    current: AnswerValue | None  # what the store holds


@dataclass(frozen=True)
class Invalid:
    problem: AnswerProblem


@dataclass(frozen=True)
class Unavailable:
    """The store could not save; the answer is not stored."""


@dataclass(frozen=True)
class PlanGone:
    """The plan is deleted (in another tab) or no longer exists: it cannot be changed."""


SaveOutcome = Saved | Conflict | Invalid | Unavailable | PlanGone


def clean_title(text: str) -> str:
    """One line, no surrounding space, at most the title's length; no NUL, control
    character or lone surrogate (the rules of content/text.py)."""
    return clean_text(text, max_length=TITLE_MAX)


def clean_note(text: str) -> str:
    """Lines kept, otherwise as clean_title, at most the note's length."""
    return clean_text(text, max_length=NOTE_MAX, multiline=True)


def extract_token(text: str) -> str | None:
    """A resume link or a bare code → the plan token, or None when it is neither."""
    text = text.strip()
    if not text:
        return None
    if "plan=" in text:
        query = urlparse(text).query or text.split("?", 1)[-1]
        values = parse_qs(query).get("plan")
        text = values[0] if values else ""
    return text if is_valid_token(text) else None


def public_base_url(fallback: str | None = None) -> str:
    """Where users reach this installation: ``VONK_PUBLIC_URL`` when set (behind a
    proxy, several servers), else the scheme and host the browser used, else ""
    (links are then relative to the current site)."""
    configured = os.environ.get(PUBLIC_URL_SETTING, "").strip().rstrip("/")
    if configured:
        return configured
    if fallback:
        parts = urlparse(fallback)
        if parts.scheme in ("http", "https") and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}"
    return ""


def plan_link(base: str, page: str, token: str, **params: str) -> str:
    query = urlencode({**params, "plan": token})
    return f"{base}/{page}?{query}"


class PlanService:
    """The use cases on plans, over one store. Thread-safe (the store is)."""

    def __init__(self, store: PlanStore, content: Content):
        self.store = store
        self.content = content
        self._questions = question_index(content)
        self._evaluations: OrderedDict[tuple[str, str, str | None], Evaluation] = OrderedDict()
        self._evaluations_lock = threading.Lock()

    @classmethod
    def from_settings(cls, content: Content) -> PlanService:
        """The service for the database the settings name (storage.settings)."""
        return cls(PlanStore(database_url()), content)

    # ------------------------------------------------------------- open, create
    def open(self, token: str | None) -> Plan | None:
        """The plan with this token; None when the token is malformed or unknown."""
        if not token or not is_valid_token(token):
            return None
        return self.store.get(token)

    def reopen(self, plan: Plan) -> Plan | None:
        """`plan` as stored now (None: gone); `plan` itself when nothing changed."""
        return self.store.reread(plan)

    def create(self, *, title: str, language: str, answers: Answers | None = None,
               workspace: str | None = None) -> Plan:
        return self.store.create(title=clean_title(title), language=language,
                                 answers=answers, workspace=workspace)

    def import_file(self, data: bytes, *, language: str, default_title: str
                    ) -> tuple[ImportResult, Plan | None]:
        """A file becomes a new plan (all or nothing); nothing existing is touched."""
        result = import_json(data, self.content)
        if not result.ok:
            return result, None
        plan = self.create(title=result.title or default_title, language=language,
                           answers=result.answers)
        return result, plan

    # -------------------------------------------------------------------- answers
    def save_answer(self, token: str, question_id: str, raw: object, *,
                    expected: AnswerValue | None) -> SaveOutcome:
        """Check and store one answer (None clears it). `expected` is the answer the
        user saw; when another tab changed it since, nothing is overwritten."""
        question = self._questions.get(question_id)
        if question is None:
            return Invalid(AnswerProblem("unknown_question", question_id[:60], {}))
        value, problem = check_answer(question, raw)
        if problem is not None:
            return Invalid(problem)
        try:
            revision = self.store.save_answer(token, question_id, value, expected=expected)
        except AnswerConflict as conflict:
            return Conflict(conflict.current)
        except StorageUnavailable:
            return Unavailable()
        except PlanNotFound:
            return PlanGone()
        return Saved(value, revision)

    # --------------------------------------------------------------- plan fields
    def rename(self, token: str, title: str, *, expected: str | None = None) -> SaveOutcome:
        """Store a new name (cleaned). An empty name changes nothing (Invalid); with
        `expected` (the name the user saw) a name changed elsewhere is not overwritten."""
        cleaned = clean_title(title)
        if not cleaned:
            return Invalid(AnswerProblem("empty", "title", {}))
        return self._update(token, cleaned, title=cleaned, expected_title=expected)

    def set_note(self, token: str, note: str, *, expected: str | None = None) -> SaveOutcome:
        cleaned = clean_note(note)
        return self._update(token, cleaned, note=cleaned, expected_note=expected)

    def _update(self, token: str, value: str, **fields: Any) -> SaveOutcome:
        fields = {k: v for k, v in fields.items() if v is not None}
        try:
            self.store.update(token, **fields)
        except ValueConflict as conflict:
            return Conflict(conflict.current)
        except StorageUnavailable:
            return Unavailable()
        except PlanNotFound:  # deleted (read-only) or gone
            return PlanGone()
        return Saved(value)

    def set_current_rule(self, token: str, index: int) -> int:
        """Remember the rule the reader is at; returns the plan's revision after it."""
        return self.store.set_current_rule(
            token, max(0, min(index, len(self.content.rules) - 1)))

    # ------------------------------------------------------------------ scenarios
    def scenarios(self, workspace: str) -> list[Plan]:
        return self.store.scenarios(workspace)

    def deleted_scenarios(self, workspace: str, tokens: Sequence[str]) -> list[Plan]:
        """Of these tokens, the scenarios of the workspace that are deleted (restorable)."""
        wanted = set(tokens)
        return [p for p in self.store.scenarios(workspace, deleted=True) if p.token in wanted]

    def new_scenario(self, workspace: str, *, title: str, language: str) -> Plan:
        return self.create(title=title, language=language, workspace=workspace)

    def duplicate(self, token: str, title: str) -> Plan:
        """A "what if" copy with every answer, in the same workspace."""
        return self.store.duplicate(token, clean_title(title))

    def delete(self, token: str) -> Plan | None:
        """Soft-delete a scenario; returns the scenario to continue with (the first
        remaining one of the workspace), or None when none remains."""
        plan = self.store.get(token)
        if plan is None:
            raise PlanNotFound(token)
        self.store.delete(token)
        remaining = self.store.scenarios(plan.workspace)
        return remaining[0] if remaining else None

    def restore(self, token: str) -> None:
        self.store.restore(token)

    # ------------------------------------------------------------ workspace rates
    def rates(self, workspace: str | None) -> InvestmentRates:
        """The rates this workspace's estimates use: those the user saved, field by
        field, else the content's defaults (also for a field added since, or a
        stored value the model no longer allows)."""
        defaults = self.content.investment.rates
        stored = self.store.rates(workspace) if workspace else None
        if not stored:
            return defaults
        merged = defaults.model_dump()
        for field, value in stored.items():
            if field in merged:
                try:
                    InvestmentRates(**{**merged, field: value})
                except ValidationError:
                    continue
                merged[field] = value
        return InvestmentRates(**merged)

    def save_rates(self, workspace: str, rates: InvestmentRates) -> None:
        """Save the rates with the workspace (every scenario of it uses them)."""
        self.store.save_rates(workspace, rates.model_dump())

    # ------------------------------------------------------- evaluate, compare
    def evaluate(self, answers: Answers, lang: str,
                 rates: InvestmentRates | None = None) -> Evaluation:
        """The one Evaluation of these answers in this language at these rates. The
        same three give the same Evaluation object, kept for the most recent
        EVALUATIONS_KEPT and shared read-only by every session of this process: a
        rerun of a page that changes none of them does not score again."""
        key = (json.dumps(answers, sort_keys=True), lang,
               None if rates is None else rates.model_dump_json())
        with self._evaluations_lock:
            kept = self._evaluations.get(key)
            if kept is not None:
                self._evaluations.move_to_end(key)
                return kept
        made = evaluate(self.content, answers, lang, rates)
        with self._evaluations_lock:
            self._evaluations[key] = made
            while len(self._evaluations) > EVALUATIONS_KEPT:
                self._evaluations.popitem(last=False)
        return made

    def compare(self, workspace: str, tokens: Sequence[str], lang: str,
                rates: InvestmentRates | None = None) -> Comparison:
        """Compare these scenarios of the workspace, in the order given."""
        by_token = {p.token: p for p in self.store.scenarios(workspace)}
        missing = [t for t in tokens if t not in by_token]
        if missing:
            raise PlanNotFound(missing[0])
        return compare(self.content, [(by_token[t].title, by_token[t].answers) for t in tokens],
                       lang, rates)
