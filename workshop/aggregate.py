"""What a room's answers to one statement show, and what they may not.

`aggregate` turns the answers (1..5 or "weet ik niet") into a view that already
obeys the anonymity rules: below the figure threshold only how many answered
(`TooFew`); a room that all gave the same answer is `Unanimous` ("iedereen eens",
never counts); otherwise a `Summary` whose distribution is there only from the
distribution threshold on. The answers themselves are never kept in a view, so no
caller can show more than the rules allow.

Measures (ordinal: the mean hides disagreement, all 3s and half 1s / half 5s have
the same mean):
- van der Eijk's agreement A (Quality & Quantity 35:325, 2001): the distribution
  is peeled into layers (each layer the categories still non-empty, as deep as
  the smallest of them); each layer's pattern gets A = U·(1 − (S−1)/(K−1)) from its
  unimodality U (triples 110/011 against 101) and its number of non-empty
  categories S; A is the mean over layers weighted by their share of answers.
  +1 all in one category, 0 uniform, −1 split over the two extremes.
- Tastle & Wierman's consensus (Int. J. Approx. Reasoning 45:531, 2007):
  Cns = 1 + Σ pᵢ·log₂(1 − |Xᵢ − μ| / (Xmax − Xmin)); 1 all alike, 0 split over the
  extremes.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from content.models import SCALE, UNKNOWN
from content.workshop import AgreementCutoffs, AgreementLabel, Anonymity

Vote = int | str  # 1..5 or UNKNOWN


def _pattern_agreement(pattern: Sequence[bool]) -> float:
    k = len(pattern)
    s = sum(pattern)
    if s <= 1:
        return 1.0
    tu = tdu = 0
    for i, j, m in combinations(range(k), 3):
        a, b, c = pattern[i], pattern[j], pattern[m]
        if a and not b and c:
            tdu += 1
        elif (a and b and not c) or (not a and b and c):
            tu += 1
    unimodality = 1.0 if tu + tdu == 0 else (
        ((k - 2) * tu - (k - 1) * tdu) / ((k - 2) * (tu + tdu)))
    return unimodality * (1 - (s - 1) / (k - 1))


def agreement(counts: Sequence[int | float]) -> float:
    """Van der Eijk's A of a frequency vector over K ≥ 3 ordered categories."""
    if len(counts) < 3 or any(c < 0 for c in counts):
        raise ValueError("agreement needs at least 3 categories and no negative count")
    total = float(sum(counts))
    if total <= 0:
        raise ValueError("agreement needs at least one answer")
    rest = [float(c) for c in counts]
    result = 0.0
    while True:
        present = [c > 1e-12 * total for c in rest]
        if not any(present):
            break
        depth = min(c for c, p in zip(rest, present, strict=True) if p)
        result += _pattern_agreement(present) * depth * sum(present) / total
        rest = [c - depth if p else 0.0 for c, p in zip(rest, present, strict=True)]
    return max(-1.0, min(1.0, result))


def consensus(counts: Mapping[int, int | float]) -> float:
    """Tastle & Wierman's consensus of counts per scale point (SCALE)."""
    total = float(sum(counts.values()))
    if total <= 0:
        raise ValueError("consensus needs at least one answer")
    width = SCALE[-1] - SCALE[0]
    mean = sum(x * c for x, c in counts.items()) / total
    value = 1.0
    for x, c in counts.items():
        if c > 0:
            value += (c / total) * math.log2(1 - abs(x - mean) / width)
    return max(0.0, min(1.0, value))


# ------------------------------------------------------------------- views
@dataclass(frozen=True)
class TooFew:
    """Fewer rated answers than the figure threshold: only how many answered."""

    answered: int
    minimum: int


@dataclass(frozen=True)
class Unanimous:
    """Everyone gave the same answer: shown as "iedereen eens" with that answer,
    never as counts (that would be everyone's answer, person by person)."""

    answered: int
    value: Vote
    small_group: bool

    @property
    def median(self) -> float | None:
        return float(self.value) if isinstance(self.value, int) else None

    @property
    def agreement(self) -> float | None:
        return 1.0 if isinstance(self.value, int) else None

    @property
    def label(self) -> AgreementLabel | None:
        return "agree" if isinstance(self.value, int) else None


