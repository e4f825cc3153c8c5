"""Reports of a scored plan or a comparison: one document, laid out by every format.

Builders make a ``Document`` (or a ``Table``) of typed cells from an ``Evaluation``
or a ``Comparison``; renderers lay it out as Markdown (the download and the screen's
tables), PDF, plain text, CSV or XLSX. No renderer scores, labels or rounds on its own.
"""

from __future__ import annotations

from content.models import Content
from reports.comparison import (
    comparison_csv,
    comparison_document,
    comparison_investment,
    comparison_sheet,
    comparison_table,
    comparison_xlsx,
    verdict_phrase,
)
from reports.document import (
    Block,
    Bullets,
    Callout,
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
    Text,
    UserText,
    cell_value,
    format_cell,
    inert_phrase,
    join,
    phrase,
    plain_text,
)
from reports.format import escape_markdown, markdown_table
from reports.render_json import readiness_as_dict
from reports.render_markdown import inline_markdown, table_markdown, to_markdown
from reports.render_text import to_text
from reports.scenario import (
    estimate_missing,
    investment_table,
    made_on_block,
    rates_table,
    rule_table,
    scenario_document,
    summary_document,
)
from reports.spreadsheet import to_csv, to_xlsx_bytes


def to_pdf(doc: Document, content: Content) -> bytes:
    """The document as an A4 PDF (reportlab is loaded on first use, not on import)."""
    from reports.render_pdf import to_pdf as render

    return render(doc, content)


__all__ = [
    "Block", "Bullets", "Callout", "Cell", "Document", "Emphasis", "Heading", "Paragraph",
    "Phrase", "RadarChart", "Strong", "Symbol", "Table", "Text", "UserText", "cell_value",
    "comparison_csv", "comparison_document", "comparison_investment", "comparison_sheet",
    "comparison_table", "comparison_xlsx", "escape_markdown", "estimate_missing", "format_cell",
    "inert_phrase", "inline_markdown", "investment_table", "join", "made_on_block",
    "markdown_table", "phrase", "plain_text", "rates_table", "readiness_as_dict", "rule_table",
    "scenario_document", "summary_document", "table_markdown", "to_csv", "to_markdown", "to_pdf",
    "to_text", "to_xlsx_bytes", "verdict_phrase",
]
