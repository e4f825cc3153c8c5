"""A table as CSV or XLSX: numbers stay numbers (rounded as the screen shows them),
labels and the users' own text stay text, never a formula."""

from __future__ import annotations

import csv
import io

from content.models import Content
from content.text import remove_unsafe
from reports.document import Table, cell_value, plain_text

Value = str | int | float | None

# What a spreadsheet may take for the start of a formula (or, for tab and carriage
# return, for a cell separator that lets the rest become one).
_FORMULA_SIGNS = ("=", "+", "-", "@")
_FORMULA_SPACES = ("\t", "\r")


def inert_cell(value: Value) -> Value:
    """The one guard every cell of a CSV or XLSX passes, head and rows alike.

    Numbers and empty cells stay as they are. Text loses what no spreadsheet can
    hold (lone surrogates, noncharacters, control characters but tab, line feed and
    carriage return: content.text.remove_unsafe); then text whose first character
    after any leading white space is =, +, -, or @, or whose leading white space
    holds a tab or carriage return, gets a leading apostrophe, so no spreadsheet
    reads it as a formula (OWASP's CSV-injection advice)."""
    if not isinstance(value, str):
        return value
    text = remove_unsafe(value)
    rest = text.lstrip()
    lead = text[:len(text) - len(rest)]
    if rest.startswith(_FORMULA_SIGNS) or any(ch in lead for ch in _FORMULA_SPACES):
        return "'" + text
    return text


def table_values(table: Table, content: Content, lang: str) -> list[list[Value]]:
    """The head and the rows as spreadsheet values, every one through `inert_cell`."""
    head: list[Value] = [plain_text(h, plain=True) for h in table.head]
    rows = [[cell_value(c, content, lang, score_digits=table.score_digits) for c in row]
            for row in table.rows]
    return [[inert_cell(v) for v in row] for row in [head, *rows]]


def to_csv(table: Table, content: Content, lang: str) -> str:
    out = io.StringIO()
    csv.writer(out).writerows([["" if v is None else v for v in row]
                               for row in table_values(table, content, lang)])
    return out.getvalue()


def to_xlsx_bytes(table: Table, content: Content, lang: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Vonk"
    for row in table_values(table, content, lang):
        ws.append(row)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
