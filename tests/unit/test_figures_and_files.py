"""Issue 8 part 3 and issue 9: one set of numbers and one rounding in verdicts,
tables and every download; missing roles named; the rates and the date in every
report; the XLSX as a spreadsheet a reader can use; charts a phone and a printer
can read."""

from __future__ import annotations

import csv
import dataclasses
import importlib
import io
import re
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from charts import CHART_CONFIG, bar_figure, comparison_radar, radar_figure
from comparison import Comparison, compare, verdict
from content.labels import date_text
from content.models import EURO_RATES, Content, InvestmentRates
from evaluation import Evaluation, evaluate
from reports import (
    comparison_csv,
    comparison_document,
    comparison_investment,
    comparison_xlsx,
    format_cell,
    scenario_document,
    to_markdown,
    to_pdf,
)
from scoring.engine import assess
from tests.conftest import ready_plan

DAY = date(2026, 12, 2)
compare_module = importlib.import_module("comparison.compare")  # the module, not the function


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split())
                    for page in PdfReader(io.BytesIO(data)).pages)


def with_overall(monkeypatch: pytest.MonkeyPatch, overall: dict[str, float]) -> None:
    """Scenarios whose overall score is set by name: decimals the table rounds away."""
    real = compare_module.evaluate

    def fake(content: Content, answers: Any, lang: str,
             rates: InvestmentRates | None = None) -> Evaluation:
        ev = real(content, answers, lang, rates)
        value = overall[str(answers["theme_text"])]
        return dataclasses.replace(ev, readiness=dataclasses.replace(ev.readiness,
                                                                     overall=value))
    monkeypatch.setattr(compare_module, "evaluate", fake)


