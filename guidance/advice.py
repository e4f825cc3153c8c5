"""Turn a scored plan into advice: the advice blocks that fit each rule's answers
and band (naming exactly what is missing where the content asks for it), one list
of all advice by impact, the first next steps across all rules (blockers and open
critical points first, then serious findings, then advice by impact) and the
practice tips from the interviews that answer what the plan lacks. Pure Python."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from content.loader import iter_question_conditions
from content.models import MISSING, NONE_OF_THESE, UNKNOWN, AdviceRule, Content, Rule
from scoring.answers import Answers
from scoring.conditions import holds
from scoring.engine import Readiness

StepKind = Literal["blocker", "finding", "advice"]
# Why fewer steps than scoring.yaml's guidance.next_steps are shown:
# "incomplete" (too little answered to know more), "nothing_more" (no more to do),
# "none_needed" (enough answered and nothing to do at all).
FewerReason = Literal["incomplete", "nothing_more", "none_needed"]


@dataclass(frozen=True)
class AdviceItem:
    rule_id: str
    advice_id: str
    priority: int
    source: str
    title: str
    body: str
    step: str
    # Points at stake: the points the answers this advice rests on cost the plan's
    # overall score (the whole rule's lost points for advice tied to a band).
    stake: float = 0.0


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
    advice: tuple[AdviceItem, ...] = ()  # all advice, by impact (the order of the steps)
    fewer_steps: FewerReason | None = None  # set when fewer steps than asked are shown

    def all_advice(self) -> list[AdviceItem]:
        return [a for items in self.by_rule.values() for a in items]


def join_labels(labels: list[str], conjunction: str) -> str:
    """"a, b en c": labels joined the way a sentence lists them."""
    if len(labels) <= 1:
        return "".join(labels)
    return f"{', '.join(labels[:-1])} {conjunction} {labels[-1]}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _missing_text(content: Content, rule: Rule, advice: AdviceRule, answers: Answers,
                  lang: str) -> str:
    """The labels of the options of `missing_of` the answer does not include (all
    of them for "weet ik niet", "none of these" or no answer), in option order."""
    q = next(q for q in rule.structure.questions if q.id == advice.missing_of)
    value = answers.get(q.id)
    chosen = set(value) - {NONE_OF_THESE, UNKNOWN} if isinstance(value, list) else set()
    labels = rule.texts[lang].questions[q.id].options
    missing = [_lower_first(labels[o]) for o in q.option_ids if o not in chosen]
    return join_labels(missing, content.messages[lang]["list.and"])


def _stake(content: Content, readiness: Readiness, rule: Rule, advice: AdviceRule) -> float:
    """Points at stake on the overall score (rule weights as in the overall mean)."""
    rs = readiness.rule(rule.id)
    asked = {qc.question for qc in iter_question_conditions(advice.when)}
    if asked:
        lost = sum(c.lost_points for c in rs.contributions if c.question_id in asked)
    else:
        lost = 100 - rs.score if rs.score is not None else 0.0
    weights = sum(r.structure.weight for r in content.rules)
    return lost * rule.structure.weight * len(content.rules) / weights


def _rule_sort_key(readiness: Readiness, rule_id: str) -> tuple[float, int]:
    rs = readiness.rule(rule_id)
    return (rs.score if rs.score is not None else 101.0, rs.number)


def _impact_key(readiness: Readiness, a: AdviceItem) -> tuple[int, float, float, int]:
    """Priority first, ties broken by the points at stake, then the weaker rule."""
    return (a.priority, -round(a.stake, 6), *_rule_sort_key(readiness, a.rule_id))


def _advice(content: Content, readiness: Readiness, answers: Answers,
            lang: str) -> dict[str, tuple[AdviceItem, ...]]:
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
            title, body, step = t.title, t.body, t.step
            if a.missing_of is not None:
                missing = _missing_text(content, rule, a, answers, lang)
                title, body, step = (x.replace(MISSING, missing) for x in (title, body, step))
            items.append(AdviceItem(rule.id, a.id, a.priority, a.source, title, body, step,
                                    _stake(content, readiness, rule, a)))
        by_rule[rule.id] = tuple(sorted(items, key=lambda i: i.priority))
    return by_rule


def _next_steps(content: Content, readiness: Readiness, ranked: list[AdviceItem],
                lang: str) -> list[NextStep]:
    """Blockers and open critical points, serious findings, then advice by impact.
    Advice a blocker replaces (content: `replaces_advice`) and a text already
    listed are left out. Advice for a rule no earlier step covers goes first, so
    the steps spread over the plan; the rest fills up to the number asked."""
    steps: list[NextStep] = []
    replaced: set[str] = set()
    for hit in readiness.blockers:
        steps.append(NextStep("blocker", hit.blocker_id, (hit.rule_id,),
                              content.blocker_text(lang, hit.blocker_id).step))
        blocker = next(b for b in content.rule(hit.rule_id).structure.blockers
                       if b.id == hit.blocker_id)
        replaced.update(blocker.replaces_advice)
    for f in readiness.findings:
        if f.severity == "high":
            steps.append(NextStep("finding", f.check_id, f.rules,
                                  content.check_text(lang, f.check_id).fix))
    candidates = [a for a in ranked if a.advice_id not in replaced]
    covered = {rid for s in steps for rid in s.rule_ids}
    spread = []
    for item in candidates:
        if item.rule_id not in covered:
            covered.add(item.rule_id)
            spread.append(item)
    rest = [a for a in candidates if a not in spread]
    texts = {s.text for s in steps}
    for item in spread + rest:
        if item.step not in texts:
            texts.add(item.step)
            steps.append(NextStep("advice", item.advice_id, (item.rule_id,), item.step))
    return steps


def _pick_tips(content: Content, readiness: Readiness, answers: Answers,
               ranked: list[AdviceItem], lang: str) -> list[TipItem]:
    """Tips that answer what this plan lacks: first those whose own condition
    matches the answers, then tips for the rules where advice applies (something
    is missing, unknown or weak there), the most points at stake first. A tip for
    a rule that lacks nothing is not shown."""
    picked = [t for t in content.tips if t.when is not None and holds(t.when, answers)]
    need: dict[str, tuple[int, float]] = {}  # rule -> (most urgent priority, -stake)
    for a in ranked:
        priority, stake = need.get(a.rule_id, (a.priority, 0.0))
        need[a.rule_id] = (min(priority, a.priority), stake - a.stake)
    open_tips = [t for t in content.tips if t.when is None and any(r in need for r in t.rules)]
    open_tips.sort(key=lambda t: min(need[r] for r in t.rules if r in need))
    picked += open_tips
    return [TipItem(t.id, t.source, tuple(t.rules), content.tip_texts[lang][t.id].text)
            for t in picked]


def build_guidance(content: Content, readiness: Readiness, answers: Answers,
                   lang: str) -> Guidance:
    by_rule = _advice(content, readiness, answers, lang)
    ranked = sorted((a for items in by_rule.values() for a in items),
                    key=lambda a: _impact_key(readiness, a))
    steps = _next_steps(content, readiness, ranked, lang)
    counts = content.scoring.guidance
    fewer: FewerReason | None = None
    if len(steps) < counts.next_steps:
        fewer = ("incomplete" if not readiness.enough_answered
                 else "nothing_more" if steps else "none_needed")
    tips = _pick_tips(content, readiness, answers, ranked, lang)
    return Guidance(by_rule=by_rule, next_steps=tuple(steps[:counts.next_steps]),
                    tips=tuple(tips[:counts.tips]), advice=tuple(ranked), fewer_steps=fewer)
