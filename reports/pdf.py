"""PDF reports, for sending to a director: one scenario, or a comparison of 2-4.

Drawn with reportlab (no browser needed on the server). Charts are reportlab
drawings of the same numbers as the screen; they stay readable in black and white
(each scenario its own dash pattern and marker, every score also printed as a
number). User text (names, notes) is escaped before it reaches reportlab's markup.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from html import escape
from typing import Any

from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from comparison import Comparison, verdict
from content.models import Content
from guidance import Guidance
from investment import Estimate
from reports.comparison_table import comparison_rows, delta_text, investment_rows
from reports.format import band_label, money, pct, score_text
from scoring.engine import Readiness

# Black-and-white friendly: dark greys and dash patterns, markers differ too.
SERIES = [(colors.black, None, "FilledCircle"), (colors.HexColor("#555555"), (6, 3), "Square"),
          (colors.HexColor("#333333"), (2, 2), "Diamond"),
          (colors.HexColor("#777777"), (8, 2, 2, 2), "Triangle")]


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {"h1": base["Title"], "h2": base["Heading2"], "body": base["BodyText"],
            "small": ParagraphStyle("small", parent=base["BodyText"], fontSize=8, leading=10)}


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(text, style)


def _safe(text: str) -> str:
    """User text: never markup. Characters Helvetica lacks are replaced."""
    return escape(text).replace("\u2212", "-")


def _radar(content: Content, series: Sequence[tuple[str, Readiness]], lang: str) -> Drawing:
    width, height = 16 * cm, 10 * cm
    drawing = Drawing(width, height)
    chart = SpiderChart()
    chart.x, chart.y = 3.5 * cm, 1.2 * cm
    chart.width, chart.height = 9 * cm, 8 * cm
    chart.labels = [f"{r.number}. {r.texts[lang].short}" for r in content.rules]
    chart.data = [[rs.score or 0 for rs in readiness.rules] for _, readiness in series]
    chart.strandLabels.fontSize = 6
    chart.spokeLabels.fontSize = 7
    for i, (colour, dash, marker) in enumerate(SERIES[:len(series)]):
        chart.strands[i].strokeColor = colour
        chart.strands[i].fillColor = None
        chart.strands[i].strokeWidth = 1.5
        chart.strands[i].strokeDashArray = dash
        chart.strands[i].symbol = _marker(marker)
    drawing.add(chart)
    if len(series) > 1:  # legend: line sample and name
        for i, (name, _) in enumerate(series):
            colour, dash, _ = SERIES[i]
            y = height - 0.5 * cm - i * 0.45 * cm
            drawing.add(Line(0, y + 2, 1 * cm, y + 2, strokeColor=colour, strokeWidth=1.5,
                             strokeDashArray=dash))
            drawing.add(String(1.2 * cm, y, name[:40], fontSize=7))
    return drawing


def _marker(kind: str) -> object:
    from reportlab.graphics.widgets.markers import makeMarker

    return makeMarker(kind, size=4)


def _table(rows: list[list[Any]], widths: list[float] | None = None) -> Table:
    """First column wraps (long labels), the rest are short figures."""
    small = _styles()["small"]
    wrapped = [[_p(cell, small) if j == 0 and isinstance(cell, str) and i > 0 else cell
                for j, cell in enumerate(row)] for i, row in enumerate(rows)]
    table = Table(wrapped, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
        ("FONT", (0, 1), (-1, -1), "Helvetica", 8),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def _build(story: list[Flowable], title: str) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, title=title, author="Vonk",
                            leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.8 * cm,
                            bottomMargin=1.8 * cm)
    doc.build(story)
    return out.getvalue()


def _estimate_rows(content: Content, estimates: Sequence[Estimate], names: Sequence[str],
                   lang: str) -> list[list[str]]:
    return [["", *names], *investment_rows(content, estimates, lang)]


def scenario_pdf(content: Content, readiness: Readiness, guidance: Guidance, estimate: Estimate,
                 title: str, lang: str) -> bytes:
    m, s = content.messages[lang], _styles()
    band = band_label(m, readiness.band)
    story: list[Flowable] = [
        _p(f"{m['report.heading']}: {_safe(title)}", s["h1"]),
        _p(f"<b>{band}</b> · {m['result.overall']} {score_text(readiness.overall)}/100", s["h2"]),
        _p(_safe(m["result.completeness"].format(answered=readiness.answered,
                                                 total=readiness.total,
                                                 pct=pct(readiness.completeness))), s["small"]),
    ]
    if readiness.blockers:
        story.append(_p(m["result.blockers"], s["h2"]))
        for hit in readiness.blockers:
            bt = content.rule(hit.rule_id).texts[lang].blockers[hit.blocker_id]
            story.append(_p(f"<b>{_safe(bt.title)}</b> — {_safe(bt.fix)}", s["body"]))
    if readiness.findings:
        story.append(_p(m["result.findings"], s["h2"]))
        for f in readiness.findings:
            ft = content.design_check_texts[lang][f.check_id]
            story.append(_p(f"<b>{_safe(ft.title)}</b> ({m[f'severity.{f.severity}']}) — "
                            f"{_safe(ft.fix)}", s["body"]))
    if guidance.next_steps:
        story.append(_p(m["result.next_steps"], s["h2"]))
        for i, step in enumerate(guidance.next_steps, 1):
            story.append(_p(f"{i}. {_safe(step.text)}", s["body"]))
    story.append(_p(m["result.per_rule"], s["h2"]))
    story.append(_radar(content, [(title, readiness)], lang))
    rows = [[m["table.rule"], m["table.score"], m["table.band"], m["table.answered"]]]
    for rs in readiness.rules:
        rows.append([f"{rs.number}. {content.rule(rs.rule_id).texts[lang].short}",
                     score_text(rs.score), band_label(m, rs.band),
                     f"{rs.answered}/{rs.total}"])
    story.append(_table(rows, [7 * cm, 2 * cm, 4.5 * cm, 2.5 * cm]))
    story.append(Spacer(1, 0.4 * cm))
    story.append(KeepTogether([_p(m["compare.investment"], s["h2"]),
                               _table(_estimate_rows(content, [estimate], [title[:30]], lang),
                                      [9 * cm, 4 * cm])]))
    if estimate.missing:
        story.append(_p(_safe(m["compare.estimate_missing"].format(
            name=title, missing=", ".join(m[f"compare.input_{q}"] for q in estimate.missing))),
            s["small"]))
    story.append(Spacer(1, 0.4 * cm))
    story.append(_p(f"<i>{_safe(m['report.footer'])}</i>", s["small"]))
    return _build(story, f"{m['report.heading']}: {title}")


def comparison_pdf(content: Content, comparison: Comparison, lang: str) -> bytes:
    """Scenario names in `comparison` are the users' own text, unescaped."""
    m, s = content.messages[lang], _styles()
    names = [sc.name for sc in comparison.scenarios]
    story: list[Flowable] = [_p(_safe(m["compare.page_title"]), s["h1"]),
                             _p(_safe(" · ".join(names)), s["h2"]),
                             _p(m["compare.verdicts"], s["h2"])]
    for pair in comparison.pairs:
        story.append(_p("• " + _safe(verdict(content, comparison, pair, lang)), s["body"]))
    story.append(_p(m["compare.per_rule"], s["h2"]))
    head, rows = comparison_rows(content, comparison, lang)
    table = [[_p(f"<b>{_safe(str(h))}</b>", s["small"]) for h in head]]
    for r, row in enumerate(rows):
        cells = [str(row[0])]
        for i, value in enumerate(row[1:]):
            text = "–" if value is None else (money(float(value), lang) if r == len(rows) - 1
                                              else str(value))
            if r < len(comparison.rows) and i > 0:
                text += f" ({delta_text(comparison.rows[r].deltas[i], '-')})".replace(
                    "▲", "+").replace("▼", "-").replace("+ +", "+").replace("- -", "-")
            cells.append(text)
        table.append(cells)
    width = (17 * cm - 5.5 * cm) / len(names)
    story.append(_table(table, [5.5 * cm, *([width] * len(names))]))
    story.append(_p(_safe(m["compare.delta_help"].format(first=names[0])
                          .replace("▲", "+").replace("▼", "-")), s["small"]))
    story.append(_radar(content, [(sc.name, sc.readiness) for sc in comparison.scenarios], lang))
    story.append(KeepTogether([
        _p(m["compare.investment"], s["h2"]),
        _table(_estimate_rows(content, [sc.estimate for sc in comparison.scenarios],
                              [n[:24] for n in names], lang),
               [5.5 * cm, *([width] * len(names))])]))
    story.append(Spacer(1, 0.4 * cm))
    story.append(_p(f"<i>{_safe(m['report.footer'])}</i>", s["small"]))
    return _build(story, m["compare.page_title"])