def pair(content: Content, monkeypatch: pytest.MonkeyPatch, a: float, b: float,
         lang: str) -> str:
    with_overall(monkeypatch, {"A": a, "B": b})
    c = compare(content, [("A", {**ready_plan(), "theme_text": "A"}),
                          ("B", {**ready_plan(), "theme_text": "B"})], lang)
    assert c.scenarios[0].readiness.band == c.scenarios[1].readiness.band
    return verdict(content, c, c.pairs[0], lang)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_scores_that_show_the_same_are_equal_in_the_verdict(
        content: Content, monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    text = pair(content, monkeypatch, 90.4, 89.6, lang)  # the table shows 90 and 90
    band = "klaar om te starten" if lang == "nl" else "ready to start"
    assert text == ("A en B zijn allebei " if lang == "nl" else "A and B are both ") + \
        band + "."


@pytest.mark.parametrize(("a", "b", "nl", "en"), [
    (91.2, 90.4, "1 punt hoger", "1 point higher"),  # shown 91 and 90
    (90.6, 88.4, "3 punten hoger", "3 points higher"),  # shown 91 and 88: 3, not 2.2
])
def test_verdict_points_are_the_difference_of_the_shown_scores_and_grammatical(
        content: Content, monkeypatch: pytest.MonkeyPatch, a: float, b: float, nl: str,
        en: str) -> None:
    assert nl in pair(content, monkeypatch, a, b, "nl")
    text = pair(content, monkeypatch, a, b, "en")
    assert en in text
    assert not re.search(r"\b1 points\b|\b1 punten\b", text)


def fractional(content: Content, lang: str) -> Comparison:
    """Participant hours of 9 × 5 × 3.5 + 9 × 2 = 175.5; no coordinator in one."""
    a = {**ready_plan(), "group_size": 9, "meeting_count": 5, "meeting_hours": 3.5}
    b = {**a, "coordinator": "nobody", "content_lead": "unknown"}
    return compare(content, [("Halve uren", a), ("Zonder coördinator", b)], lang)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_hours_have_one_rounding_in_every_file(content: Content, lang: str) -> None:
    c = fractional(content, lang)
    assert c.scenarios[0].estimate.participant_hours == 175.5
    table = comparison_investment(content, c)
    assert format_cell(table.rows[0][1], content, lang) == "176"
    csv_rows = list(csv.reader(io.StringIO(comparison_csv(content, c, DAY))))
    hours_row = next(r for r in csv_rows if r and r[0] == content.messages[lang][
        "compare.participant_hours"])
    assert hours_row[1:] == ["176", "176"]
    sheet = load_workbook(io.BytesIO(comparison_xlsx(content, c, DAY))).worksheets[0]
    xlsx_row = next(r for r in sheet.iter_rows(values_only=True)
                    if r[0] == content.messages[lang]["compare.participant_hours"])
    assert list(xlsx_row[1:]) == [176, 176]
    pdf = pdf_text(to_pdf(comparison_document(content, c, DAY), content))
    for text in (comparison_csv(content, c, DAY), pdf):
        assert "175.5" not in text and "175,5" not in text
    # The downloads hold no row the screen lacks ("role hours" was one).
    assert content.messages[lang]["compare.role_hours"] not in comparison_csv(content, c, DAY)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_missing_role_is_named_not_shown_as_zero_hours(content: Content, lang: str) -> None:
    m = content.messages[lang]
    c = fractional(content, lang)
    rows = {str(r[0].value): r for r in comparison_investment(content, c).rows}
    coordinator = rows[m["compare.hours_coordinator"]]
    assert format_cell(coordinator[1], content, lang) == "15"
    assert format_cell(coordinator[2], content, lang) == m["compare.role_nobody"]
    lead = rows[m["compare.hours_content_lead"]]
    assert format_cell(lead[2], content, lang) == m["compare.role_unknown"]
    assert [r.role for r in c.scenarios[1].estimate.unheld_roles] == ["coordinator",
                                                                       "content_lead"]
    pdf = pdf_text(to_pdf(comparison_document(content, c, DAY), content))
    assert m["compare.role_nobody"] in pdf


def test_comparison_pdf_has_the_investment_once(content: Content) -> None:
    c = fractional(content, "nl")
    pdf = pdf_text(to_pdf(comparison_document(content, c, DAY), content))
    assert pdf.count("Totale kosten") == 1
    assert pdf.count("Uren deelnemers") == 1


def rate_texts(content: Content, lang: str, rates: InvestmentRates) -> list[str]:
    m = content.messages[lang]
    return [m[f"rate.{f}"] for f in InvestmentRates.model_fields] + [date_text(DAY, m)]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_report_prints_the_rates_and_the_date(content: Content, lang: str) -> None:
    rates = content.investment.rates.model_copy(update={"internal_rate": 82.5,
                                                        "preparation_hours_per_participant": 1.5})
    ev = evaluate(content, ready_plan(), lang, rates)
    c = compare(content, [("A", ready_plan()), ("B", ready_plan())], lang, rates)
    rate_82 = "€ 82,50" if lang == "nl" else "€82.50"
    hours_15 = "1,5" if lang == "nl" else "1.5"
    outputs = {
        "result.md": to_markdown(scenario_document(content, ev, "P", DAY), content),
        "result.pdf": pdf_text(to_pdf(scenario_document(content, ev, "P", DAY), content)),
        "compare.md": to_markdown(comparison_document(content, c, DAY), content),
        "compare.pdf": pdf_text(to_pdf(comparison_document(content, c, DAY), content)),
    }
    for name, text in outputs.items():
        for expected in [*rate_texts(content, lang, rates), rate_82, hours_15]:
            assert expected in text, (name, expected)
    csv_text = comparison_csv(content, c, DAY)
    for expected in rate_texts(content, lang, rates):
        assert expected in csv_text
    assert "82.5" in csv_text and "1.5" in csv_text  # numbers, for a spreadsheet


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_xlsx_is_a_spreadsheet_a_reader_can_use(content: Content, lang: str) -> None:
    m = content.messages[lang]
    c = fractional(content, lang)
    book = load_workbook(io.BytesIO(comparison_xlsx(content, c, DAY)))
    assert book.sheetnames == [m["report.sheet_comparison"], m["report.sheet_rates"]]
    sheet, rates = book.worksheets
    assert sheet.freeze_panes == "B2" and rates.freeze_panes == "B2"
    by_label = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    cost = by_label[m["compare.total_cost"]][1]
    assert isinstance(cost.value, int) and "€" in cost.number_format  # money as money
    hours = by_label[m["compare.participant_hours"]][1]
    assert hours.value == 176 and hours.number_format == "#,##0"
    first = sheet.column_dimensions["A"].width
    assert first is not None and first >= len(m["compare.participant_hours"])
    values = {row[0].value: row[1] for row in rates.iter_rows(min_row=2)}
    assert values[m["report.date"]].value == date_text(DAY, m)
    for field in InvestmentRates.model_fields:
        cell = values[m[f"rate.{field}"]]
        assert cell.value == float(getattr(c.rates, field))
        assert ("€" in cell.number_format) == (field in EURO_RATES)


def test_scenario_report_has_steps_advice_date_and_an_uncut_investment_head(
        content: Content) -> None:
    answers = {**ready_plan(), "coordinator": "nobody", "group_size": 15, "hard_core": "no_core"}
    ev = evaluate(content, answers, "nl")
    title = "Een plan met een heel lange naam die niet in een smalle kolom past"
    doc = scenario_document(content, ev, title, DAY)
    md = to_markdown(doc, content)
    assert "## Uw eerste drie stappen" in md and "## Advies" in md
    for advice in ev.guidance.all_advice():
        assert advice.title in md
    investment = next(t for t in doc.tables() if str(t.rows[-1][0].value) ==
                      content.messages["nl"]["compare.total_cost"])
    assert investment.head[1] != title  # the name is in the title, not in a narrow column
    assert "Opgesteld op 2 december 2026" in md  # the reader's date, not ISO


# ----------------------------------------------------------------------- charts
def _fonts(node: Any) -> list[dict[str, Any]]:
    """Every font setting in a figure's JSON (plotly's own template aside: the
    figure's settings override it)."""
    out = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "template":
                continue
            if key.endswith("font") and isinstance(value, dict):
                out.append(value)
            out += _fonts(value)
    elif isinstance(node, list):
        for item in node:
            out += _fonts(item)
    return out


def test_charts_have_no_toolbar() -> None:
    assert CHART_CONFIG["displayModeBar"] is False


@pytest.mark.parametrize("build", ["radar", "bar", "compare"])
def test_chart_labels_are_at_least_14_px_and_dark(content: Content, build: str) -> None:
    r = assess(content, ready_plan())
    fig = {"radar": lambda: radar_figure(content, r, "nl"),
           "bar": lambda: bar_figure(content, r, "nl"),
           "compare": lambda: comparison_radar(content, [("A", r), ("B", r)], "nl")}[build]()
    fonts = _fonts(fig.to_plotly_json())
    assert fonts
    for font in fonts:
        if "size" in font:
            assert font["size"] >= 14, font
        if "color" in font:
            assert font["color"] == "#1A1A1A", font


def test_radar_thresholds_differ_in_shape(content: Content) -> None:
    fig = radar_figure(content, assess(content, ready_plan()), "nl")
    rings = [t for t in fig.data if t.hoverinfo == "skip"]
    assert len(rings) == len(content.scoring.bands) - 1 >= 2
    shapes = {(t.line.dash, t.line.width) for t in rings}
    assert len({dash for dash, _ in shapes}) == len(rings)
    assert len({width for _, width in shapes}) > 1


def test_bars_stay_visible_and_band_names_sit_above_the_bars(content: Content) -> None:
    answers = {**ready_plan(), "coordinator": "nobody", "meeting_hours": 1,
               "responsible": "nobody"}
    fig = bar_figure(content, assess(content, answers), "nl")
    for trace in fig.data:
        assert trace.marker.pattern.fillmode == "overlay"  # the colour stays, not pale lines
        assert trace.marker.line.width >= 1  # an outline, visible on the pink band
    assert fig.layout.xaxis.range[1] >= 100
    names = fig.layout.annotations
    assert len(names) == len(content.scoring.bands)
    assert all(a.yref == "paper" and a.y >= 1 and a.yanchor == "bottom" for a in names)
    assert len({a.yshift for a in names}) == len(names)  # one row each: no overlap


def test_comparison_report_shows_the_answers_that_differ(content: Content) -> None:
    """A director reading the comparison PDF sees the choices behind the scores
    (9 against 14 participants), as the screen shows them first."""
    from comparison import compare
    from reports import comparison_document, to_markdown, to_pdf

    result = compare(content, [("Negen", {**ready_plan(), "group_size": 9}),
                               ("Veertien", {**ready_plan(), "group_size": 14})], "nl")
    doc = comparison_document(content, result)
    md = to_markdown(doc, content)
    question = content.rules[5].texts["nl"].questions["group_size"].label
    assert "## Antwoorden die verschillen" in md
    assert any(question in line and "| 9 |" in line and "| 14 |" in line
               for line in md.splitlines())
    pdf = PdfReader(io.BytesIO(to_pdf(doc, content)))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "Antwoorden die verschillen" in text
