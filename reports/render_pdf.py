"""A report document as PDF, for sending to a director.

Drawn with reportlab (no browser needed on the server). The radar is a reportlab
drawing of the same numbers as the table beside it, readable in black and white
(each plan its own dash pattern and marker, every score also printed as a number).
All text reaches reportlab's markup escaped; only this module adds markup (bold,
italics). Cells and symbols are laid out in their plain form (+5, not ▲ +5), as
Helvetica has no arrows.
"""

from __future__ import annotations

import io
import unicodedata
from html import escape

from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import Table as PdfTable

from content.models import Content
from reports.document import (
    Block,
    Bullets,
    Callout,
    Cell,
    Document,
    Heading,
    Inline,
    InlineFormat,
    Paragraph,
    RadarChart,
    Table,
    Text,
    UserText,
    layout_cell,
    layout_inline,
    plain_text,
)
from scoring.engine import Readiness

# Black-and-white friendly: dark greys and dash patterns, markers differ too.
SERIES = [(colors.black, None, "FilledCircle"), (colors.HexColor("#555555"), (6, 3), "Square"),
          (colors.HexColor("#333333"), (2, 2), "Diamond"),
          (colors.HexColor("#777777"), (8, 2, 2, 2), "Triangle")]
PAGE_WIDTH = 17 * cm  # A4 less the margins


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    small = ParagraphStyle("small", parent=base["BodyText"], fontSize=8, leading=10)
    return {"h1": base["Title"], "h2": base["Heading2"], "h3": base["Heading3"],
            "body": base["BodyText"], "lead": base["Heading2"], "small": small,
            "cell": small, "cell_right": ParagraphStyle("cell_right", parent=small,
                                                       alignment=TA_RIGHT),
            "head": ParagraphStyle("head", parent=small, fontName="Helvetica-Bold"),
            "head_right": ParagraphStyle("head_right", parent=small, fontName="Helvetica-Bold",
                                         alignment=TA_RIGHT)}


def _clean(text: str) -> str:
    """Any text: no control characters, and plain signs where Helvetica lacks one."""
    text = text.replace("\u2212", "-")
    return "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)


def _safe(text: str) -> str:
    """Text as reportlab markup: never markup itself."""
    return escape(_clean(text))


PDF = InlineFormat(words=_safe, user=_safe, strong=lambda s: f"<b>{s}</b>",
                   emphasis=lambda s: f"<i>{s}</i>", plain_symbols=True)


def inline_pdf(text: Text | Inline) -> str:
    return layout_inline(text, PDF)


def _radar(content: Content, series: list[tuple[UserText, Readiness]], lang: str) -> Drawing:
    width, height = 16 * cm, 10 * cm
    drawing = Drawing(width, height)
    chart = SpiderChart()
    chart.x, chart.y = 3.5 * cm, 1.2 * cm
    chart.width, chart.height = 9 * cm, 8 * cm
    chart.labels = [content.rule_label(r.id, lang, short=True) for r in content.rules]
    chart.data = [[rs.score or 0 for rs in readiness.rules]
                  for _, readiness in series]
    chart.strandLabels.fontSize = 6
    chart.spokeLabels.fontSize = 7
    for i, (colour, dash, marker) in enumerate(SERIES[:len(series)]):
        chart.strands[i].strokeColor = colour
        chart.strands[i].fillColor = None
        chart.strands[i].strokeWidth = 1.5
        chart.strands[i].strokeDashArray = dash
        chart.strands[i].symbol = makeMarker(marker, size=4)
    drawing.add(chart)
    if len(series) > 1:  # legend: line sample and name (drawn as text, not markup)
        for i, (name, _) in enumerate(series):
            colour, dash, _ = SERIES[i]
            y = height - 0.5 * cm - i * 0.45 * cm
            drawing.add(Line(0, y + 2, 1 * cm, y + 2, strokeColor=colour, strokeWidth=1.5,
                             strokeDashArray=dash))
            drawing.add(String(1.2 * cm, y, _clean(name.text)[:40], fontSize=7))
    return drawing


def _widths(columns: int) -> list[float]:
    """A wide first column (labels wrap), the figures share the rest."""
    if columns == 2:
        return [9 * cm, 4 * cm]
    first = 7 * cm if columns <= 4 else 5.5 * cm
    return [first, *([(PAGE_WIDTH - first) / (columns - 1)] * (columns - 1))]


def _table(table: Table, content: Content, lang: str, s: dict[str, ParagraphStyle]) -> PdfTable:
    # As on screen: the first column (what the row is) left, the figures right.
    right = [i > 0 for i in range(len(table.head))]

    def cell(c: Cell, is_right: bool) -> PdfParagraph:
        return PdfParagraph(layout_cell(c, content, lang, PDF),
                            s["cell_right" if is_right else "cell"])

    data = [[PdfParagraph(inline_pdf(h), s["head_right" if r else "head"])
             for h, r in zip(table.head, right, strict=True)]]
    data += [[cell(c, r) for c, r in zip(row, right, strict=True)] for row in table.rows]
    out = PdfTable(data, colWidths=_widths(len(table.head)), repeatRows=1)
    out.setStyle(TableStyle([
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return out


def _flowables(block: Block, content: Content, lang: str,
               s: dict[str, ParagraphStyle]) -> list[Flowable]:
    if isinstance(block, Heading):
        return [PdfParagraph(inline_pdf(block.text), s[f"h{min(block.level, 3)}"])]
    if isinstance(block, Paragraph):
        return [PdfParagraph(inline_pdf(block.text), s[block.style])]
    if isinstance(block, Bullets):
        return [PdfParagraph(f"{f'{i}.' if block.numbered else '•'} {inline_pdf(item)}",
                             s["body"]) for i, item in enumerate(block.items, 1)]
    if isinstance(block, Callout):
        return [PdfParagraph(f"<b>{inline_pdf(block.title)}</b> — {inline_pdf(block.body)}",
                             s["body"])]
    if isinstance(block, Table):
        out: list[Flowable] = [_table(block, content, lang, s)]
        if block.caption is not None:
            out.append(PdfParagraph(inline_pdf(block.caption), s["small"]))
        return [*out, Spacer(1, 0.4 * cm)]
    if isinstance(block, RadarChart):
        return [_radar(content, list(block.series), lang)]
    raise TypeError(f"unknown block {block!r}")


def to_pdf(doc: Document, content: Content) -> bytes:
    """An A4 PDF of the document. A section heading is kept on the page of what
    follows it; the footer paragraph closes the document."""
    s = _styles()
    story: list[Flowable] = []
    pending: list[Flowable] = []  # a heading waiting for its first block
    for block in doc.blocks:
        flowables = _flowables(block, content, doc.lang, s)
        if isinstance(block, Heading) and block.level > 1:
            story += pending
            pending = flowables
            continue
        if pending:
            story.append(KeepTogether([*pending, *flowables[:1]]))
            flowables, pending = flowables[1:], []
        story += flowables
    story += pending
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=_clean(plain_text(doc.title, plain=True)),
                      author="Vonk", leftMargin=2 * cm, rightMargin=2 * cm,
                      topMargin=1.8 * cm, bottomMargin=1.8 * cm).build(story)
    return out.getvalue()
