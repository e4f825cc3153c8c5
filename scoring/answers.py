"""Answers: what a user said, checked against the content.

An answer is an int 1..5 (scale), an option id (choice), a list of option ids
(multi; ``["none"]`` for none of these), a number (number), a string (text), or
``"unknown"`` for "weet ik niet / n.v.t." on scale, choice, multi and number questions.
Unanswered questions are simply absent.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from content.models import NONE_OF_THESE, SCALE, UNKNOWN, Content, Question
from content.text import clean_text, normalise_text

AnswerValue = int | float | str | list[str]
Answers = dict[str, AnswerValue]


@dataclass(frozen=True)
class AnswerProblem:
    """Why one answer was refused. ``code`` keys a message in the UI catalogue."""

    # unknown_question | misspelt_question | wrong_type | out_of_range | unknown_option
    # | misspelt_option
    # | too_long | mixed_none
    code: str
    question_id: str
    detail: dict[str, Any] = field(default_factory=dict)


def question_index(content: Content) -> dict[str, Question]:
    return {q.id: q for r in content.rules for q in r.structure.questions}


def _is_number(v: Any) -> bool:
    """An int or a float that is not NaN; True and False are not numbers here. An
    infinite float or an int of any size is a number (out of range, never an error)."""
    return isinstance(v, int | float) and not isinstance(v, bool) and v == v


def _shown(value: int | float) -> int | float | str:
    """A number as a message may quote it: short, whatever its size (a huge int
    cannot even be turned into a str beyond 4300 digits)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else ("∞" if value > 0 else "−∞")
    if abs(value) < 10**15:
        return value
    sign = "−" if value < 0 else ""
    if value.bit_length() >= 10_000:  # about 3000 digits or more
        return f"{sign}10^{int(value.bit_length() * math.log10(2))}"
    return f"{sign}{str(abs(value))[:12]}…"


def check_answer(q: Question, value: Any) -> tuple[AnswerValue | None, AnswerProblem | None]:
    """Return the normalised answer (None = unanswered) or a problem. Never raises:
    a number of any size is out of range, text is cleaned (content/text.py) and its
    length counted after cleaning."""
    qid = q.id
    if value is None:
        return None, None
    if value == UNKNOWN and q.kind in ("scale", "choice", "multi", "number") and q.allow_unknown:
        return (UNKNOWN if q.kind != "multi" else [UNKNOWN]), None
    if q.kind == "scale":
        if not _is_number(value) or (isinstance(value, float) and math.isfinite(value)
                                     and not value.is_integer()):
            return None, AnswerProblem("wrong_type", qid, {"expected": "scale",
                                                           "min": SCALE[0], "max": SCALE[-1]})
        if value not in SCALE:
            return None, AnswerProblem("out_of_range", qid, {
                "value": _shown(value), "min": SCALE[0], "max": SCALE[-1]})
        return int(value), None
    if q.kind == "choice":
        if not isinstance(value, str):
            return None, AnswerProblem("wrong_type", qid, {"expected": "choice",
                                                           "options": _valid(q)})
        if value not in q.option_ids:
            return None, _unknown_option(qid, value, _valid(q))
        return value, None
    if q.kind == "multi":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None, AnswerProblem("wrong_type", qid, {"expected": "multi",
                                                           "options": _valid(q, NONE_OF_THESE)})
        chosen = list(dict.fromkeys(value))  # de-duplicate, keep order
        if not chosen:
            return None, None
        special = [v for v in chosen if v in (NONE_OF_THESE, UNKNOWN)]
        if special and len(chosen) > 1:
            return None, AnswerProblem("mixed_none", qid, {})
        if special:
            return [special[0]], None
        bad = [v for v in chosen if v not in q.option_ids]
        if bad:
            return None, _unknown_option(qid, bad[0], _valid(q, NONE_OF_THESE))
        order = q.option_ids
        return sorted(chosen, key=order.index), None
    if q.kind == "number":
        assert q.minimum is not None and q.maximum is not None
        if not _is_number(value):
            return None, AnswerProblem("wrong_type", qid, {"expected": "number",
                                                           "min": q.minimum, "max": q.maximum})
        if not q.minimum <= value <= q.maximum:  # exact for ints of any size, and for ±inf
            return None, AnswerProblem("out_of_range", qid, {
                "value": _shown(value), "min": q.minimum, "max": q.maximum})
        return (int(value) if float(value).is_integer() else float(value)), None
    # text: one line, as the screen's text field holds it
    if not isinstance(value, str):
        return None, AnswerProblem("wrong_type", qid, {"expected": "text"})
    text = normalise_text(value)
    if len(text) > q.max_length:
        return None, AnswerProblem("too_long", qid, {"max": q.max_length})
    return (text or None), None


def _valid(q: Question, *special: str) -> list[str]:
    """The answers a choice or multi question takes, as a file writes them."""
    return [*q.option_ids, *special, *([UNKNOWN] if q.allow_unknown else [])]


def _unknown_option(question_id: str, value: str, valid: list[str]) -> AnswerProblem:
    """An answer no option has; with the nearest option when it looks misspelt."""
    detail: dict[str, Any] = {"value": clean_text(value, max_length=40), "options": valid}
    near = difflib.get_close_matches(value, valid, n=1, cutoff=0.75)
    if near:
        return AnswerProblem("misspelt_option", question_id, {**detail, "suggestion": near[0]})
    return AnswerProblem("unknown_option", question_id, detail)


def unknown_question(index: Mapping[str, Question], question_id: str) -> AnswerProblem:
    """An id no question has; with the nearest real id when it looks misspelt."""
    shown = clean_text(question_id, max_length=60)
    near = difflib.get_close_matches(question_id, list(index), n=1, cutoff=0.75)
    if near:
        return AnswerProblem("misspelt_question", shown, {"suggestion": near[0]})
    return AnswerProblem("unknown_question", shown, {})


def clean_answers(content: Content, raw: Mapping[str, Any]) -> tuple[Answers, list[AnswerProblem]]:
    """Check every answer; return the valid ones and a problem for each refused one."""
    index = question_index(content)
    answers: Answers = {}
    problems: list[AnswerProblem] = []
    for qid, value in raw.items():
        q = index.get(qid)
        if q is None:
            problems.append(unknown_question(index, str(qid)))
            continue
        clean, problem = check_answer(q, value)
        if problem is not None:
            problems.append(problem)
        elif clean is not None:
            answers[qid] = clean
    return answers, problems
