"""The PDF reports and the comparison table: the same figures as the screen, in
CSV, XLSX and PDF, in Dutch and English, with user text kept as text."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from comparison import compare
from content.models import Content
from guidance import build_guidance
from investment import estimate
from reports.comparison_table import comparison_rows, delta_text
from reports.format import money
from reports.pdf import comparison_pdf, scenario_pdf
from reports.table import to_csv, to_xlsx_bytes
from scoring import assess
from tests.conftest import ready_plan


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(
        io.BytesIO(data)).pages)


def three(content: Content, lang: str):  # type: ignore[no-untyped-def]
    a = {**ready_plan(), "group_size": 8, "meeting_count": 6, "meeting_hours": 4}
    b = {**a, "group_size": 14, "hard_core": "no_core", "meeting_count": 12, "meeting_hours": 2}
    c = {**a, "coordinator": "nobody"}
    return compare(content, [("Maandelijks <b>8</b>", a), ("Tweewekelijks", b), ("Zonder", c)],
                   lang)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_comparison_same_figures_in_csv_xlsx_and_pdf(content: Content, lang: str) -> None:
    result = three(content, lang)
    head, rows = comparison_rows(content, result, lang)
    csv_rows = list(csv.reader(io.StringIO(to_csv(head, rows))))
    xlsx_rows = list(load_workbook(io.BytesIO(to_xlsx_bytes(head, rows))).active
                     .iter_rows(values_only=True))
    text = pdf_text(comparison_pdf(content, result, lang))
    assert csv_rows[0] == head and list(xlsx_rows[0]) == head
    screen = [r.scores for r in result.rows]  # what the page shows, rounded the same way
    assert [row[1:] for row in rows[:10]] == [[None if x is None else round(x) for x in sc]
                                              for sc in screen]
    for i, row in enumerate(rows, start=1):
        assert [str(v) for v in row] == csv_rows[i]
        assert list(xlsx_rows[i]) == row
    for s in result.scenarios:
        assert f"{round(s.readiness.overall or 0)}" in text
        assert money(s.estimate.total_cost, lang) in text
    assert "Maandelijks <b>8</b>" in text  # the name as typed, not as markup
    word = "klaar om te starten" if lang == "nl" else "ready to start"
    assert word in text.lower()


def test_scenario_pdf_holds_the_screen_figures(content: Content) -> None:
    answers = {**ready_plan(), "coordinator": "nobody"}
    r = assess(content, answers)
    g = build_guidance(content, r, answers, "nl")
    text = pdf_text(scenario_pdf(content, r, g, estimate(answers, content.investment),
                                 "Ons <i>plan</i>", "nl"))
    assert "Nog niet klaar" in text and "Er is geen coördinator" in text
    assert "Ons <i>plan</i>" in text
    for rs in r.rules:
        assert f"{rs.number}. {content.rule(rs.rule_id).texts['nl'].short}" in text


def test_delta_text_never_relies_on_colour() -> None:
    assert delta_text(12.4) == "▲ +12" and delta_text(-8) == "▼ −8" and delta_text(0.2) == "= 0"
    assert delta_text(None) == ""


def test_money_in_each_language() -> None:
    assert money(26320.4, "nl") == "€ 26.320" and money(26320.4, "en") == "€26,320"
