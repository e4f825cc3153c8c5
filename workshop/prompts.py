"""Which rules the room should talk about, and the prompts for them.

From the revealed views per rule (the latest round of each statement), pick at
most `most_divided` rules the room is divided on (the rule's agreement is that of
its most divided statement, `aggregate.rule_agreement`; a rule whose label is not
"eens" counts, most divided first) and then at most `lowest` rules rated low (the
rule's level is the lowest median of its statements; below `low_median_below`,
lowest first), a rule once only. Rules without figures (too few answers,
everyone "weet ik niet") are never picked: there is nothing shown to discuss.
Pure: the cut-offs and the prompts come from content/.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from content.workshop import AgreementCutoffs, DiscussionPrompt, PromptSettings, PromptWhen
from workshop.aggregate import TooFew, View, rule_agreement


@dataclass(frozen=True)
class RulePrompts:
    """A rule worth discussing, why (`reason`: "divided" or "low"), the figure
    behind that (the rule's agreement A, or its lowest median) and its prompts."""

    rule_id: str
    reason: PromptWhen
    figure: float
    prompts: tuple[DiscussionPrompt, ...]


def rule_level(views: Iterable[View]) -> float | None:
    """A rule's level: the lowest median of its statements with figures."""
    medians = [v.median for v in views if not isinstance(v, TooFew) and v.median is not None]
    return min(medians) if medians else None


def pick_prompts(rules: Mapping[str, Sequence[View]], prompts: Iterable[DiscussionPrompt],
                 settings: PromptSettings, cutoffs: AgreementCutoffs) -> list[RulePrompts]:
    """The rules to discuss, the divided ones first, each with its prompts for
    that reason; ties keep the order of `rules`."""
    order = list(rules)
    by_rule: dict[tuple[str, str], list[DiscussionPrompt]] = {}
    for p in prompts:
        by_rule.setdefault((p.rule, p.when), []).append(p)

    divided = [(a, rid) for rid in order
               if (a := rule_agreement(rules[rid])) is not None and cutoffs.label(a) != "agree"]
    divided.sort(key=lambda item: (item[0], order.index(item[1])))
    picked: list[RulePrompts] = [
        RulePrompts(rid, "divided", a, tuple(by_rule.get((rid, "divided"), ())))
        for a, rid in divided[:settings.most_divided]]
    taken = {p.rule_id for p in picked}
    low = [(m, rid) for rid in order if rid not in taken
           and (m := rule_level(rules[rid])) is not None and m < settings.low_median_below]
    low.sort(key=lambda item: (item[0], order.index(item[1])))
    picked += [RulePrompts(rid, "low", m, tuple(by_rule.get((rid, "low"), ())))
               for m, rid in low[:settings.lowest]]
    return picked
