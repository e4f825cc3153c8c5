"""A table as CSV or XLSX: numbers stay numbers (rounded as the screen shows them),
labels and the users' own text stay text, never a formula."""

from __future__ import annotations

import csv
import io
import re

from content.models import Content
from reports.document import Table, cell_value, plain_text

Value = str | int | float | None

# Characters openpyxl refuses in a cell (control characters other than tab and new line).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _inert(value: Value) -> Value:
    """Text that starts like a spreadsheet formula stays text (no formula injection)."""
    return f"'{value}" if isinstance(value, str) and value[:1] in "=+-@\t\r" else value


def table_values(table: Table, content: Content, lang: str) -> list[list[Value]]:
    """The head and the rows as spreadsheet values, formula-safe."""
    head: list[Value] = [_inert(plain_text(h, plain=True)) for h in table.head]
    rows = [[_inert(cell_value(c, content, lang, score_digits=table.score_digits))
             for c in row] for row in table.rows]
    return [head, *rows]


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
        ws.append([_ILLEGAL.sub(" ", v) if isinstance(v, str) else v for v in row])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
