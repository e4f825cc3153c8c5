"""The answers that differ between scenarios, question by question, in the order of
the scan (pure Python). "What differs" shows these first, side by side (e.g. 9
against 14 participants), before the advice and findings that follow from them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from content.labels import answer_label
from content.models import Content
from scoring.answers import Answers, AnswerValue


@dataclass(frozen=True)
class AnswerDiff:
    rule_id: str
    question_id: str
    question: str  # the question as the user saw it
    values: tuple[AnswerValue | None, ...]  # one per scenario (None: unanswered)
    shown: tuple[str, ...]  # the same answers as the user saw them


def _same(a: AnswerValue | None, b: AnswerValue | None) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))  # a multi's order is no difference
    return a == b


def answers_diff(content: Content, answers: Sequence[Answers], lang: str) -> list[AnswerDiff]:
    """Every question whose answer is not the same in all these scenarios."""
    out = []
    for rule in content.rules:
        texts = rule.texts[lang]
        for q in rule.structure.questions:
            values = tuple(a.get(q.id) for a in answers)
            if all(_same(values[0], v) for v in values[1:]):
                continue
            qt = texts.questions[q.id]
            out.append(AnswerDiff(rule.id, q.id, qt.label, values,
                                  tuple(answer_label(content, q, qt, v, lang) for v in values)))
    return out
