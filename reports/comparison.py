"""A comparison of 2-4 scenarios as a document: the verdict per pair, one table of
scores (with deltas), totals and investment, the radar and the investment per role.
The table is built here once, for the screen, CSV, XLSX and PDF alike."""

from __future__ import annotations

from comparison import Comparison, PairDiff, verdict
from content.models import Content
from reports.document import (
    Block,
    Bullets,
    Cell,
    Document,
    Emphasis,
    Heading,
    Paragraph,
    Phrase,
    RadarChart,
    Strong,
    Symbol,
    Table,
    UserText,
    inert_phrase,
    join,
    phrase,
)
from reports.scenario import estimate_missing, investment_table


def comparison_table(content: Content, comparison: Comparison) -> Table:
    """A row per rule (score, and for every scenario after the first its delta
    against the first), then the overall score, the band, participant hours, role
    hours and the total cost; a column per scenario."""
    lang = comparison.lang
    m = content.messages[lang]
    scenarios = comparison.scenarios
    rows: list[list[Cell]] = []
    for row in comparison.rows:
        rows.append([Cell("text", content.rule_label(row.rule_id, lang, short=True)),
                     *(Cell("score", score, delta=None if i == 0 else Cell("delta", delta))
                       for i, (score, delta) in enumerate(zip(row.scores, row.deltas,
                                                              strict=True)))])
    rows.append([Cell("text", join(Strong(m["result.overall"]))),
                 *(Cell("score", s.readiness.overall) for s in scenarios)])
    rows.append([Cell("text", join(Strong(m["table.band"]))),
                 *(Cell("band", s.readiness.band) for s in scenarios)])
    rows.append([Cell("text", m["compare.participant_hours"]),
                 *(Cell("hours", s.estimate.participant_hours) for s in scenarios)])
    rows.append([Cell("text", m["compare.role_hours"]),
                 *(Cell("hours", s.estimate.role_hours) for s in scenarios)])
    rows.append([Cell("text", m["compare.total_cost"]),
                 *(Cell("money", s.estimate.total_cost) for s in scenarios)])
    caption = phrase(m["compare.delta_help"], first=UserText(scenarios[0].name),
                     higher=Symbol("▲", "+"), lower=Symbol("▼", "-"), equal="=")
    return Table(head=[m["table.rule"], *(UserText(s.name) for s in scenarios)], rows=rows,
                 caption=caption)


def verdict_phrase(content: Content, comparison: Comparison, pair: PairDiff) -> Phrase:
    """comparison.verdict with the scenario names marked as user text."""
    return inert_phrase(lambda inert: verdict(content, comparison, pair, comparison.lang,
                                              inert=inert))


def comparison_document(content: Content, comparison: Comparison) -> Document:
    """Scenario names in `comparison` are the users' own text, marked as such here."""
    lang = comparison.lang
    m = content.messages[lang]
    names = [s.name for s in comparison.scenarios]
    blocks: list[Block] = [
        Heading(1, m["compare.page_title"]),
        Paragraph(join(*(part for i, n in enumerate(names)
                         for part in ((" · ",) if i else ()) + (UserText(n),))), "lead"),
        Heading(2, m["compare.verdicts"]),
        Bullets([verdict_phrase(content, comparison, pair) for pair in comparison.pairs]),
        Heading(2, m["compare.per_rule"]),
        comparison_table(content, comparison),
        RadarChart([(UserText(s.name), s.readiness) for s in comparison.scenarios]),
        Heading(2, m["compare.investment"]),
        investment_table(content, [(s.name, s.estimate) for s in comparison.scenarios], lang),
    ]
    for s in comparison.scenarios:
        missing = estimate_missing(content, s.name, s.estimate, lang)
        if missing is not None:
            blocks.append(missing)
    blocks.append(Paragraph(join(Emphasis(m["report.footer"])), "small"))
    return Document(title=m["compare.page_title"], blocks=blocks, lang=lang)
