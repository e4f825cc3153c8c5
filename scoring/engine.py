"""The readiness score: per golden rule and overall, with blockers, design-check
findings and an explanation of every score.

Principles (see README, "Hoe Vonk scoort"):
- target ranges instead of "more is better" (group size, meeting length, what is
  fixed in advance), all defined in ``content/``;
- "weet ik niet" and unanswered questions are left out of the average and reported
  as missing, never counted as zero;
- non-compensatory: blockers cap the rule's own band and the overall band whatever
  the average; an unanswered critical question is an open critical point that caps
  a verdict; a rule in the lowest band or a serious finding caps the overall band
  (content/scoring.yaml, ``overall_caps``); every cap that bites is kept with its
  reason (``Readiness.caps``) so the screen and the reports can explain it;
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
    band: str | None  # after the caps of this rule's blockers
    answered: int  # scored questions with a real answer
    total: int  # scored questions
    contributions: tuple[Contribution, ...]
    band_by_score: str | None = None  # before the caps

    @property
    def completeness(self) -> float:
        return self.answered / self.total if self.total else 1.0


@dataclass(frozen=True)
class BlockerHit:
    rule_id: str
    blocker_id: str
    cap: str
    kind: Literal["blocker", "open"] = "blocker"  # open: a critical question not answered


CapKind = Literal["blocker", "open", "weak_rule", "finding", "incomplete"]


@dataclass(frozen=True)
class Cap:
    """One reason the overall band is lower than the score alone gives.
    ``ref`` is the blocker id, the rule id, the check id, or "" (incomplete)."""

    kind: CapKind
    ref: str
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
    # The caps that bite: each lowers the band below `band_by_score` (all of them,
    # lowest cap first, not only the lowest).
    caps: tuple[Cap, ...] = ()
    # Enough answered for an overall score and an "all clear" (no findings, no
    # blockers) to mean something: scoring.yaml's min_completeness_for_verdict.
    enough_answered: bool = True

    @property
    def completeness(self) -> float:
        return self.answered / self.total if self.total else 1.0

    @property
    def verdict_blockers(self) -> tuple[BlockerHit, ...]:
        return tuple(b for b in self.blockers if b.kind == "blocker")

    @property
    def open_points(self) -> tuple[BlockerHit, ...]:
        return tuple(b for b in self.blockers if b.kind == "open")

    def rule(self, rule_id: str) -> RuleScore:
        return next(r for r in self.rules if r.rule_id == rule_id)


def lowest_band(bands: list[str | None], order: list[str]) -> str | None:
    """The lowest of some bands (None entries are ignored; None if none is left)."""
    present = [b for b in bands if b is not None]
    return min(present, key=order.index) if present else None


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


def _blockers(content: Content, answers: Answers) -> tuple[BlockerHit, ...]:
    return tuple(BlockerHit(rule.id, b.id, b.cap, b.kind)
                 for rule in content.rules for b in rule.structure.blockers
                 if holds(b.when, answers))


def _findings(content: Content, answers: Answers) -> tuple[Finding, ...]:
    """The design checks that hold, a check superseded by another that holds merged
    into it (its rules added), most severe first."""
    held = [c for c in content.design_checks if holds(c.when, answers)]
    held_ids = {c.id for c in held}
    merged_into = {other: c.id for c in held for other in c.supersedes if other in held_ids}
    extra_rules: dict[str, list[str]] = {}
    for other, into in merged_into.items():
        extra_rules.setdefault(into, []).extend(
            next(c.rules for c in held if c.id == other))
    findings = [Finding(c.id, c.severity,
                        tuple(dict.fromkeys([*c.rules, *extra_rules.get(c.id, [])])), c.source)
                for c in held if c.id not in merged_into]
    severity_order = {"high": 0, "medium": 1, "low": 2}
    return tuple(sorted(findings, key=lambda f: severity_order[f.severity]))


def _rule_score(content: Content, rule_index: int, answers: Answers,
                blockers: tuple[BlockerHit, ...]) -> RuleScore:
    settings = content.scoring
    rule = content.rules[rule_index]
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
    by_score = band_for(score, settings) if score is not None else None
    # The rule's own band shows its blockers: never better than their cap. A
    # verdict blocker gives the rule a band even without a score; an open point
    # only caps a band the scores give.
    own = [b for b in blockers if b.rule_id == rule.id]
    band = lowest_band([by_score, *(b.cap for b in own if by_score is not None
                                    or b.kind == "blocker")], settings.band_ids)
    return RuleScore(rule_id=rule.id, number=rule.number, score=score, band=band,
                     answered=len(scored), total=total, contributions=tuple(contribs),
                     band_by_score=by_score)


def _overall_caps(content: Content, rule_scores: list[RuleScore],
                  findings: tuple[Finding, ...], blockers: tuple[BlockerHit, ...],
                  share: float) -> list[Cap]:
    """Every reason that limits the overall band, whether it bites or not."""
    settings = content.scoring
    caps: list[Cap] = []
    if share < settings.min_completeness_for_top:
        caps.append(Cap("incomplete", "", settings.incomplete_cap))
    weak, serious = settings.overall_caps.weak_rule, settings.overall_caps.finding
    if weak is not None:
        caps += [Cap("weak_rule", rs.rule_id, weak.cap)
                 for rs in rule_scores if rs.band in weak.rule_bands]
    if serious is not None:
        caps += [Cap("finding", f.check_id, serious.cap)
                 for f in findings if f.severity in serious.severities]
    caps += [Cap(b.kind, b.blocker_id, b.cap) for b in blockers]
    return caps


def assess(content: Content, answers: Answers) -> Readiness:
    """Score a set of (already cleaned) answers."""
    settings = content.scoring
    order = settings.band_ids
    blockers = _blockers(content, answers)
    findings = _findings(content, answers)
    rule_scores = [_rule_score(content, i, answers, blockers) for i in range(len(content.rules))]

    weighted = [(content.rule(r.rule_id).structure.weight, r.score)
                for r in rule_scores if r.score is not None]
    overall = (sum(w * s for w, s in weighted) / sum(w for w, _ in weighted)) if weighted else None

    answered = sum(r.answered for r in rule_scores)
    total = sum(r.total for r in rule_scores)
    share = answered / total if total else 1.0
    enough = share >= settings.min_completeness_for_verdict
    band_by_score = band_for(overall, settings) if overall is not None else None
    # Too little answered: no verdict from the scores. A verdict blocker still
    # decides (an explicit "nobody" is a verdict); every other cap only limits a
    # verdict that exists.
    verdict = band_by_score if enough else None
    candidates = _overall_caps(content, rule_scores, findings, blockers, share)
    applicable = [c for c in candidates if verdict is not None or c.kind == "blocker"]
    band = lowest_band([verdict, *(c.cap for c in applicable)], order)
    biting = tuple(sorted((c for c in applicable if band_by_score is None
                           or order.index(c.cap) < order.index(band_by_score)),
                          key=lambda c: order.index(c.cap)))
    incomplete = any(c.kind == "incomplete" for c in biting)
    return Readiness(rules=tuple(rule_scores), overall=overall, band=band,
                     band_by_score=band_by_score, blockers=blockers, findings=findings,
                     answered=answered, total=total, incomplete_cap_applied=incomplete,
                     caps=biting, enough_answered=enough)
