"""The readiness score: per golden rule and overall, with blockers, design-check
findings and an explanation of every score.

Principles (see README, "Hoe Vonk scoort"):
- target ranges instead of "more is better" (group size, meeting length, what is
  fixed in advance), all defined in ``content/``;
- "weet ik niet" and unanswered questions are left out of the average and reported
  as missing, never counted as zero;
- blockers cap the overall band whatever the average (non-compensatory);
- a rule score is 100 minus the points each answer cost, so every point is explained.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Literal

from content.models import NONE_OF_THESE, UNKNOWN, Content, Question, ScoringSettings, TargetRange
from scoring.answers import Answers, AnswerValue
from scoring.conditions import holds

Status = Literal["scored", "unknown", "unanswered", "info"]


@dataclass(frozen=True)
class Contribution:
    """How one answer counted in its rule's score."""

    question_id: str
    answer: AnswerValue | None
    status: Status
    score: float | None  # 0..100 for this answer, None unless scored
    weight: float
    lost_points: float  # points this answer cost the rule score (0 unless scored)
    outside_source_range: bool  # number outside the range the handreiking gives


@dataclass(frozen=True)
class RuleScore:
    rule_id: str
    number: int
    score: float | None  # None when too few questions are answered
    band: str | None
    answered: int  # scored questions with a real answer
    total: int  # scored questions
    contributions: tuple[Contribution, ...]

    @property
    def completeness(self) -> float:
        return self.answered / self.total if self.total else 1.0


@dataclass(frozen=True)
class BlockerHit:
    rule_id: str
    blocker_id: str
    cap: str


@dataclass(frozen=True)
class Finding:
    check_id: str
    severity: Literal["high", "medium", "low"]
    rules: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Readiness:
    rules: tuple[RuleScore, ...]
    overall: float | None
    band: str | None  # after caps
    band_by_score: str | None  # before caps
    blockers: tuple[BlockerHit, ...]
    findings: tuple[Finding, ...]
    answered: int
    total: int
    incomplete_cap_applied: bool

    @property
    def completeness(self) -> float:
        return self.answered / self.total if self.total else 1.0

    def rule(self, rule_id: str) -> RuleScore:
        return next(r for r in self.rules if r.rule_id == rule_id)


def band_for(score: float, settings: ScoringSettings) -> str:
    band = settings.bands[0].id
    for b in settings.bands:
        if score >= b.min_score:
            band = b.id
    return band


def target_score(target: TargetRange, value: float) -> float:
    """Piecewise-linear score; flat beyond the first and last points."""
    pts = target.points
    if value <= pts[0][0]:
        return pts[0][1]
    if value >= pts[-1][0]:
        return pts[-1][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        if x0 <= value <= x1:
            return y0 + (y1 - y0) * (value - x0) / (x1 - x0)
    raise AssertionError("unreachable: points are sorted")


def answer_score(q: Question, value: AnswerValue, settings: ScoringSettings) -> float | None:
    """Score 0..100 for one real answer; None for "unknown" or an unscored question."""
    if not q.scored or value == UNKNOWN or value == [UNKNOWN]:
        return None
    if q.kind == "scale":
        assert isinstance(value, int)
        s = settings.scale_scores[value]
        return 100 - s if q.reverse else s
    if q.kind == "choice":
        option = next(o for o in q.options if o.id == value)
        return option.score
    if q.kind == "multi":
        assert isinstance(value, list) and q.count_scores is not None
        count = 0 if value == [NONE_OF_THESE] else len(value)
        return q.count_scores[count]
    if q.kind == "number":
        assert isinstance(value, int | float) and q.target is not None
        return target_score(q.target, float(value))
    return None


def _contribution(q: Question, answers: Answers, settings: ScoringSettings) -> Contribution:
    value = answers.get(q.id)
    outside = False
    if q.kind == "number" and q.target is not None and isinstance(value, int | float):
        lo, hi = q.target.ideal
        outside = not lo <= value <= hi
    if not q.scored:
        return Contribution(q.id, value, "info", None, 0.0, 0.0, outside)
    if value is None:
        return Contribution(q.id, None, "unanswered", None, q.weight, 0.0, outside)
    score = answer_score(q, value, settings)
    if score is None:
        return Contribution(q.id, value, "unknown", None, q.weight, 0.0, outside)
    return Contribution(q.id, value, "scored", score, q.weight, 0.0, outside)


def assess(content: Content, answers: Answers) -> Readiness:
    """Score a set of (already cleaned) answers."""
    settings = content.scoring
    rule_scores: list[RuleScore] = []
    for rule in content.rules:
        contribs = [_contribution(q, answers, settings) for q in rule.structure.questions]
        scored = [c for c in contribs if c.status == "scored"]
        total = sum(1 for c in contribs if c.status != "info")
        weight_sum = sum(c.weight for c in scored)
        score: float | None = None
        if len(scored) >= settings.min_answered_per_rule and weight_sum > 0:
            explained = []
            for c in contribs:
                if c.status == "scored":
                    assert c.score is not None
                    lost = c.weight / weight_sum * (100 - c.score)
                    c = Contribution(c.question_id, c.answer, c.status, c.score, c.weight,
                                     lost, c.outside_source_range)
                explained.append(c)
            contribs = explained
            score = sum(c.weight * (c.score or 0) for c in scored) / weight_sum
        rule_scores.append(RuleScore(
            rule_id=rule.id, number=rule.number, score=score,
            band=band_for(score, settings) if score is not None else None,
            answered=len(scored), total=total, contributions=tuple(contribs)))

    weighted = [(content.rule(r.rule_id).structure.weight, r.score)
                for r in rule_scores if r.score is not None]
    overall = (sum(w * s for w, s in weighted) / sum(w for w, _ in weighted)) if weighted else None

    blockers = tuple(BlockerHit(rule.id, b.id, b.cap)
                     for rule in content.rules for b in rule.structure.blockers
                     if holds(b.when, answers))
    findings = tuple(Finding(c.id, c.severity, tuple(c.rules), c.source)
                     for c in content.design_checks if holds(c.when, answers))
    severity_order = {"high": 0, "medium": 1, "low": 2}
    findings = tuple(sorted(findings, key=lambda f: severity_order[f.severity]))

    answered = sum(r.answered for r in rule_scores)
    total = sum(r.total for r in rule_scores)
    band_by_score = band_for(overall, settings) if overall is not None else None
    order = settings.band_ids
    share = answered / total if total else 1.0
    blocker_cap = min((b.cap for b in blockers), key=order.index) if blockers else None
    band = band_by_score
    if share < settings.min_completeness_for_verdict:
        band = None  # too little answered for a verdict from the scores
    cap_applied = False
    if band is not None and share < settings.min_completeness_for_top and \
            order.index(settings.incomplete_cap) < order.index(band):
        band, cap_applied = settings.incomplete_cap, True
    if blocker_cap is not None and (band is None or
                                    order.index(blocker_cap) <= order.index(band)):
        band, cap_applied = blocker_cap, False  # the blocker is the reason to show
    return Readiness(rules=tuple(rule_scores), overall=overall, band=band,
                     band_by_score=band_by_score, blockers=blockers, findings=findings,
                     answered=answered, total=total, incomplete_cap_applied=cap_applied)
