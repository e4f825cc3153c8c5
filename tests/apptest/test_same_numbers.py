"""Every number on the Resultaat and Vergelijk pages is the number in the Markdown,
CSV, XLSX and PDF of the same plans (issue 8 part 3), and the pages draw their
charts without a toolbar and offer downloads without command-line talk (issue 9)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from openpyxl import load_workbook
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from comparison import compare
from content.loader import default_content
from evaluation import evaluate
from reports import (
    comparison_csv,
    comparison_document,
    comparison_xlsx,
    scenario_document,
    to_markdown,
    to_pdf,
)
from storage import PlanStore, database_url
from tests.apptest.helpers import answer_everything
from tests.conftest import ready_plan

FIGURE = re.compile(r"^(?:€\s?)?(\d[\d.,]*)")


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split())
                    for page in PdfReader(io.BytesIO(data)).pages)


def screen_tables(at: AppTest) -> list[str]:
    return [str(m.value) for m in at.markdown if str(m.value).startswith("| ")]


def rows_of(table: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip().strip("|").split(" | ")]
            for line in table.splitlines()[2:]]


def label(cell: str) -> str:
    """A row's name as a spreadsheet holds it (no Markdown)."""
    return re.sub(r"\\(.)", r"\1", cell.replace("**", ""))


def figure(cell: str) -> float | None:
    """The number a Dutch cell shows: "71 (▼ −29)" → 71, "€ 22.630" → 22630; None
    for words."""
    found = FIGURE.match(cell)
    return None if found is None else float(found.group(1).replace(".", "").replace(",", "."))


def plain(cell: str) -> str:
    """A screen cell as the PDF writes it (signs, not arrows)."""
    return cell.replace("▲ ", "").replace("▼ −", "-")


def full_plan(app: AppTest) -> str:
    app.button(key="new_plan").click().run()
    answer_everything(app, {**ready_plan(), "group_size": 9, "meeting_count": 5,
                            "meeting_hours": 3.5})
    return str(app.session_state["plan_token"])


def test_comparison_screen_and_files_hold_the_same_numbers(app: AppTest) -> None:
    token = full_plan(app)
    store = PlanStore(database_url())
    store.update(token, title="Halve uren")
    copy = store.duplicate(token, "Zonder coördinator")
    store.save_answer(copy.token, "coordinator", "nobody")
    store.save_answer(copy.token, "group_size", 14)
    store.save_answer(copy.token, "hard_core", "no_core")
    plans = [(p.title, store.answers(p.token)) for p in store.scenarios(
        str(app.session_state["workspace"]))]
    store.dispose()
    app.switch_page("pages/vergelijk.py").run()
    assert not app.exception, app.exception
    content = default_content()
    result = compare(content, plans, "nl")
    day = date.today()
    md = to_markdown(comparison_document(content, result, day), content)
    pdf = pdf_text(to_pdf(comparison_document(content, result, day), content))
    csv_rows = {r[0]: r[1:] for r in csv.reader(io.StringIO(comparison_csv(content, result, day)))
                if r}
    xlsx_rows = {r[0]: r[1:] for r in load_workbook(io.BytesIO(comparison_xlsx(
        content, result, day))).worksheets[0].iter_rows(values_only=True)}
    # The scores and the investment, once each (the answers that differ, in the
    # pair's expander, are the users' own answers, not figures of the report).
    tables = [tb for tb in screen_tables(app) if not tb.startswith("| Vraag |")]
    assert len(tables) == 2
    checked = 0
    for table in tables:
        assert table in md  # the Markdown download holds the screen's table as it is
        for row in rows_of(table):
            name, cells = label(row[0]), row[1:]
            assert name in csv_rows and name in xlsx_rows, name
            for cell, in_csv, in_xlsx in zip(cells, csv_rows[name], xlsx_rows[name],
                                             strict=True):
                number = figure(cell)
                if number is None:  # words: a band, a missing role
                    assert cell == in_csv == in_xlsx
                    continue
                assert float(in_csv) == number and in_xlsx == number, (name, cell)
                assert plain(cell) in pdf, (name, cell)
                checked += 1
    assert checked >= 2 * 11 + 2 * 4  # every score and every investment figure
    assert "176" in tables[1] and "ontbreekt" in tables[1]  # 175.5 hours, no coordinator
    # No toolbar on the comparison's radar.
    assert '"displayModeBar":false' in app.get("plotly_chart")[0].proto.config.replace(" ", "")


def test_result_screen_and_files_hold_the_same_numbers(app: AppTest) -> None:
    full_plan(app)
    app.switch_page("pages/resultaat.py").run()
    assert not app.exception, app.exception
    content = default_content()
    store = PlanStore(database_url())
    answers = store.answers(str(app.session_state["plan_token"]))
    store.dispose()
    ev = evaluate(content, answers, "nl")
    doc = scenario_document(content, ev, "", date.today())
    md = to_markdown(doc, content)
    pdf = pdf_text(to_pdf(doc, content))
    tables = screen_tables(app)
    assert tables
    for table in tables:
        assert table in md
        for row in rows_of(table):
            for cell in row[1:]:
                if figure(cell) is not None:
                    assert cell in pdf, (row[0], cell)
    shown = f"{round(ev.readiness.overall or 0)}"
    assert shown in md and shown in pdf
    charts = app.get("plotly_chart")
    assert charts and all('"displayModeBar":false' in c.proto.config.replace(" ", "")
                          for c in charts)
    for button in app.get("download_button"):
        assert "opdrachtregel" not in button.proto.help.lower()
