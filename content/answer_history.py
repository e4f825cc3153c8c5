"""Answers of an older question set, converted to today's (content/answer_history.yaml).

Used for assessment files of an older version (``exchange``) and for plans stored
before the questions changed (a storage migration). Works on raw answers, before
they are checked: whatever it does not recognise it leaves as it is, so the usual
check still reports it.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field

from content.models import NONE_OF_THESE, UNKNOWN, Strict

HISTORY_FILE = Path(__file__).resolve().parent / "answer_history.yaml"


class MultiToChoices(Strict):
    chosen: str  # the option each ticked item's question gets
    items: dict[str, str]  # ticked option id -> question id


class Step(Strict):
    from_version: int = Field(ge=1)
    to_version: int
    rename_options: dict[str, dict[str, str]] = Field(default_factory=dict)
    drop_options: dict[str, list[str]] = Field(default_factory=dict)
    copy_answers: dict[str, list[str]] = Field(default_factory=dict)
    split_choices: dict[str, dict[str, dict[str, str]]] = Field(default_factory=dict)
    multi_to_choices: dict[str, MultiToChoices] = Field(default_factory=dict)


@lru_cache(maxsize=1)
def history() -> tuple[Step, ...]:
    raw = yaml.safe_load(HISTORY_FILE.read_text(encoding="utf-8"))
    steps = tuple(Step.model_validate(item) for item in raw)
    for earlier, later in itertools.pairwise(steps):
        if later.from_version != earlier.to_version:
            raise ValueError(f"{HISTORY_FILE.name}: steps must follow each other")
    return steps


def current_version() -> int:
    return history()[-1].to_version


def _apply(step: Step, answers: dict[str, Any]) -> dict[str, Any]:
    out = dict(answers)
    for qid, renames in step.rename_options.items():
        value = out.get(qid)
        if isinstance(value, str) and value in renames:
            out[qid] = renames[value]
        elif isinstance(value, list):
            out[qid] = [renames.get(v, v) if isinstance(v, str) else v for v in value]
    for qid, dropped in step.drop_options.items():
        value = out.get(qid)
        if isinstance(value, list) and any(v in dropped for v in value):
            kept = [v for v in value if v not in dropped]
            out[qid] = kept or [NONE_OF_THESE]
    for qid, targets in step.copy_answers.items():
        if qid in out:
            for target in targets:
                out.setdefault(target, out[qid])
    for qid, mapping in step.split_choices.items():
        value = out.get(qid)
        if isinstance(value, str) and value in mapping:
            del out[qid]
            for target, option in mapping[value].items():
                out.setdefault(target, option)
    for qid, rule in step.multi_to_choices.items():
        value = out.get(qid)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            continue  # left for the usual check to report (an unknown question)
        del out[qid]
        for item, target in rule.items.items():
            if value == [UNKNOWN]:
                out.setdefault(target, UNKNOWN)
            elif item in value:
                out.setdefault(target, rule.chosen)
    return out


def upgrade_answers(answers: Mapping[str, Any], version: int) -> dict[str, Any]:
    """Raw answers of question-set `version`, converted to the current version."""
    out = dict(answers)
    for step in history():
        if step.from_version >= version:
            out = _apply(step, out)
    return out
