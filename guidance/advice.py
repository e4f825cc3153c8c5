"""Turn a scored plan into advice: the advice blocks that fit each rule's answers
and band, the first three next steps across all rules (blockers first), and the
practice tips from the interviews that fit the weakest rules. Pure Python."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from content.models import Content
from scoring.answers import Answers
from scoring.conditions import holds
from scoring.engine import Readiness

StepKind = Literal["blocker", "finding", "advice"]


@dataclass(frozen=True)
class AdviceItem:
    rule_id: str
    advice_id: str
    priority: int
    source: str
    title: str
    body: str
    step: str


@dataclass(frozen=True)
class NextStep:
    kind: StepKind
    ref: str  # blocker, check or advice id
    rule_ids: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class TipItem:
    tip_id: str
    source: str
    rule_ids: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Guidance:
    by_rule: dict[str, tuple[AdviceItem, ...]]
    next_steps: tuple[NextStep, ...]
    tips: tuple[TipItem, ...]

    def all_advice(self) -> list[AdviceItem]:
        return [a for items in self.by_rule.values() for a in items]


def _rule_sort_key(readiness: Readiness, rule_id: str) -> tuple[float, int]:
    rs = readiness.rule(rule_id)
    return (rs.score if rs.score is not None else 101.0, rs.number)


def _pick_tips(content: Content, readiness: Readiness, answers: Answers,
               lang: str) -> list[TipItem]:
    """Tips whose condition matches these answers first, then tips for the rules
    that need the most work (all rules, weakest first, when none is weak)."""
    top = content.scoring.band_ids[-1]
    ranked = sorted((r.rule_id for r in readiness.rules),
                    key=lambda rid: _rule_sort_key(readiness, rid))
    weak = [rid for rid in ranked if readiness.rule(rid).band not in (None, top)]
    focus = weak or ranked
    picked = [t for t in content.tips if t.when is not None and holds(t.when, answers)]
    for rid in focus:
        picked += [t for t in content.tips
                   if rid in t.rules and t.when is None and t not in picked]
    return [TipItem(t.id, t.source, tuple(t.rules), content.tip_texts[lang][t.id].text)
            for t in picked]


def build_guidance(content: Content, readiness: Readiness, answers: Answers,
                   lang: str) -> Guidance:
    by_rule: dict[str, tuple[AdviceItem, ...]] = {}
    for rule in content.rules:
        band = readiness.rule(rule.id).band
        texts = rule.texts[lang].advice
        items = []
        for a in rule.structure.advice:
            if a.bands is not None and band not in a.bands:
                continue
            if not holds(a.when, answers):
                continue
            t = texts[a.id]
            items.append(AdviceItem(rule.id, a.id, a.priority, a.source, t.title, t.body, t.step))
        by_rule[rule.id] = tuple(sorted(items, key=lambda i: i.priority))

    steps: list[NextStep] = []
    for hit in readiness.blockers:
        steps.append(NextStep("blocker", hit.blocker_id, (hit.rule_id,),
                              content.blocker_text(lang, hit.blocker_id).fix))
    for f in readiness.findings:
        if f.severity == "high":
            steps.append(NextStep("finding", f.check_id, f.rules,
                                  content.check_text(lang, f.check_id).fix))
    ranked = sorted((a for items in by_rule.values() for a in items),
                    key=lambda a: (a.priority, *_rule_sort_key(readiness, a.rule_id)))
    # One step per rule: advice for a rule that a blocker or finding already
    # covers would repeat that fix in other words.
    covered = {rid for s in steps for rid in s.rule_ids}
    for item in ranked:
        if item.rule_id in covered:
            continue
        covered.add(item.rule_id)
        steps.append(NextStep("advice", item.advice_id, (item.rule_id,), item.step))

    tips = _pick_tips(content, readiness, answers, lang)
    counts = content.scoring.guidance
    return Guidance(by_rule=by_rule, next_steps=tuple(steps[:counts.next_steps]),
                    tips=tuple(tips[:counts.tips]))
