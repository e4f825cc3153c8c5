"""Evaluate the content's condition language against a set of answers."""

from __future__ import annotations

from content.models import (
    NONE_OF_THESE,
    UNKNOWN,
    AllCondition,
    AnyCondition,
    Condition,
    NotCondition,
    QuestionCondition,
)
from scoring.answers import Answers


def _multi_count(value: object) -> int | None:
    if not isinstance(value, list) or value == [UNKNOWN]:
        return None
    return 0 if value == [NONE_OF_THESE] else len(value)


def _question_holds(cond: QuestionCondition, answers: Answers) -> bool:
    value = answers.get(cond.question)
    if cond.answered is not None:
        is_answered = value is not None
        if is_answered != cond.answered:
            return False
    if value is None:
        return cond.answered is False and all(
            t is None for t in (cond.in_, cond.lt, cond.le, cond.gt, cond.ge,
                                cond.includes, cond.count_ge, cond.count_le))
    if cond.in_ is not None:
        candidates = value if isinstance(value, list) else [value]
        if not any(v in cond.in_ for v in candidates):
            return False
    numeric = value if isinstance(value, int | float) and not isinstance(value, bool) else None
    for bound, test in ((cond.lt, lambda x, b: x < b), (cond.le, lambda x, b: x <= b),
                        (cond.gt, lambda x, b: x > b), (cond.ge, lambda x, b: x >= b)):
        if bound is not None and (numeric is None or not test(numeric, bound)):
            return False
    if cond.includes is not None and not (
        isinstance(value, list) and any(v in value for v in cond.includes)
    ):
        return False
    count = _multi_count(value)
    if cond.count_ge is not None and (count is None or count < cond.count_ge):
        return False
    return not (cond.count_le is not None and (count is None or count > cond.count_le))


def holds(cond: Condition | None, answers: Answers) -> bool:
    """True when the condition is met; a missing condition always holds."""
    if cond is None:
        return True
    if isinstance(cond, QuestionCondition):
        return _question_holds(cond, answers)
    if isinstance(cond, AllCondition):
        return all(holds(c, answers) for c in cond.all)
    if isinstance(cond, AnyCondition):
        return any(holds(c, answers) for c in cond.any)
    if isinstance(cond, NotCondition):
        return not holds(cond.not_, answers)
    raise TypeError(f"unknown condition {cond!r}")
