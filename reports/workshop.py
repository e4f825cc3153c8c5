"""The workshop report: what a room rated, how it agreed, the group's plan scored by
Vonk, the rules discussed and the actions agreed. One `Document` (PDF) and one
distributions `Table` (CSV, XLSX) from a `WorkshopReport`.

The anonymity rules are applied before anything reaches this module: every figure
comes from a `workshop.aggregate` view, which holds no figure below `min_figure`
answers (`TooFew`), no counts below `min_distribution` (`Summary.counts` is None)
and, where everyone gave the same answer, only that answer (`Unanimous`: shown as
"iedereen eens", never as counts). There is no participant, seat or token here:
nothing per person can be written. A statement not revealed is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from content.labels import date_text, number
from content.models import SCALE, UNKNOWN, Content
from content.workshop import Anonymity
from evaluation.explain import verdict_line
from reports.document import (
    Block,
    Bullets,
    Cell,
    Document,
    Emphasis,
    Heading,
    Paragraph,
    Strong,
    Table,
    Text,
    UserText,
    join,
)
from reports.scenario import _blockers_and_findings, made_on_block, rule_table
from reports.spreadsheet import to_csv, to_xlsx_bytes
from scoring.engine import Readiness
from workshop.aggregate import Shift, Summary, TooFew, Unanimous, View
from workshop.prompts import RulePrompts

AGREEMENT_DIGITS = 2  # van der Eijk's A as the screen and the files show it


@dataclass(frozen=True)
class StatementFigures:
    statement_id: str
    round1: View | None  # None: not revealed
    round2: View | None  # None: not in round 2, or not revealed yet
    shift: Shift | None


@dataclass(frozen=True)
class RuleFigures:
    rule_id: str
    statements: tuple[StatementFigures, ...]


@dataclass(frozen=True)
class ReportAction:
    what: str  # the facilitator's own text
    who: str
    due: date


@dataclass(frozen=True)
class WorkshopReport:
    """Everything the report shows, as the service may give it out."""

    code: str  # as shown: K7M-2NP
    lang: str
    participants: int
    anonymity: Anonymity
    small_group_below: int  # under this many answers one vote moves every measure
    rules: tuple[RuleFigures, ...]
    by_disagreement: tuple[str, ...]  # revealed rules, most divided first
    readiness: Readiness | None  # the group's plan scored; None before any reveal
    prompts: tuple[RulePrompts, ...]
    actions: tuple[ReportAction, ...]


# ------------------------------------------------------------------ rows
@dataclass(frozen=True)
class _Row:
    rule_id: str
    statement_id: str
    round: int
    answered: int | None
    median: float | None
    agreement: float | None
    label: str  # the words of the view: eens / verdeeld / …, iedereen eens, too few
    counts: tuple[int, ...] | None  # per SCALE point, then "weet ik niet"
    note: str


def _view_row(content: Content, report: WorkshopReport, rule_id: str, sid: str, rnd: int,
              view: View) -> _Row:
    m = content.messages[report.lang]
    small = ""
    if isinstance(view, TooFew):
        return _Row(rule_id, sid, rnd, None, None, None, m["workshop_export.too_few"],
                    None, m["workshop_export.note_too_few"].format(n=view.minimum))
    if view.small_group:
        small = m["workshop_export.note_small"].format(n=report.small_group_below)
    if isinstance(view, Unanimous):
        answer = m["answer.unknown"] if view.value == UNKNOWN else m[f"scale.{view.value}"]
        label = m["workshop_export.unanimous"].format(answer=answer)
        return _Row(rule_id, sid, rnd, view.answered, view.median,
                    view.agreement, label, None, small)
    assert isinstance(view, Summary)
    counts = None
    note = small
    if view.counts is not None and view.unknown is not None:
        counts = (*(c for _, c in view.counts), view.unknown)
    else:
        note = " ".join(x for x in (m["workshop_export.note_no_distribution"].format(
            n=report.anonymity.min_distribution), small) if x)
    return _Row(rule_id, sid, rnd, view.answered, view.median,
                round(view.agreement, AGREEMENT_DIGITS), m[f"workshop_export.label_{view.label}"],
                counts, note)


def _in_order(report: WorkshopReport) -> list[RuleFigures]:
    """The rules most divided first (as the screen sorts them), then the rest."""
    rank = {rid: i for i, rid in enumerate(report.by_disagreement)}
    return sorted(report.rules, key=lambda r: rank.get(r.rule_id, len(rank)))


def _rows(content: Content, report: WorkshopReport) -> list[_Row]:
    rows: list[_Row] = []
    for rule in _in_order(report):
        for item in rule.statements:
            for rnd, view in ((1, item.round1), (2, item.round2)):
                if view is not None:
                    rows.append(_view_row(content, report, rule.rule_id, item.statement_id,
                                          rnd, view))
    return rows


def _statement(content: Content, lang: str, rule_id: str, sid: str) -> str:
    return content.rule(rule_id).texts[lang].questions[sid].label


def _figure(value: float | None) -> Cell:
    return Cell("number", value)


def distributions_table(content: Content, report: WorkshopReport) -> Table:
    """One row per revealed statement and round: answered, median, agreement, the
    words, the counts per answer (where the distribution may be shown) and why a
    figure is missing. For CSV and XLSX: figures stay numbers."""
    m, lang = content.messages[report.lang], report.lang
    head: list[Text] = [m["table.rule"], m["workshop_export.statement"], m["workshop_export.round"],
            m["workshop_export.answered"], m["workshop_export.median"],
            m["workshop_export.agreement"], m["workshop_export.label"],
            *(m[f"scale.{x}"] for x in SCALE), m["answer.unknown"], m["workshop_export.note"]]
    rows = []
    for r in _rows(content, report):
        counts: list[Cell] = [Cell("number", c) for c in r.counts] if r.counts is not None \
            else [Cell("number", None)] * (len(SCALE) + 1)
        rows.append([Cell("text", content.rule_label(r.rule_id, lang, short=True)),
                     Cell("text", _statement(content, lang, r.rule_id, r.statement_id)),
                     Cell("number", r.round), _figure(r.answered), _figure(r.median),
                     _figure(r.agreement), Cell("text", r.label), *counts,
                     Cell("text", r.note)])
    return Table(head=head, rows=rows)


def _results_table(content: Content, report: WorkshopReport) -> Table:
    """The PDF's compact form of the same rows: the counts as one text."""
    m, lang = content.messages[report.lang], report.lang
    rows = []
    for r in _rows(content, report):
        name = _statement(content, lang, r.rule_id, r.statement_id)
        if r.round == 2:
            name = f"{name} ({m['workshop_export.round_two']})"
        spread = " · ".join(str(c) for c in r.counts) if r.counts is not None else "–"
        label = r.label if not r.note else f"{r.label} ({r.note})"
        # The rule first: the rows are sorted by disagreement, not by rule number.
        statement = join(Strong(content.rule_label(r.rule_id, lang, short=True)), " · ", name)
        rows.append([Cell("text", statement), _figure(r.answered), _figure(r.median),
                     Cell("text", label), Cell("text", spread)])
    return Table(head=[m["workshop_export.statement"], m["workshop_export.answered"],
                       m["workshop_export.median"], m["workshop_export.label"],
                       m["workshop_export.spread"]], rows=rows)