@dataclass(frozen=True)
class Summary:
    """Figures of a room that did not all answer alike. `counts` (per scale point)
    and `unknown` are None below the distribution threshold."""

    answered: int
    rated: int
    median: float
    agreement: float
    consensus: float
    label: AgreementLabel
    small_group: bool
    counts: tuple[tuple[int, int], ...] | None
    unknown: int | None


View = TooFew | Unanimous | Summary


def counts_of(votes: Iterable[Vote]) -> tuple[dict[int, int], int]:
    """Counts per scale point and of "weet ik niet"; anything else is refused."""
    counts = dict.fromkeys(SCALE, 0)
    unknown = 0
    for v in votes:
        if v == UNKNOWN:
            unknown += 1
        elif isinstance(v, int) and not isinstance(v, bool) and v in counts:
            counts[v] += 1
        else:
            raise ValueError(f"not an answer on the scale: {v!r}")
    return counts, unknown


def aggregate(votes: Iterable[Vote], anonymity: Anonymity, cutoffs: AgreementCutoffs) -> View:
    """The view of one statement's answers that the anonymity rules allow."""
    counts, unknown = counts_of(votes)
    rated = sum(counts.values())
    answered = rated + unknown
    if answered < anonymity.min_figure:
        return TooFew(answered, anonymity.min_figure)
    small = answered < cutoffs.small_group_below
    if unknown == answered:
        return Unanimous(answered, UNKNOWN, small)
    if unknown == 0 and max(counts.values()) == rated:
        return Unanimous(answered, next(x for x, c in counts.items() if c), small)
    if rated < anonymity.min_figure:
        return TooFew(answered, anonymity.min_figure)
    values = [x for x, c in counts.items() for _ in range(c)]
    a = agreement([counts[x] for x in SCALE])
    shown = answered >= anonymity.min_distribution
    return Summary(answered=answered, rated=rated, median=float(statistics.median(values)),
                   agreement=a, consensus=consensus(counts), label=cutoffs.label(a),
                   small_group=small,
                   counts=tuple(counts.items()) if shown else None,
                   unknown=unknown if shown else None)


def disagreement_key(view: View) -> tuple[int, float]:
    """Sort key: most divided first; views without figures last."""
    a = view.agreement if not isinstance(view, TooFew) else None
    return (1, 0.0) if a is None else (0, a)


def rule_agreement(views: Iterable[View]) -> float | None:
    """A rule's agreement: that of its most divided statement (the one worth
    discussing); None when no statement has figures."""
    values = [v.agreement for v in views if not isinstance(v, TooFew) and v.agreement is not None]
    return min(values) if values else None


def by_disagreement(rules: Mapping[str, Iterable[View]]) -> list[str]:
    """Rule ids, most divided first (as TeamRetro's "mixed first"); rules with no
    figures last; ties keep the given order."""
    scored = {rid: rule_agreement(views) for rid, views in rules.items()}
    order = list(rules)
    return sorted(order, key=lambda rid: (scored[rid] is None, scored[rid] or 0.0,
                                          order.index(rid)))


@dataclass(frozen=True)
class Shift:
    """How a statement moved from round 1 to round 2: not that it became right."""

    median_before: float
    median_after: float
    agreement_before: float
    agreement_after: float
    label_before: AgreementLabel
    label_after: AgreementLabel

    @property
    def median_change(self) -> float:
        return self.median_after - self.median_before

    @property
    def agreement_change(self) -> float:
        return self.agreement_after - self.agreement_before


def shift(before: View, after: View) -> Shift | None:
    """The shift between two rounds; None when either round shows no figures."""
    parts = []
    for view in (before, after):
        if isinstance(view, TooFew) or view.median is None or view.agreement is None \
                or view.label is None:
            return None
        parts.append((view.median, view.agreement, view.label))
    (m1, a1, l1), (m2, a2, l2) = parts
    return Shift(m1, m2, a1, a2, l1, l2)
