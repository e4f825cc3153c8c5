"""Per statement: the view at each moment, and the change between moments.

The answers come in without who gave them (per moment, per statement, a list of
1..5 or "weet ik niet"). Each moment's view is `workshop.aggregate.aggregate`, the
live workshop's own, with its anonymity thresholds and its labels eens / verdeeld /
tegengesteld: a moment answered alone and one answered in the room read the same,
and no moment shows more than the anonymity rules allow.

A change is worded between two consecutive moments that both show figures (a
moment with too few answers is passed over, not read as a change):
- agreement: a change of label first ("we are now divided", "we now agree"); with
  the same label, a change of van der Eijk's A of at least `agreement_step` is
  "we agree more" or "we agree less"; otherwise "about the same";
- median: moved by at least `median_step`: "higher" or "lower"; otherwise "the same".
The steps are content (content/checkins.yaml `change`). Convergence is not
correctness: the view says that the group moved, not that it became right.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from content.checkins import MOMENTS, ChangeSteps, Moment
from content.workshop import AgreementCutoffs, AgreementLabel, Anonymity
from workshop.aggregate import Shift, TooFew, View, Vote, aggregate, shift

AgreementTrend = Literal["now_agree", "agree_more", "steady", "agree_less", "now_divided",
                         "now_opposed"]
MedianTrend = Literal["higher", "same", "lower"]
_RANK: dict[AgreementLabel, int] = {"opposed": 0, "divided": 1, "agree": 2}
_EPSILON = 1e-9  # a change of exactly one step counts as that step


@dataclass(frozen=True)
class Change:
    """How one statement moved from `since` to `to`."""

    since: Moment
    to: Moment
    shift: Shift
    agreement: AgreementTrend
    median: MedianTrend
    small_group: bool  # either moment had so few answers that one answer moves every figure


@dataclass(frozen=True)
class ItemOverTime:
    item_id: str
    rule_id: str | None
    views: tuple[tuple[Moment, View], ...]  # the moments at which it was answered, in order
    changes: tuple[Change, ...]  # between consecutive moments with figures

    def view_at(self, moment: Moment) -> View | None:
        return next((v for m, v in self.views if m == moment), None)

    @property
    def last_change(self) -> Change | None:
        return self.changes[-1] if self.changes else None

    @property
    def has_figures(self) -> bool:
        """At least one moment shows a figure (not only "k answered")."""
        return any(_figures(v) for _, v in self.views)


@dataclass(frozen=True)
class OverTime:
    """One network's statements over its moments."""

    moments: tuple[Moment, ...]  # the moments with any answer, in order
    items: tuple[ItemOverTime, ...]

    @property
    def has_figures(self) -> bool:
        return any(it.has_figures for it in self.items)

    def item(self, item_id: str) -> ItemOverTime:
        for it in self.items:
            if it.item_id == item_id:
                return it
        raise KeyError(item_id)


def _figures(view: View) -> bool:
    return not isinstance(view, TooFew) and view.median is not None


def _small(view: View) -> bool:
    return bool(getattr(view, "small_group", False))


def change_between(since: Moment, before: View, to: Moment, after: View,
                   steps: ChangeSteps) -> Change | None:
    """The change of one statement between two moments; None when either moment
    shows no figures (too few answers, or only "weet ik niet")."""
    moved = shift(before, after)
    if moved is None:
        return None
    rank_before, rank_after = _RANK[moved.label_before], _RANK[moved.label_after]
    trend: AgreementTrend
    if rank_after < rank_before:
        trend = "now_opposed" if moved.label_after == "opposed" else "now_divided"
    elif rank_after > rank_before:
        trend = "now_agree" if moved.label_after == "agree" else "agree_more"
    elif moved.agreement_change >= steps.agreement_step - _EPSILON:
        trend = "agree_more"
    elif moved.agreement_change <= -steps.agreement_step + _EPSILON:
        trend = "agree_less"
    else:
        trend = "steady"
    median: MedianTrend = "same"
    if moved.median_change >= steps.median_step - _EPSILON:
        median = "higher"
    elif moved.median_change <= -steps.median_step + _EPSILON:
        median = "lower"
    return Change(since, to, moved, trend, median, _small(before) or _small(after))


def over_time(answers: Mapping[Moment, Mapping[str, Iterable[Vote]]],
              items: Sequence[tuple[str, str | None]], anonymity: Anonymity,
              cutoffs: AgreementCutoffs, steps: ChangeSteps) -> OverTime:
    """Each statement of `items` ((id, rule id), in the order to show) at each moment
    of `answers` that has answers to it, and its changes. Statements nobody
    answered at any moment are left out; moments are taken in their own order
    (start, mid, end) whatever order `answers` has."""
    unknown = [m for m in answers if m not in MOMENTS]
    if unknown:
        raise ValueError(f"not a moment: {unknown[0]!r}")
    moments = tuple(m for m in MOMENTS if m in answers and any(
        list(v) for v in answers[m].values()))
    lists = {m: {item: list(votes) for item, votes in answers[m].items()} for m in moments}
    out: list[ItemOverTime] = []
    for item_id, rule_id in items:
        views = tuple((m, aggregate(lists[m][item_id], anonymity, cutoffs)) for m in moments
                      if lists[m].get(item_id))
        if not views:
            continue
        shown = [(m, v) for m, v in views if _figures(v)]
        changes = tuple(c for (m1, v1), (m2, v2) in pairwise(shown)
                        if (c := change_between(m1, v1, m2, v2, steps)) is not None)
        out.append(ItemOverTime(item_id, rule_id, views, changes))
    return OverTime(moments, tuple(out))