def _shift_lines(content: Content, report: WorkshopReport) -> list[str]:
    m, lang = content.messages[report.lang], report.lang
    lines = []
    for rule in report.rules:
        for item in rule.statements:
            s = item.shift
            if s is None:
                continue
            lines.append(m["workshop_export.shift_line"].format(
                statement=_statement(content, lang, rule.rule_id, item.statement_id)
                .rstrip(".?!"),
                before=number(s.median_before, lang), after=number(s.median_after, lang),
                label_before=m[f"workshop_export.label_{s.label_before}"],
                label_after=m[f"workshop_export.label_{s.label_after}"]))
    return lines


def workshop_document(content: Content, report: WorkshopReport,
                      made_on: date | None = None) -> Document:
    """The workshop report: the room's results per rule (most divided first), the
    shift in round 2, the group's plan as Vonk scores it, the rules discussed
    with their prompts (as picked after round 1) and the handreiking section they
    rest on, and the agreed actions (the facilitator's own text)."""
    lang = report.lang
    m = content.messages[lang]
    title = m["workshop_export.title"].format(code=report.code)
    a = report.anonymity
    blocks: list[Block] = [
        Heading(1, title),
        made_on_block(content, lang, made_on),
        Paragraph(m["workshop_export.room"].format(n=report.participants)),
        Paragraph(m["workshop_export.anonymity"].format(figure=a.min_figure,
                                                        distribution=a.min_distribution),
                  "small"),
        Heading(2, m["workshop_export.results"]),
    ]
    rows = _rows(content, report)
    if not rows:
        blocks.append(Paragraph(m["workshop_export.nothing_revealed"]))
    else:
        if report.by_disagreement:
            blocks.append(Paragraph(m["workshop_export.order"].format(rules=", ".join(
                content.rule_label(r, lang, short=True) for r in report.by_disagreement))))
        blocks += [_results_table(content, report),
                   Paragraph(m["workshop_export.measures"], "small")]
    shifts = _shift_lines(content, report)
    if shifts:
        blocks += [Heading(2, m["workshop_export.round_two_heading"]),
                   Paragraph(m["workshop_export.shift_intro"], "small"), Bullets(list(shifts))]
    if report.readiness is not None:
        r = report.readiness
        blocks += [Heading(2, m["workshop_export.group_plan"]),
                   Paragraph(join(Strong(verdict_line(content, r, lang))), "lead"),
                   Paragraph(m["workshop_export.group_plan_intro"], "small"),
                   rule_table(content, r, lang), *_blockers_and_findings(content, r, lang)]
    if report.prompts:
        blocks += [Heading(2, m["workshop_export.discussed"]),
                   Paragraph(m["wsdecide.report_prompts_intro"], "small")]
        for item in report.prompts:
            reason = m[f"workshop_decide.reason_{item.reason}"].format(
                figure=number(round(item.figure, AGREEMENT_DIGITS), lang))
            sources = dict.fromkeys(content.section_heading(lang, p.source) for p in item.prompts)
            blocks += [Heading(3, content.rule_label(item.rule_id, lang)), Paragraph(reason),
                       Bullets([p.text(lang) for p in item.prompts]),
                       Paragraph(m["workshop_decide.prompt_source"].format(
                           section="; ".join(sources)), "small")]
    blocks.append(Heading(2, m["workshop_decide.actions_heading"]))
    if report.actions:
        blocks.append(Table(
            head=[m["workshop_decide.field_what"], m["workshop_decide.field_who"],
                  m["workshop_decide.field_due"]],
            rows=[[Cell("text", UserText(x.what)), Cell("text", UserText(x.who)),
                   Cell("text", date_text(x.due, m))] for x in report.actions]))
    else:
        blocks.append(Paragraph(m["workshop_decide.actions_none"]))
    blocks.append(Paragraph(join(Emphasis(m["report.footer"])), "small"))
    return Document(title=title, blocks=blocks, lang=lang)


