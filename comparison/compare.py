"""Compare 2-4 scenarios of a planned network: scores per rule with deltas, the
blockers and findings that differ, the advice the better scenario no longer needs,
the investment, and a one-line verdict per pair. Pure Python, no UI."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations

from content.labels import band_label, points_text, whole
from content.models import Content, InvestmentRates
from evaluation import Evaluation, evaluate
from guidance import Guidance
from investment import Estimate
from scoring.answers import Answers
from scoring.engine import Readiness

# A comparison puts 2 to 4 scenarios side by side: more columns do not fit a phone
# or an A4 page.
MIN_SCENARIOS, MAX_SCENARIOS = 2, 4


@dataclass(frozen=True)
class ScenarioResult:
    name: str
    evaluation: Evaluation

    @property
    def answers(self) -> Answers:
        return self.evaluation.answers

    @property
    def readiness(self) -> Readiness:
        return self.evaluation.readiness

    @property
    def guidance(self) -> Guidance:
        return self.evaluation.guidance

    @property
    def estimate(self) -> Estimate:
        return self.evaluation.estimate


@dataclass(frozen=True)
class RuleRow:
    rule_id: str
    number: int
    scores: tuple[float | None, ...]
    deltas: tuple[float | None, ...]  # shown score minus the first's; None where unscored


@dataclass(frozen=True)
class PairDiff:
    a: int  # scenario indexes
    b: int
    better: int | None  # index of the readier scenario, None when equal
    blockers_only: dict[int, tuple[str, ...]]  # scenario index -> blocker ids only it has
    findings_only: dict[int, tuple[str, ...]]
    advice_not_needed: dict[int, tuple[str, ...]]  # index -> advice ids the OTHER needs


@dataclass(frozen=True)
class Comparison:
    scenarios: tuple[ScenarioResult, ...]
    rows: tuple[RuleRow, ...]
    pairs: tuple[PairDiff, ...]
    lang: str
    rates: InvestmentRates  # the rates every scenario's estimate used


def _rank(content: Content, r: Readiness) -> tuple[int, int]:
    """Band first, then the overall score as the table shows it (whole points): two
    scenarios that both show 90 are equal, whatever their decimals."""
    order = content.scoring.band_ids
    return (order.index(r.band) if r.band else -1,
            whole(r.overall) if r.overall is not None else -1)


def compare(content: Content, scenarios: Sequence[tuple[str, Answers]], lang: str,
            rates: InvestmentRates | None = None) -> Comparison:
    if not MIN_SCENARIOS <= len(scenarios) <= MAX_SCENARIOS:
        raise ValueError(f"compare {MIN_SCENARIOS} to {MAX_SCENARIOS} scenarios")
    rates = rates or content.investment.rates
    results = [ScenarioResult(name, evaluate(content, answers, lang, rates))
               for name, answers in scenarios]
    rows = []
    for i, rule in enumerate(content.rules):
        scores = tuple(s.readiness.rules[i].score for s in results)
        base = scores[0]
        # Deltas of the scores as shown (whole points): "62 (▲ +4)" beside "58".
        deltas = tuple(None if base is None or x is None else float(whole(x) - whole(base))
                       for x in scores)
        rows.append(RuleRow(rule.id, rule.number, scores, deltas))
    pairs = []
    for a, b in combinations(range(len(results)), 2):
        ra, rb = results[a], results[b]
        rank_a, rank_b = _rank(content, ra.readiness), _rank(content, rb.readiness)
        better = None if rank_a == rank_b else (a if rank_a > rank_b else b)
        blockers = {i: {h.blocker_id for h in results[i].readiness.blockers} for i in (a, b)}
        findings = {i: {f.check_id for f in results[i].readiness.findings} for i in (a, b)}
        advice = {i: {x.advice_id for x in results[i].guidance.all_advice()} for i in (a, b)}
        other = {a: b, b: a}
        pairs.append(PairDiff(
            a=a, b=b, better=better,
            blockers_only={i: tuple(sorted(blockers[i] - blockers[other[i]])) for i in (a, b)},
            findings_only={i: tuple(sorted(findings[i] - findings[other[i]])) for i in (a, b)},
            advice_not_needed={i: tuple(sorted(advice[other[i]] - advice[i])) for i in (a, b)}))
    return Comparison(tuple(results), tuple(rows), tuple(pairs), lang, rates)


def verdict(content: Content, comparison: Comparison, pair: PairDiff, lang: str,
            inert: Callable[[str], str] = lambda s: s) -> str:
    """One line per pair, e.g. "B is klaar om te starten; A niet, omdat er geen
    coördinator is." `inert` neutralises the scenario names (the users' own text)
    for the place the line is shown."""
    m = content.messages[lang]
    names = {i: inert(comparison.scenarios[i].name) for i in (pair.a, pair.b)}
    bands = {i: comparison.scenarios[i].readiness.band for i in (pair.a, pair.b)}

    def band_text(i: int) -> str:
        return band_label(m, bands[i]).lower()

    if pair.better is None:
        return m["compare.verdict_equal"].format(a=names[pair.a], b=names[pair.b],
                                                 band=band_text(pair.a))
    worse = pair.b if pair.better == pair.a else pair.a
    reasons = [content.blocker_title(lang, b).lower() for b in pair.blockers_only[worse]]
    if not reasons:
        reasons = [content.check_text(lang, f).title.lower()
                   for f in pair.findings_only[worse]]
    worse_overall = comparison.scenarios[worse].readiness.overall
    better_overall = comparison.scenarios[pair.better].readiness.overall
    # The points a reader can check in the table: the difference of the shown scores.
    points = None if worse_overall is None or better_overall is None else \
        whole(better_overall) - whole(worse_overall)
    if not reasons and points is not None and points > 0:
        reasons = [m["compare.reason_score"].format(points=points_text(m, points))]
    elif not reasons and points == 0 and bands[pair.better] is not None:
        band = next(b for b in content.scoring.bands if b.id == bands[pair.better])
        reasons = [m["compare.reason_threshold"].format(threshold=f"{band.min_score:g}",
                                                        band=band_text(pair.better))]
    if bands[pair.better] == bands[worse] and points is not None:
        return m["compare.verdict_same_band"].format(
            better=names[pair.better], worse=names[worse], band=band_text(worse),
            points=points_text(m, points),
            reasons="; ".join(reasons) or m["compare.reason_unknown"])
    return m["compare.verdict"].format(
        better=names[pair.better], better_band=band_text(pair.better),
        worse=names[worse], worse_band=band_text(worse),
        reasons="; ".join(reasons) or m["compare.reason_unknown"])


def differences(content: Content, comparison: Comparison, pair: PairDiff, lang: str,
                inert: Callable[[str], str] = lambda s: s) -> list[str]:
    """What differs between the two scenarios of a pair, one line each."""
    m = content.messages[lang]
    lines = []
    for idx in (pair.a, pair.b):
        name = inert(comparison.scenarios[idx].name)
        open_ids = {h.blocker_id for h in comparison.scenarios[idx].readiness.open_points}
        # An open critical point (not answered yet) is no blocker: its title says what it is.
        lines += [m["compare.only_open" if b in open_ids else "compare.only_blocker"].format(
            name=name, title=content.blocker_title(lang, b)) for b in pair.blockers_only[idx]]
        lines += [m["compare.only_finding"].format(
            name=name, title=content.check_text(lang, f).title)
            for f in pair.findings_only[idx]]
        lines += [m["compare.not_needed"].format(name=name, title=content.advice_title(lang, a))
                  for a in pair.advice_not_needed[idx]]
    return lines
