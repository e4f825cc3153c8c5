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
import math
import unicodedata
from collections.abc import Callable
from html import escape

from reportlab.graphics.shapes import Drawing, Line, Polygon, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import Table as PdfTable

from content.labels import band_label
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
    right_aligned,
)
from scoring.engine import Readiness

Dash = tuple[float, ...] | None  # a reportlab dash pattern; None is a solid line
# Black-and-white friendly: dark greys and dash patterns, markers differ too.
SERIES: list[tuple[colors.Color, Dash, str]] = [
    (colors.black, None, "FilledCircle"), (colors.HexColor("#555555"), (6, 3), "Square"),
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


# The radar: rings of the scale in light grey, the band thresholds (from
# content/scoring.yaml) each in its own dash and width, so they differ in print
# without colour.
RADAR_RADIUS = 3.4 * cm
SCALE = (25, 50, 75, 100)
THRESHOLD_STYLES: list[tuple[Dash, float]] = [((1, 2), 1.2), ((5, 2), 1.6),
                                              ((8, 2, 2, 2), 1.6)]
LABEL_SIZE, LEGEND_SIZE = 8, 8
FONT = "Helvetica"
LABEL_WRAP = 24  # characters per line of a rule's label


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _radar(content: Content, series: list[tuple[UserText, Readiness]], lang: str) -> Drawing:
    """A radar drawn from shapes: the spokes end at 100 and the labels sit beyond
    them, anchored away from the centre, so no line crosses a label; a scale of
    25-100 between the first two spokes; each plan a dash pattern and marker."""
    m = content.messages[lang]
    labels = [content.rule_label(r.id, lang, short=True) for r in content.rules]
    n = len(labels)
    thresholds = content.scoring.bands[1:]
    legend_rows = len(thresholds) + (len(series) if len(series) > 1 else 0)
    width, height = PAGE_WIDTH, 2 * RADAR_RADIUS + 2.2 * cm + legend_rows * 0.45 * cm
    cx, cy = width / 2, height - RADAR_RADIUS - 1.1 * cm
    drawing = Drawing(width, height)

    def point(i: float, value: float) -> tuple[float, float]:
        angle = math.pi / 2 - 2 * math.pi * i / n  # clockwise from the top
        r = RADAR_RADIUS * value / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    def ring(value: float) -> list[float]:
        return [c for i in range(n) for c in point(i, value)]

    grey = colors.HexColor("#BBBBBB")
    for value in SCALE:
        drawing.add(Polygon(ring(value), strokeColor=grey, strokeWidth=0.4, fillColor=None))
    for i in range(n):
        x, y = point(i, 100)
        drawing.add(Line(cx, cy, x, y, strokeColor=grey, strokeWidth=0.4))
    for band, (dash, stroke) in zip(thresholds, THRESHOLD_STYLES, strict=False):
        drawing.add(Polygon(ring(band.min_score), strokeColor=colors.HexColor("#444444"),
                            strokeWidth=stroke, strokeDashArray=dash, fillColor=None))
    for value in (0, *SCALE):  # the scale, between spokes 1 and 2
        x, y = point(0.5, value)
        drawing.add(String(x + 2, y - 2, f"{value}", fontSize=6.5, fontName=FONT,
                           fillColor=colors.HexColor("#333333")))
    for i, label in enumerate(labels):
        x, y = point(i, 100)
        dx, dy = x - cx, y - cy
        anchor = "middle" if abs(dx) < 0.1 * cm else ("start" if dx > 0 else "end")
        lines = _wrap(_clean(label), LABEL_WRAP)
        gap = 0.25 * cm
        lx = x + (gap if anchor == "start" else -gap if anchor == "end" else 0)
        top = y + (gap + LABEL_SIZE * (len(lines) - 1) if dy > 0.1 * cm else
                   -gap - LABEL_SIZE if dy < -0.1 * cm else LABEL_SIZE * (len(lines) - 1) / 2 - 3)
        for k, line in enumerate(lines):
            drawing.add(String(lx, top - k * (LABEL_SIZE + 1), line, fontSize=LABEL_SIZE,
                               fontName=FONT, textAnchor=anchor))
    for (_, readiness), (colour, dash, marker) in zip(series, SERIES, strict=False):
        scores = [rs.score or 0 for rs in readiness.rules]
        drawing.add(Polygon(ring_of(point, scores), strokeColor=colour, strokeWidth=1.6,
                            strokeDashArray=dash, fillColor=None))
        for i, score in enumerate(scores):
            x, y = point(i, score)
            symbol = makeMarker(marker, size=4.5)
            symbol.x, symbol.y = x, y
            symbol.fillColor = symbol.strokeColor = colour
            drawing.add(symbol)
    # Legend: a line sample of each threshold and each plan, names as plain text.
    y = 0.3 * cm + (legend_rows - 1) * 0.45 * cm
    entries: list[tuple[colors.Color, Dash, float, str]] = [
        (colors.HexColor("#444444"), dash, stroke,
         f"{m['chart.threshold']}: {band_label(m, band.id)} ({band.min_score:g})")
        for band, (dash, stroke) in zip(thresholds, THRESHOLD_STYLES, strict=False)]
    if len(series) > 1:
        entries += [(colour, dash, 1.6, _clean(name.text)[:60])
                    for (name, _), (colour, dash, _) in zip(series, SERIES, strict=False)]
    for colour, dash, stroke, text in entries:
        drawing.add(Line(1 * cm, y + 3, 2.2 * cm, y + 3, strokeColor=colour,
                         strokeWidth=stroke, strokeDashArray=dash))
        drawing.add(String(2.5 * cm, y, text, fontSize=LEGEND_SIZE, fontName=FONT))
        y -= 0.45 * cm
    return drawing


def ring_of(point: Callable[[float, float], tuple[float, float]],
            values: list[float]) -> list[float]:
    return [c for i, v in enumerate(values) for c in point(i, v)]


def _widths(columns: int) -> list[float]:
    """A wide first column (labels wrap), the figures share the rest."""
    if columns == 2:
        return [12 * cm, PAGE_WIDTH - 12 * cm]
    first = 7 * cm if columns <= 4 else 5.5 * cm
    return [first, *([(PAGE_WIDTH - first) / (columns - 1)] * (columns - 1))]


def _table(table: Table, content: Content, lang: str, s: dict[str, ParagraphStyle]) -> PdfTable:
    # As on screen: the first column (what the row is) and text left, figures right
    # (as in the Markdown: render_text).
    right = right_aligned(table)

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
