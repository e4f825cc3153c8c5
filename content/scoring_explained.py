"""How Vonk scores, told from the content itself (page "Hoe Vonk scoort").

Every number here is read from the same models the scoring engine reads
(``content.scoring``, the questions' target ranges, the blockers and design
checks), so the explanation cannot disagree with the scores: change
``content/scoring.yaml`` or a rule's YAML and this text changes with it. What is
the handreiking's (a target range's ``ideal``, the sections advice rests on) and
what is Vonk's judgement (bands, slopes, weights, the ``judgement`` texts) is said
for each part.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from content.labels import band_label, number, pct
from content.models import (
    SCALE,
    AllCondition,
    AnyCondition,
    Condition,
    Content,
    NotCondition,
    Question,
    QuestionCondition,
)


@dataclass(frozen=True)
class ExplainedTable:
    head: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class ExplainedSection:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    table: ExplainedTable | None = None
    notes: list[str] = field(default_factory=list)  # shown after the table


def _questions(content: Content) -> dict[str, tuple[Question, str]]:
    return {q.id: (q, r.id) for r in content.rules for q in r.structure.questions}


def _label(content: Content, lang: str, question_id: str) -> str:
    rule_id = _questions(content)[question_id][1]
    return content.rule(rule_id).texts[lang].questions[question_id].label


def _value_text(content: Content, lang: str, question_id: str, value: str | int) -> str:
    m = content.messages[lang]
    q, rule_id = _questions(content)[question_id]
    options = content.rule(rule_id).texts[lang].questions[question_id].options
    if value == "unknown":
        return m["answer.unknown"]
    if value == "none" and q.kind == "multi":
        return m["answer.none_of_these"]
    if q.kind == "scale" and isinstance(value, int):
        return f"{value} ({m[f'scale.{value}']})"
    return options.get(str(value), str(value))


def condition_text(content: Content, lang: str, cond: Condition) -> str:
    """A condition in words: "Wie is de coördinator? — Niemand"."""
    m = content.messages[lang]
    if isinstance(cond, AllCondition):
        return f" {m['how.and']} ".join(condition_text(content, lang, c) for c in cond.all)
    if isinstance(cond, AnyCondition):
        return f" {m['how.or']} ".join(condition_text(content, lang, c) for c in cond.any)
    if isinstance(cond, NotCondition):
        return m["how.not"].format(condition=condition_text(content, lang, cond.not_))
    assert isinstance(cond, QuestionCondition)
    label = _label(content, lang, cond.question)
    parts: list[str] = []
    if cond.in_ is not None:
        parts.append(" / ".join(_value_text(content, lang, cond.question, v) for v in cond.in_))
    for bound, sign in ((cond.lt, "<"), (cond.le, "≤"), (cond.gt, ">"), (cond.ge, "≥")):
        if bound is not None:
            parts.append(f"{sign} {number(bound, lang)}")
    if cond.includes is not None:
        parts.append(" / ".join(_value_text(content, lang, cond.question, v)
                                for v in cond.includes))
    if cond.count_ge is not None:
        parts.append(m["how.count_ge"].format(count=cond.count_ge))
    if cond.count_le is not None:
        parts.append(m["how.count_le"].format(count=cond.count_le))
    if cond.answered is not None:
        parts.append(m["how.answered" if cond.answered else "how.unanswered"])
    return f"“{label}” — {', '.join(parts)}"


def _bands(content: Content, lang: str) -> ExplainedSection:
    m, s = content.messages[lang], content.scoring
    rows = []
    for i, band in enumerate(s.bands):
        upper = s.bands[i + 1].min_score if i + 1 < len(s.bands) else None
        span = (m["how.band_from_to"].format(low=number(band.min_score, lang),
                                            high=number(upper, lang))
                if upper is not None else
                m["how.band_from"].format(low=number(band.min_score, lang)))
        rows.append([band_label(m, band.id), span])
    return ExplainedSection(
        m["how.bands"], [m["how.bands_intro"]],
        ExplainedTable([m["table.band"], m["how.overall_score"]], rows),
        [m["how.judgement"].format(text=m["how.bands_judgement"])])


def _answers(content: Content, lang: str) -> ExplainedSection:
    m, s = content.messages[lang], content.scoring
    rows = [[f"{v} · {m[f'scale.{v}']}", number(s.scale_scores[v], lang)] for v in SCALE]
    return ExplainedSection(
        m["how.answers"],
        [m["how.answers_intro"],
         m["how.per_rule"].format(count=s.min_answered_per_rule)],
        ExplainedTable([m["how.statement"], m["table.score"]], rows),
        [m["how.judgement"].format(text=m["how.weights_judgement"])])


def _targets(content: Content, lang: str) -> ExplainedSection:
    m = content.messages[lang]
    rows, notes = [], []
    for rule in content.rules:
        for q in rule.structure.questions:
            if q.target is None:
                continue
            qt = rule.texts[lang].questions[q.id]
            low, high = q.target.ideal
            ideal = (number(low, lang) if low == high else
                     m["how.range"].format(low=number(low, lang), high=number(high, lang)))
            points = ", ".join(f"{number(x, lang)} → {number(y, lang)}"
                               for x, y in q.target.points)
            source = content.section_heading(lang, rule.structure.section)
            rows.append([f"{content.rule_label(rule.id, lang, short=True)}: {qt.label}",
                         m["how.ideal_source"].format(range=ideal, source=source), points])
            if qt.judgement:
                notes.append(m["how.judgement"].format(text=f"*{qt.label}* {qt.judgement}"))
    return ExplainedSection(
        m["how.targets"], [m["how.targets_intro"]],
        ExplainedTable([m["how.question"], m["how.ideal"], m["how.points"]], rows), notes)


def _counts(content: Content, lang: str) -> ExplainedSection | None:
    """Questions scored by how many options are chosen (e.g. what is fixed in advance)."""
    m = content.messages[lang]
    rows = []
    for rule in content.rules:
        for q in rule.structure.questions:
            if q.kind == "multi" and q.scored and q.count_scores is not None:
                label = rule.texts[lang].questions[q.id].label
                rows.append([f"{content.rule_label(rule.id, lang, short=True)}: {label}",
                             ", ".join(f"{n} → {number(score, lang)}"
                                       for n, score in enumerate(q.count_scores))])
    if not rows:
        return None
    return ExplainedSection(m["how.counts"], [m["how.counts_intro"]],
                            ExplainedTable([m["how.question"], m["how.count_points"]], rows))


def _completeness(content: Content, lang: str) -> ExplainedSection:
    m, s = content.messages[lang], content.scoring
    top = s.bands[-1].id
    return ExplainedSection(m["how.completeness"], [
        m["how.completeness_top"].format(pct=pct(s.min_completeness_for_top),
                                         top=band_label(m, top),
                                         cap=band_label(m, s.incomplete_cap)),
        m["how.completeness_verdict"].format(pct=pct(s.min_completeness_for_verdict),
                                             none=band_label(m, None)),
        m["how.judgement"].format(text=m["how.completeness_judgement"])])


def _blockers(content: Content, lang: str) -> ExplainedSection:
    m = content.messages[lang]
    rows = [[content.blocker_title(lang, b.id), content.rule_label(rule.id, lang, short=True),
             condition_text(content, lang, b.when), band_label(m, b.cap)]
            for rule in content.rules for b in rule.structure.blockers]
    return ExplainedSection(
        m["how.blockers"], [m["how.blockers_intro"]],
        ExplainedTable([m["how.blocker"], m["table.rule"], m["how.when"], m["how.cap"]], rows))


def _checks(content: Content, lang: str) -> ExplainedSection:
    m = content.messages[lang]
    rows = [[content.check_text(lang, c.id).title, m[f"severity.{c.severity}"],
             ", ".join(str(content.rule(r).number) for r in c.rules),
             content.section_heading(lang, c.source)]
            for c in content.design_checks]
    return ExplainedSection(
        m["how.checks"], [m["how.checks_intro"]],
        ExplainedTable([m["how.check"], m["how.severity"], m["how.rules"], m["how.source"]],
                       rows))


def _guidance(content: Content, lang: str) -> ExplainedSection:
    m, g = content.messages[lang], content.scoring.guidance
    return ExplainedSection(m["how.guidance"], [
        m["how.guidance_text"].format(steps=g.next_steps, tips=g.tips),
        m["how.judgement"].format(text=m["how.guidance_judgement"])])


def explain_scoring(content: Content, lang: str) -> list[ExplainedSection]:
    """The whole explanation, in the order a reader needs it."""
    counts = _counts(content, lang)
    return [_answers(content, lang), *([counts] if counts else []), _targets(content, lang),
            _bands(content, lang), _completeness(content, lang), _blockers(content, lang),
            _checks(content, lang), _guidance(content, lang)]
