"""One plan's result as a document: the report (Markdown, PDF), the command line's
summary and the table behind the charts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from content.labels import answer_label, date_text, pct
from content.models import EURO_RATES, Content, InvestmentRates
from evaluation import Evaluation
from evaluation.explain import cap_intro, verdict_line
from investment import Estimate
from reports.document import (
    Block,
    Bullets,
    Callout,
    CalloutTone,
    Cell,
    Document,
    Emphasis,
    Heading,
    Paragraph,
    RadarChart,
    Strong,
    Table,
    Text,
    UserText,
    join,
    phrase,
)
from scoring.engine import BlockerHit, Readiness

SEVERITY_TONE: dict[str, CalloutTone] = {"high": "negative", "medium": "caution",
                                         "low": "neutral"}


def rule_table(content: Content, readiness: Readiness, lang: str, *,
               short: bool = False) -> Table:
    """The numbers behind both charts, one row per rule: rule, score, band, answered."""
    m = content.messages[lang]
    return Table(
        head=[m["table.rule"], m["table.score"], m["table.band"], m["table.answered"]],
        rows=[[Cell("text", content.rule_label(rs.rule_id, lang, short=short)),
               Cell("score", rs.score), Cell("band", rs.band),
               Cell("count", (rs.answered, rs.total))] for rs in readiness.rules])


def investment_table(content: Content, estimates: Sequence[tuple[Text, Estimate]],
                     lang: str) -> Table:
    """Hours of the participants and of each role and the total cost, a column per
    plan (str names are the users' own text). The one investment table of the
    screen, the PDF, CSV and XLSX. A role nobody holds (or not known yet) says so
    instead of showing 0 hours."""
    m = content.messages[lang]
    rows = [[Cell("text", m["compare.participant_hours"]),
             *(Cell("hours", e.participant_hours) for _, e in estimates)]]
    for role in content.investment.inputs.roles:
        cells = [Cell("text", m[f"compare.hours_{role.question}"])]
        for _, e in estimates:
            rc = next(r for r in e.roles if r.role == role.question)
            cells.append(Cell("hours", rc.hours) if rc.held else Cell("text", m[
                "compare.role_nobody" if rc.holder in content.investment.inputs.no_holder_options
                else "compare.role_unknown"]))
        rows.append(cells)
    rows.append([Cell("text", m["compare.total_cost"]),
                 *(Cell("money", e.total_cost) for _, e in estimates)])
    return Table(head=["", *(UserText(n) if isinstance(n, str) else n for n, _ in estimates)],
                 rows=rows)


def rates_table(content: Content, rates: InvestmentRates, lang: str,
                made_on: date | None = None) -> Table:
    """The day of the report and the rates and hours its investment used, as the
    user set them."""
    m = content.messages[lang]
    day = made_on or date.today()
    return Table(head=[m["report.rates"], m["report.rate_value"]],
                 rows=[[Cell("text", m["report.date"]), Cell("text", date_text(day, m))],
                       *([Cell("text", m[f"rate.{field}"]),
                          Cell("euro" if field in EURO_RATES else "number",
                               float(getattr(rates, field)))]
                         for field in InvestmentRates.model_fields)])


def made_on_block(content: Content, lang: str, made_on: date | None) -> Paragraph:
    """When the report was made (the rates and answers of that day)."""
    day = made_on or date.today()
    m = content.messages[lang]
    return Paragraph(m["report.made_on"].format(date=date_text(day, m)),
                     "small")


def estimate_missing(content: Content, name: str, estimate: Estimate,
                     lang: str) -> Paragraph | None:
    """What the estimate of one plan still lacks, or None when it is complete."""
    if not estimate.missing:
        return None
    m = content.messages[lang]
    return Paragraph(phrase(m["compare.estimate_missing"], name=UserText(name),
                            missing=", ".join(m[f"compare.input_{q}"]
                                              for q in estimate.missing)), "small")


def _overall(content: Content, evaluation: Evaluation) -> list[Block]:
    """The verdict as the screen says it (no score while too little is answered),
    and why the band is lower than the average alone gives."""
    lang, r = evaluation.lang, evaluation.readiness
    m = content.messages[lang]
    blocks: list[Block] = [Paragraph(join(Strong(verdict_line(content, r, lang))), "lead")]
    if r.band is None:
        blocks.append(Paragraph(m["result.no_verdict"].format(
            pct=pct(content.scoring.min_completeness_for_verdict))))
    if evaluation.cap_reasons:
        blocks += [Paragraph(cap_intro(content, r, lang)), Bullets(list(evaluation.cap_reasons))]
    return blocks


def _completeness(content: Content, r: Readiness, lang: str) -> Paragraph:
    m = content.messages[lang]
    return Paragraph(m["result.completeness"].format(
        answered=r.answered, total=r.total, pct=pct(r.completeness)), "small")


def _blockers_and_findings(content: Content, r: Readiness, lang: str) -> list[Block]:
    m = content.messages[lang]
    blocks: list[Block] = []
    sections: tuple[tuple[str, str, tuple[BlockerHit, ...], CalloutTone], ...] = (
        ("result.blockers", "result.blockers_intro", r.verdict_blockers, "negative"),
        ("result.open_points", "result.open_points_intro", r.open_points, "caution"))
    for heading, intro, hits, tone in sections:
        if hits:
            blocks += [Heading(2, m[heading]), Paragraph(m[intro], "small")]
            blocks += [Callout(tone, f"{content.blocker_title(lang, hit.blocker_id)} "
                                     f"({m['table.rule']} {content.rule(hit.rule_id).number})",
                               content.blocker_text(lang, hit.blocker_id).fix.strip())
                       for hit in hits]
    if not r.findings:
        blocks += [Heading(2, m["result.findings"]),
                   Paragraph(m["result.no_findings" if r.enough_answered
                               else "result.findings_incomplete"], "small")]
    else:
        blocks.append(Heading(2, m["result.findings"]))
        for f in r.findings:
            ft = content.check_text(lang, f.check_id)
            blocks.append(Callout(
                SEVERITY_TONE[f.severity], f"{ft.title} ({m[f'severity.{f.severity}']})",
                join(ft.explanation.strip(), " ", Emphasis(f"{m['result.fix']}:"), " ",
                     ft.fix.strip())))
    return blocks


def _rule_details(content: Content, evaluation: Evaluation) -> list[Block]:
    """Per rule: the answers as the user gave them (the advice is its own section)."""
    lang, r = evaluation.lang, evaluation.readiness
    blocks: list[Block] = []
    for rs in r.rules:
        rule = content.rule(rs.rule_id)
        texts = rule.texts[lang]
        questions = {q.id: q for q in rule.structure.questions}
        blocks.append(Heading(3, content.rule_label(rs.rule_id, lang)))
        answers: list[Text] = []
        for c in rs.contributions:
            q, qt = questions[c.question_id], texts.questions[c.question_id]
            answer = answer_label(content, q, qt, c.answer, lang)
            # A free-text answer is the user's own text; every other label is content.
            shown = UserText(answer) if q.kind == "text" and c.answer is not None else answer
            answers.append(join(f"{qt.label} — ", Emphasis(shown)))
        if answers:
            blocks.append(Bullets(answers))
    return blocks


def _advice(content: Content, evaluation: Evaluation) -> list[Block]:
    """All advice for the plan, rule by rule, each with its source in the handreiking."""
    lang, g = evaluation.lang, evaluation.guidance
    m = content.messages[lang]
    items: list[Text] = [join(Strong(a.title), f" ({m['table.rule']} {content.rule(rid).number})"
                              f" — {a.body.strip()} "
                              f"({m['advice.source']}: {content.section_heading(lang, a.source)})")
                         for rid, advice in g.by_rule.items() for a in advice]
    return [Heading(2, m["result.advice"]),
            Bullets(items) if items else Paragraph(m["result.no_advice"])]


def scenario_document(content: Content, evaluation: Evaluation, title: str,
                      made_on: date | None = None) -> Document:
    """The full report of one plan: verdict, blockers, findings, first steps, the
    scores per rule (radar and table), the investment, each rule's answers and
    advice, and the tips. `title` is the user's own text."""
    lang, r, g = evaluation.lang, evaluation.readiness, evaluation.guidance
    m = content.messages[lang]
    name = title or m["plan.default_title"]
    blocks: list[Block] = [
        Heading(1, join(f"{m['report.heading']}: ", UserText(name))),
        made_on_block(content, lang, made_on),
        *_overall(content, evaluation),
        _completeness(content, r, lang),
        *_blockers_and_findings(content, r, lang),
    ]
    if g.next_steps:
        blocks += [Heading(2, m["result.next_steps"]),
                   Bullets([step.text for step in g.next_steps], numbered=True)]
    blocks += _advice(content, evaluation)
    blocks += [Heading(2, m["result.per_rule"]),
               RadarChart([(UserText(name), r)]),
               rule_table(content, r, lang),
               Heading(2, m["compare.investment"]),
               # One plan: the column is "estimate", the plan's name is in the title.
               investment_table(content, [(m["report.estimate"], evaluation.estimate)], lang)]
    missing = estimate_missing(content, name, evaluation.estimate, lang)
    if missing is not None:
        blocks.append(missing)
    blocks += [Paragraph(m["report.rates_intro"], "small"),
               rates_table(content, evaluation.rates, lang, made_on)]
    blocks += _rule_details(content, evaluation)
    if g.tips:
        blocks += [Heading(2, m["result.tips"]), Bullets([tip.text for tip in g.tips])]
    blocks.append(Paragraph(join(Emphasis(m["report.footer"])), "small"))
    return Document(title=join(f"{m['report.heading']}: ", UserText(name)), blocks=blocks,
                    lang=lang)


def summary_document(content: Content, evaluation: Evaluation) -> Document:
    """The short result the command line prints: the verdict, the completeness, the
    scores per rule, the blockers and the findings."""
    lang, r = evaluation.lang, evaluation.readiness
    m = content.messages[lang]
    blocks: list[Block] = [
        *_overall(content, evaluation),
        _completeness(content, r, lang),
        rule_table(content, r, lang, short=True),
    ]
    for heading, hits in (("result.blockers", r.verdict_blockers),
                          ("result.open_points", r.open_points)):
        if hits:
            blocks += [Heading(2, m[heading]),
                       Bullets([content.blocker_title(lang, b.blocker_id) for b in hits])]
    if r.findings:
        blocks += [Heading(2, m["result.findings"]),
                   Bullets([f"[{m[f'severity.{f.severity}']}] "
                            f"{content.check_text(lang, f.check_id).title}"
                            for f in r.findings])]
    return Document(title=m["report.heading"], blocks=blocks, lang=lang)
