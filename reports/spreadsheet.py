"""A table as CSV or XLSX: numbers stay numbers (rounded as the screen shows them),
labels and the users' own text stay text, never a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from content.models import Content
from content.text import remove_unsafe
from reports.document import CellKind, Table, cell_value, plain_text

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


def to_csv(table: Table, content: Content, lang: str, *, more: Sequence[Table] = ()) -> str:
    """The table, then each of `more` (e.g. the rates) after an empty row."""
    out = io.StringIO()
    writer = csv.writer(out)
    for i, t in enumerate([table, *more]):
        if i:
            writer.writerow([])
        writer.writerows([["" if v is None else v for v in row]
                          for row in table_values(t, content, lang)])
    return out.getvalue()


# How a spreadsheet shows each kind of number: the reader's own program puts in its
# thousands and decimal separators; the value stays a number.
NUMBER_FORMATS: dict[CellKind, str] = {
    "money": '"€" #,##0', "euro": '"€" #,##0.00', "hours": "#,##0", "score": "0",
    "delta": "+0;-0;0", "number": "General"}
MAX_COLUMN_WIDTH = 60  # characters; longer labels wrap


def _sheet(ws: object, table: Table, content: Content, lang: str) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(ws, Worksheet)
    values = table_values(table, content, lang)
    for line in values:
        ws.append(line)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r, cells in enumerate(table.rows, start=2):
        for c, source in enumerate(cells, start=1):
            fmt = NUMBER_FORMATS.get(source.kind)
            if source.kind == "score" and table.score_digits:
                fmt = "0." + "0" * table.score_digits
            target = ws.cell(row=r, column=c)
            if fmt is not None and isinstance(target.value, int | float):
                target.number_format = fmt
            if c == 1:
                target.alignment = Alignment(wrap_text=True, vertical="top")
    for c in range(1, len(table.head) + 1):
        texts = [line[c - 1] for line in values if line[c - 1] is not None]
        # Figures get room for their separators and the euro sign.
        width = max((len(str(v)) + (4 if isinstance(v, int | float) else 0)
                     for v in texts), default=8)
        ws.column_dimensions[get_column_letter(c)].width = min(width + 2, MAX_COLUMN_WIDTH)
    ws.freeze_panes = "B2"  # the head row and the row names stay visible


def to_xlsx_bytes(table: Table, content: Content, lang: str, *, title: str = "Vonk",
                  more: Sequence[tuple[str, Table]] = ()) -> bytes:
    """A workbook: `table` on the first sheet, each of `more` (sheet title, table)
    on its own; money with a euro format, hours and scores as numbers, columns as
    wide as their text, the head row frozen."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    _sheet(ws, table, content, lang)
    for sheet_title, extra in more:
        _sheet(wb.create_sheet(sheet_title), extra, content, lang)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
