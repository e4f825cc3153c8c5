"""Vonk's rules module: pure Python, no UI. Given answers, produce readiness scores,
blockers and design-check findings for the ten golden rules of the handreiking."""

from scoring.answers import AnswerProblem, Answers, AnswerValue, check_answer, clean_answers
from scoring.engine import (
    BlockerHit,
    Cap,
    Contribution,
    Finding,
    Readiness,
    RuleScore,
    assess,
    band_for,
    target_score,
)

__all__ = [
    "AnswerProblem",
    "AnswerValue",
    "Answers",
    "BlockerHit",
    "Cap",
    "Contribution",
    "Finding",
    "Readiness",
    "RuleScore",
    "assess",
    "band_for",
    "check_answer",
    "clean_answers",
    "target_score",
]
