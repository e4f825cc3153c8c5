"""The PDF reports and the comparison table: the same figures as the screen, in
CSV, XLSX, Markdown and PDF, in Dutch and English, with user text kept as text."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from comparison import Comparison, compare
from content.labels import money
from content.models import Content
from evaluation import evaluate
from reports import (
    Cell,
    cell_value,
    comparison_document,
    comparison_table,
    format_cell,
    plain_text,
    scenario_document,
    table_markdown,
    to_csv,
    to_markdown,
    to_pdf,
    to_xlsx_bytes,
)
from tests.conftest import ready_plan

EVIL = "=cmd|' /C calc'!A0"


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(
        io.BytesIO(data)).pages)


def three(content: Content, lang: str, first: str = "Maandelijks <b>8</b>") -> Comparison:
    a = {**ready_plan(), "group_size": 8, "meeting_count": 6, "meeting_hours": 4}
    b = {**a, "group_size": 14, "hard_core": "no_core", "meeting_count": 12, "meeting_hours": 2}
    c = {**a, "coordinator": "nobody"}
    return compare(content, [(first, a), ("Tweewekelijks", b), ("Zonder", c)], lang)


def sheets(content: Content, result: Comparison, lang: str
           ) -> tuple[list[list[str]], list[tuple[object, ...]]]:
    table = comparison_table(content, result)
    csv_rows = list(csv.reader(io.StringIO(to_csv(table, content, lang))))
    xlsx_rows = list(load_workbook(io.BytesIO(to_xlsx_bytes(table, content, lang))).active
                     .iter_rows(values_only=True))
    return csv_rows, xlsx_rows


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_comparison_same_figures_in_csv_xlsx_and_pdf(content: Content, lang: str) -> None:
    result = three(content, lang)
    table = comparison_table(content, result)
    csv_rows, xlsx_rows = sheets(content, result, lang)
    text = pdf_text(to_pdf(comparison_document(content, result), content))
    head = [plain_text(h) for h in table.head]
    assert csv_rows[0] == head and list(xlsx_rows[0]) == head
    screen = [r.scores for r in result.rows]  # what the page shows, rounded the same way
    assert [[c.value for c in row[1:]] for row in table.rows[:10]] == [list(sc) for sc in screen]
    assert [list(xlsx_rows[i][1:]) for i in range(1, 11)] == [
        [None if x is None else round(x) for x in sc] for sc in screen]
    for i, row in enumerate(table.rows, start=1):
        values = [cell_value(c, content, lang) for c in row]
        assert ["" if v is None else str(v) for v in values] == csv_rows[i]
        assert list(xlsx_rows[i]) == values
    for s in result.scenarios:
        assert f"{round(s.readiness.overall or 0)}" in text
        assert money(s.estimate.total_cost, lang) in text
    assert "Maandelijks <b>8</b>" in text  # the name as typed, not as markup
    word = "klaar om te starten" if lang == "nl" else "ready to start"
    assert word in text.lower()


def _number(text: str) -> float | None:
    """The figure a cell shows: "62 (▲ +5)" → 62, "€ 26.320" / "€26,320" → 26320."""
    figure = text.split(" (")[0].replace("€", "").replace(".", "").replace(",", "").strip()
    return None if figure in ("–", "") else float(figure)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_comparison_csv_xlsx_and_markdown_hold_the_same_numbers(content: Content,
                                                                lang: str) -> None:
    result = three(content, lang)
    table = comparison_table(content, result)
    csv_rows, xlsx_rows = sheets(content, result, lang)
    md_rows = [[c.strip() for c in line.strip("|").split(" | ")]
               for line in table_markdown(table, content, lang).splitlines()[2:]]
    band_row = len(result.rows) + 1  # the row of verdicts: words, not numbers
    assert len(md_rows) == len(csv_rows) - 1 == len(xlsx_rows) - 1 == len(table.rows)
    for i, (md, row) in enumerate(zip(md_rows, table.rows, strict=True)):
        for j in range(1, len(row)):
            xlsx, csv_value = xlsx_rows[i + 1][j], csv_rows[i + 1][j]
            if i == band_row:
                assert md[j] == xlsx == csv_value
                continue
            assert isinstance(xlsx, int | float)  # numbers stay numbers
            assert float(csv_value) == xlsx
            assert _number(md[j]) == round(xlsx), (row[0], md[j], xlsx)


def test_comparison_deltas_carry_sign_and_arrow_on_screen_and_sign_in_pdf(
        content: Content) -> None:
    result = three(content, "nl")
    table = comparison_table(content, result)
    r6 = next(i for i, r in enumerate(result.rows) if r.rule_id == "r06")
    delta = result.rows[r6].deltas[1]
    assert delta is not None and round(delta) < 0
    cell = table.rows[r6][2]
    assert format_cell(cell, content, "nl") == \
        f"{round(result.rows[r6].scores[1] or 0)} (▼ −{-round(delta)})"
    assert format_cell(cell, content, "nl", plain=True) == \
        f"{round(result.rows[r6].scores[1] or 0)} (-{-round(delta)})"
    text = pdf_text(to_pdf(comparison_document(content, result), content))
    assert "▲" not in text and "▼" not in text and "−" not in text
    assert f"(-{-round(delta)})" in text


def test_pdf_has_no_arrows(content: Content) -> None:
    result = three(content, "en")
    data = to_pdf(comparison_document(content, result), content)
    assert "▲" not in pdf_text(data) and "▼" not in pdf_text(data)
    md = to_markdown(comparison_document(content, result), content)
    assert "▲" in md or "▼" in md  # the screen and Markdown do show them


def test_scenario_pdf_holds_the_screen_figures(content: Content) -> None:
    answers = {**ready_plan(), "coordinator": "nobody"}
    ev = evaluate(content, answers, "nl")
    text = pdf_text(to_pdf(scenario_document(content, ev, "Ons <i>plan</i>"), content))
    assert "Nog niet klaar" in text and "Er is geen coördinator" in text
    assert "Ons <i>plan</i>" in text
    for rs in ev.readiness.rules:
        assert f"{rs.number}. {content.rule(rs.rule_id).texts['nl'].short}" in text
    assert money(ev.estimate.total_cost, "nl") in text


def test_formula_names_are_inert_in_csv_and_xlsx(content: Content) -> None:
    result = three(content, "nl", first=EVIL)
    csv_rows, xlsx_rows = sheets(content, result, "nl")
    assert csv_rows[0][1] == "'" + EVIL and xlsx_rows[0][1] == "'" + EVIL
    workbook = load_workbook(io.BytesIO(to_xlsx_bytes(comparison_table(content, result),
                                                      content, "nl")))
    assert workbook.active["B1"].data_type == "s"  # text, never a formula
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "@"))
                   for row in xlsx_rows for v in row)


def test_script_in_a_title_is_escaped_in_markdown_and_pdf(content: Content) -> None:
    title = "<script>alert(1)</script>"
    ev = evaluate(content, ready_plan(), "en")
    doc = scenario_document(content, ev, title)
    md = to_markdown(doc, content)
    assert "<script" not in md and "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in md
    text = pdf_text(to_pdf(doc, content))
    assert title in text  # shown as typed: reportlab saw no markup
    result = three(content, "en", first=title)
    md = to_markdown(comparison_document(content, result), content)
    assert "<script" not in md
    assert title in pdf_text(to_pdf(comparison_document(content, result), content))


def test_delta_text_never_relies_on_colour(content: Content) -> None:
    def delta(value: float | None, plain: bool = False) -> str:
        return format_cell(Cell("delta", value), content, "nl", plain=plain)

    assert delta(12.4) == "▲ +12" and delta(-8) == "▼ −8" and delta(0.2) == "= 0"
    assert delta(12.4, plain=True) == "+12" and delta(-8, plain=True) == "-8"
    assert delta(None) == "–"


def test_money_in_each_language(content: Content) -> None:
    assert money(26320.4, "nl") == "€ 26.320" and money(26320.4, "en") == "€26,320"
    cell = Cell("money", 26320.4)
    assert format_cell(cell, content, "nl") == "€ 26.320"
    assert format_cell(cell, content, "en") == "€26,320"


def test_cells_format_as_the_screen_shows(content: Content) -> None:
    m = content.messages["en"]
    assert format_cell(Cell("score", 61.6), content, "en") == "62"
    assert format_cell(Cell("score", None), content, "en") == "–"
    assert format_cell(Cell("hours", 207.6), content, "en") == "208"
    assert format_cell(Cell("band", "ready"), content, "en") == m["band.ready"]
    assert format_cell(Cell("band", None), content, "en") == m["band.none"]
    assert format_cell(Cell("count", (3, 4)), content, "en") == "3/4"
    assert re.fullmatch(r"62 \(▲ \+5\)", format_cell(
        Cell("score", 61.6, delta=Cell("delta", 5.2)), content, "en"))


# ---------------------------------------------------------------- issue 7, item 4
FORMULA_NAMES = ["=HYPERLINK(\"http://x\",\"y\")", "@SUM(1)", "+1+1", "-2+3", " =1+1",
                 "\t=1", "\r=1", " \t x", "\x01=1", "\u00a0=1", "\n@A1"]


def test_every_cell_head_included_passes_one_formula_guard(content: Content) -> None:
    """Was: the guard only looked at the very first character, so a name after a
    space, a no-break space or a control character became a formula (and XLSX
    turned "\\x01=1" into " =1")."""
    for names in (FORMULA_NAMES[:4], FORMULA_NAMES[4:8], FORMULA_NAMES[8:]):
        result = compare(content, [(name, ready_plan()) for name in names], "nl")
        csv_rows, xlsx_rows = sheets(content, result, "nl")
        for row in (csv_rows[0][1:], list(xlsx_rows[0][1:])):
            assert all(isinstance(v, str) and v.startswith("'") for v in row), row
        book = load_workbook(io.BytesIO(to_xlsx_bytes(comparison_table(content, result),
                                                      content, "nl")))
        assert all(cell.data_type != "f" for line in book.active.iter_rows() for cell in line)
        assert not any("\x01" in str(v) for row in xlsx_rows for v in row)


def test_the_guard_keeps_ordinary_text_and_numbers() -> None:
    from reports.spreadsheet import inert_cell

    assert inert_cell("") == "" and inert_cell(None) is None  # was "'" for an empty cell
    assert inert_cell(-5) == -5 and inert_cell(2.5) == 2.5
    assert inert_cell("Plan = goed") == "Plan = goed" and inert_cell("a-b") == "a-b"
    assert inert_cell("–") == "–"  # the en dash of an empty figure
    assert inert_cell("a\x00b\ud800") == "ab"


def test_empty_text_cells_stay_empty_in_csv_and_xlsx(content: Content, tmp_path: object) -> None:
    """Was: an empty text cell (a plan without blockers) became a lone apostrophe."""
    from reports import Table
    from reports.document import Cell, UserText

    table = Table(head=["a", "b"], rows=[[Cell("text", UserText("")), Cell("text", "")]])
    assert to_csv(table, content, "nl").splitlines()[1] == ","
    rows = list(load_workbook(io.BytesIO(to_xlsx_bytes(table, content, "nl"))).active
                .iter_rows(values_only=True))
    assert rows[1] in ((None, None), ("", ""))


def test_hours_in_the_readers_convention(content: Content) -> None:
    """Hours are whole numbers with the reader's thousands separator (issue 8.5)."""
    from reports import format_cell
    from reports.document import Cell

    assert format_cell(Cell("hours", 1250.4), content, "nl") == "1.250"
    assert format_cell(Cell("hours", 1250.4), content, "en") == "1,250"
    assert format_cell(Cell("hours", 175.5), content, "nl") == "176"


def test_text_columns_stay_left_and_figures_go_right_in_every_format(content: Content) -> None:
    """An actions table (what, who, by when) is text: left in the PDF and the
    Markdown; a column of counts goes right."""
    from reportlab.lib.enums import TA_LEFT, TA_RIGHT

    from reports.document import Table, right_aligned
    from reports.render_pdf import _styles, _table

    table = Table(head=["Wat", "Wie", "Aantal"],
                  rows=[[Cell("text", "Ronde 2 plannen"), Cell("text", "coördinator"),
                         Cell("count", (3, 8))]])
    assert right_aligned(table) == [False, False, True]
    assert table_markdown(table, content, "nl").splitlines()[1] == "|---|---|---:|"
    pdf = _table(table, content, "nl", _styles())
    alignments = [[cell.style.alignment for cell in row] for row in pdf._cellvalues]
    assert alignments == [[TA_LEFT, TA_LEFT, TA_RIGHT]] * 2
