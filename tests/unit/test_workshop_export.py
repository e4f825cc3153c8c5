"""The workshop exports read back: the PDF (pypdf), the distributions as CSV and
XLSX (openpyxl). The anonymity rules hold exactly as on screen: no figure below
min_figure, no counts below min_distribution, a unanimous room as "iedereen eens";
nothing per person; the facilitator's text stays text; Dutch and English."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from content.models import Content
from content.workshop import default_workshop_settings
from services.plans import PlanService
from services.workshop import Joined, NotAuthorised, WorkshopService
from storage import PlanStore
from storage.workshops import WorkshopStore
from tests.conftest import ready_plan
from workshop.group import statements
from workshop.phases import Phase

SETTINGS = default_workshop_settings()
MADE_ON = date(2026, 12, 3)


@pytest.fixture
def svc(store: PlanStore, content: Content) -> Iterator[WorkshopService]:
    wstore = WorkshopStore(store.engine.url.render_as_string(hide_password=False))
    yield WorkshopService(wstore, PlanService(store, content), content, SETTINGS)
    wstore.dispose()


@pytest.fixture
def session(svc: WorkshopService, content: Content) -> dict[str, object]:
    """Eight phones. Rule A: split 1s and 5s (counts shown), round 2 after the talk.
    Rule B: all 4 (unanimous). Rule C: only four answer (a figure, no counts).
    Rule D: two answer (too few for any figure)."""
    rules = statements(content)
    a, b, c, d = [r for r in rules if len(rules[r]) == 1][:4]
    start = svc.plans.create(title="Start", language="nl", answers=ready_plan())
    created = svc.create(language="nl", rule_ids=[a, b, c, d], source_plan=start.token)
    wid, secret = created.workshop_id, created.control_secret
    tokens = []
    for i in range(8):
        joined = svc.join(created.code, f"10.3.0.{i}")
        assert isinstance(joined, Joined)
        tokens.append(joined.token)
    svc.advance(wid, secret, Phase.RATE)
    for i, token in enumerate(tokens):
        svc.vote(token, rules[a][0], 1 if i < 4 else 5)
        svc.vote(token, rules[b][0], 4)
        if i < 4:
            svc.vote(token, rules[c][0], 2 + i % 3)
        if i < 2:
            svc.vote(token, rules[d][0], 5)
    svc.advance(wid, secret, Phase.REVEAL)
    svc.advance(wid, secret, Phase.DISCUSS)
    svc.discuss_rule(wid, secret, a)
    svc.advance(wid, secret, Phase.RERATE)
    for i, token in enumerate(tokens):
        svc.vote(token, rules[a][0], 4 if i < 6 else 3)
    svc.advance(wid, secret, Phase.DECIDE)  # reveals round 2
    svc.add_action(wid, secret, what="<script>alert(1)</script> data plannen",
                   who="=HYPERLINK(\"x\") coördinator", due=date(2027, 1, 15))
    return {"wid": wid, "secret": secret, "tokens": tokens, "rules": (a, b, c, d),
            "statements": [rules[r][0] for r in (a, b, c, d)], "code": created.code}


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _label(content: Content, rule_id: str, sid: str, lang: str = "nl") -> str:
    return content.rule(rule_id).texts[lang].questions[sid].label


def test_the_csv_holds_no_figure_the_screen_may_not_show(
        svc: WorkshopService, session: dict, content: Content) -> None:  # type: ignore[type-arg]
    rows = list(csv.reader(io.StringIO(svc.export_csv(
        session["wid"], session["secret"], made_on=MADE_ON))))
    head = rows[0]
    assert head[:7] == ["Regel", "Stelling", "Ronde", "Antwoorden", "Mediaan",
                        "Overeenstemming (A)", "Oordeel"]
    assert head[7:14] == ["Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal eens",
                          "Weet ik niet / n.v.t.", "Toelichting"]
    a, b, c, d = session["statements"]
    by = {(r[1], r[2]): r for r in rows[1:] if len(r) == len(head)}
    ra, rb, rc, rd = session["rules"]
    split = by[(_label(content, ra, a), "1")]
    assert split[3:7] == ["8", "3", "-1", "tegengesteld"]
    assert split[7:13] == ["4", "0", "0", "0", "4", "0"]
    again = by[(_label(content, ra, a), "2")]
    assert again[3:5] == ["8", "4"] and again[7:13] == ["0", "0", "2", "6", "0", "0"]
    unanimous = by[(_label(content, rb, b), "1")]
    assert unanimous[6] == "iedereen eens: Eens" and unanimous[7:13] == [""] * 6
    four = by[(_label(content, rc, c), "1")]
    assert four[3] == "4" and four[7:13] == [""] * 6  # a figure, no distribution
    assert "Minder dan 5 antwoorden: geen verdeling." in four[13]
    two = by[(_label(content, rd, d), "1")]
    assert two[3:6] + two[7:13] == [""] * 9  # no figure at all
    assert two[6] == "te weinig antwoorden"
    assert "Minder dan 3 antwoorden" in two[13]
    text = "\n".join(",".join(r) for r in rows)
    assert not any(token in text for token in session["tokens"])  # nothing per person
    assert "3 december 2026" in text and session["code"] in text


def test_the_xlsx_keeps_numbers_and_the_english_words(
        svc: WorkshopService, session: dict, content: Content) -> None:  # type: ignore[type-arg]
    wb = load_workbook(io.BytesIO(svc.export_xlsx(session["wid"], session["secret"], "en",
                                                   made_on=MADE_ON)))
    assert wb.sheetnames == ["Distributions", "About this file"]
    ws = wb["Distributions"]
    values = list(ws.iter_rows(values_only=True))
    assert values[0][:4] == ("Rule", "Statement", "Round", "Answers")
    ra = session["rules"][0]
    split = next(r for r in values[1:] if r[1] == _label(content, ra, session["statements"][0],
                                                         "en") and r[2] == 1)
    assert split[3:7] == (8, 3, -1, "opposed") and split[7:13] == (4, 0, 0, 0, 4, 0)
    unanimous = next(r for r in values[1:] if r[6] and str(r[6]).startswith("everyone agrees"))
    assert unanimous[7:13] == (None,) * 6
    about = {r[0]: r[1] for r in wb["About this file"].iter_rows(values_only=True)}
    assert about["No figure below (answers)"] == 3 and about["Participants"] == 8


@pytest.mark.parametrize(("lang", "words"), [
    ("nl", ["Workshopverslag", "iedereen eens: Eens", "Wat er veranderde in ronde 2",
            "Het plan van de groep", "Gespreksvragen bij", "Afgesproken acties",
            "15 januari 2027"]),
    ("en", ["Workshop report", "everyone agrees: Agree", "What changed in round 2",
            "The group's plan as Vonk scores it", "Prompts for the most", "Agreed actions",
            "15 January 2027"]),
])
def test_the_pdf_report_in_both_languages(svc: WorkshopService, session: dict,  # type: ignore[type-arg]
                                          lang: str, words: list[str]) -> None:
    data = svc.export_pdf(session["wid"], session["secret"], lang, made_on=MADE_ON)
    assert data.startswith(b"%PDF")
    text = " ".join(_pdf_text(data).split())
    for word in words:
        assert word in text, word
    assert "<script>alert(1)</script>" in text  # the facilitator's text, shown as text
    assert not any(token in text for token in session["tokens"])
    assert "1 · 0 · 0 · 0 · 4" not in text  # a figure of four answers never gets counts
    assert "4 · 0 · 0 · 0 · 4 · 0" in text
    # The rule the room discussed keeps its prompt, though round 2 brought it together
    # (prompts as picked after round 1), with the handreiking section it rests on.
    split = session["rules"][0]
    asked = next(p for p in svc.prompts if p.rule == split and p.when == "divided")
    assert " ".join(asked.text(lang).split()) in text
    assert svc.content.section_heading(lang, asked.source) in text
    assert f"{svc.content.rule_label(split, lang, short=True)} · " in text  # rows name the rule


def test_before_the_reveal_the_files_hold_no_result(svc: WorkshopService) -> None:
    created = svc.create(language="nl", rehearsal=True)
    wid, secret = created.workshop_id, created.control_secret
    svc.advance(wid, secret, Phase.RATE)
    svc.simulate(wid, secret, 8, seed=3)
    text = " ".join(_pdf_text(svc.export_pdf(wid, secret)).split())
    assert "Er zijn nog geen resultaten getoond" in text
    assert "Het plan van de groep" not in text
    rows = list(csv.reader(io.StringIO(svc.export_csv(wid, secret))))
    assert rows[1] == []  # the head, then straight to the "about" table
    with pytest.raises(NotAuthorised):
        svc.export_pdf(wid, "wrong")
    with pytest.raises(NotAuthorised):
        svc.report(wid, None)