def _about_table(content: Content, report: WorkshopReport, made_on: date | None) -> Table:
    m = content.messages[report.lang]
    day = made_on or date.today()
    return Table(head=[m["workshop_export.about"], m["report.rate_value"]], rows=[
        [Cell("text", m["report.date"]), Cell("text", date_text(day, m))],
        [Cell("text", m["workshop_export.code"]), Cell("text", report.code)],
        [Cell("text", m["workshop_export.participants"]), Cell("number", report.participants)],
        [Cell("text", m["workshop_export.min_figure"]),
         Cell("number", report.anonymity.min_figure)],
        [Cell("text", m["workshop_export.min_distribution"]),
         Cell("number", report.anonymity.min_distribution)]])


def workshop_csv(content: Content, report: WorkshopReport, made_on: date | None = None) -> str:
    """The distributions as CSV, then the date, the code and the thresholds."""
    return to_csv(distributions_table(content, report), content, report.lang,
                  more=[_about_table(content, report, made_on)])


def workshop_xlsx(content: Content, report: WorkshopReport,
                  made_on: date | None = None) -> bytes:
    """The distributions as a workbook; a second sheet with the date, the code and
    the thresholds."""
    m = content.messages[report.lang]
    return to_xlsx_bytes(distributions_table(content, report), content, report.lang,
                         title=m["workshop_export.sheet"],
                         more=[(m["workshop_export.sheet_about"],
                                _about_table(content, report, made_on))])
