"""A comparison of 2-4 scenarios as a document: the verdict per pair, one table of
scores (with deltas) and totals, the radar, the investment per role (once), the
rates and the date. The tables are built here once, for the screen, CSV, XLSX and
PDF alike."""

from __future__ import annotations

from datetime import date

from comparison import Comparison, PairDiff, verdict
from comparison.answers_diff import answers_diff
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
from reports.scenario import estimate_missing, investment_table, made_on_block, rates_table
from reports.spreadsheet import to_csv, to_xlsx_bytes


def comparison_table(content: Content, comparison: Comparison) -> Table:
    """A row per rule (score, and for every scenario after the first its delta
    against the first), then the overall score and the band; a column per scenario.
    The investment is its own table (`comparison_investment`)."""
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
    caption = phrase(m["compare.delta_help"], first=UserText(scenarios[0].name),
                     higher=Symbol("▲", "+"), lower=Symbol("▼", "-"), equal="=")
    return Table(head=[m["table.rule"], *(UserText(s.name) for s in scenarios)], rows=rows,
                 caption=caption)


def comparison_investment(content: Content, comparison: Comparison) -> Table:
    """The investment of every scenario: the one table of the screen and the files."""
    return investment_table(content, [(s.name, s.estimate) for s in comparison.scenarios],
                            comparison.lang)


def comparison_sheet(content: Content, comparison: Comparison) -> Table:
    """The scores and the investment under one head, for CSV and XLSX: the same
    rows and numbers as the two tables on screen."""
    scores = comparison_table(content, comparison)
    return Table(head=scores.head,
                 rows=[*scores.rows, *comparison_investment(content, comparison).rows],
                 caption=scores.caption)


def comparison_csv(content: Content, comparison: Comparison,
                   made_on: date | None = None) -> str:
    """The comparison as CSV: scores and investment, then the date and the rates."""
    return to_csv(comparison_sheet(content, comparison), content, comparison.lang,
                  more=[rates_table(content, comparison.rates, comparison.lang, made_on)])


def comparison_xlsx(content: Content, comparison: Comparison,
                    made_on: date | None = None) -> bytes:
    """The comparison as a workbook: a sheet of scores and investment, a sheet of
    the date and the rates."""
    m = content.messages[comparison.lang]
    return to_xlsx_bytes(comparison_sheet(content, comparison), content, comparison.lang,
                         title=m["report.sheet_comparison"],
                         more=[(m["report.sheet_rates"],
                                rates_table(content, comparison.rates, comparison.lang,
                                            made_on))])


def verdict_phrase(content: Content, comparison: Comparison, pair: PairDiff) -> Phrase:
    """comparison.verdict with the scenario names marked as user text."""
    return inert_phrase(lambda inert: verdict(content, comparison, pair, comparison.lang,
                                              inert=inert))


def _answers_that_differ(content: Content, comparison: Comparison) -> list[Block]:
    """The answers that differ, side by side (as the screen shows them first): what a
    reader of the report needs to see the choices behind the scores."""
    m = content.messages[comparison.lang]
    diff = answers_diff(content, [s.answers for s in comparison.scenarios], comparison.lang)
    heading = Heading(2, m["compare.answers_differ"])
    if not diff:
        return [heading, Paragraph(m["compare.answers_same"])]
    free_text = {q.id for r in content.rules for q in r.structure.questions if q.kind == "text"}
    rows = [[Cell("text", d.question),
             *(Cell("text", UserText(shown) if d.question_id in free_text and value is not None
                    else shown) for value, shown in zip(d.values, d.shown, strict=True))]
            for d in diff]
    return [heading, Table(head=[m["compare.question"],
                                 *(UserText(s.name) for s in comparison.scenarios)], rows=rows)]


def comparison_document(content: Content, comparison: Comparison,
                        made_on: date | None = None) -> Document:
    """Scenario names in `comparison` are the users' own text, marked as such here."""
    lang = comparison.lang
    m = content.messages[lang]
    names = [s.name for s in comparison.scenarios]
    blocks: list[Block] = [
        Heading(1, m["compare.page_title"]),
        Paragraph(join(*(part for i, n in enumerate(names)
                         for part in ((" · ",) if i else ()) + (UserText(n),))), "lead"),
        made_on_block(content, lang, made_on),
        Heading(2, m["compare.verdicts"]),
        Bullets([verdict_phrase(content, comparison, pair) for pair in comparison.pairs]),
        *_answers_that_differ(content, comparison),
        Heading(2, m["compare.per_rule"]),
        comparison_table(content, comparison),
        RadarChart([(UserText(s.name), s.readiness) for s in comparison.scenarios]),
        Heading(2, m["compare.investment"]),
        comparison_investment(content, comparison),
    ]
    for s in comparison.scenarios:
        missing = estimate_missing(content, s.name, s.estimate, lang)
        if missing is not None:
            blocks.append(missing)
    blocks += [Paragraph(m["report.rates_intro"], "small"),
               rates_table(content, comparison.rates, lang, made_on),
               Paragraph(join(Emphasis(m["report.footer"])), "small")]
    return Document(title=m["compare.page_title"], blocks=blocks, lang=lang)
