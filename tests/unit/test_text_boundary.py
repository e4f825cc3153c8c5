"""Every file is either refused clearly or safe everywhere afterwards (issue 7, item 3).

The property tests feed arbitrary bytes, arbitrary JSON and almost-valid Vonk files
(titles and text answers of arbitrary unicode, lone surrogates, NUL and other
control characters, noncharacters, numbers of any size, infinities, nested junk)
through the import (``exchange.import_json``), the service's import into storage
(SQLite and PostgreSQL, the ``store`` fixture), and every export: the JSON file
(round trip), the scenario report as Markdown, text and PDF, its tables and the
rule table as CSV and XLSX, and a comparison holding the plan. The only results
allowed are Vonk's own: an ``ImportResult`` with problems that can be described
in both languages, or a plan that is stored clean and exports everywhere. Text
typed on the screen (``PlanService``: title, note, text answer) and the batch of
the command line are held to the same rules.

Length of the run: the settings profile ``vonk-fuzz`` runs ``VONK_FUZZ_EXAMPLES``
examples per test and database (default 300: about 2,400 examples in all, about
a minute and a half in the test command; the pure ``clean_text`` property runs three times
as many, the batch a fifth). A longer run, e.g. before a release or after touching
the import or the reports::

    VONK_FUZZ_EXAMPLES=5000 .venv/bin/pytest -q -p no:cacheprovider \\
        tests/unit/test_text_boundary.py

(set ``VONK_TEST_POSTGRES_URL`` for the PostgreSQL half; add ``-x`` to stop at the
first failure, which hypothesis shrinks to a minimal file).
"""

from __future__ import annotations

import io
import json
import os
import re
import unicodedata
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from comparison import compare
from content.models import PlanFields, max_length
from content.text import clean_text, normalise_text, remove_unsafe
from evaluation import evaluate
from exchange import ImportResult, describe, export_json, import_json
from reports import (
    comparison_document,
    comparison_table,
    escape_markdown,
    rule_table,
    scenario_document,
    to_csv,
    to_markdown,
    to_pdf,
    to_text,
    to_xlsx_bytes,
)
from services.batch import score_files
from services.plans import PlanService
from storage import PlanStore
from tests.unit.strategies import CONTENT, QUESTIONS, answer_for

FUZZ_EXAMPLES = int(os.environ.get("VONK_FUZZ_EXAMPLES", "300"))
settings.register_profile(
    "vonk-fuzz", max_examples=FUZZ_EXAMPLES, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large, HealthCheck.filter_too_much])
FUZZ = settings.get_profile("vonk-fuzz")
# The cheap, pure properties run more examples in the same time.
PURE = settings(FUZZ, max_examples=FUZZ_EXAMPLES * 3)

TITLE_MAX = max_length(PlanFields, "title")
NOTE_MAX = max_length(PlanFields, "note")
TEXT_QUESTIONS = {q.id: q.max_length for q in QUESTIONS if q.kind == "text"}
NONCHARACTER = re.compile("[\ufdd0-\ufdef]")

# ------------------------------------------------------------------------ strategies
SPICE = ["\x00", "\ud800", "\udfff", "\ud83d\ude00", "\ud83d", "\ufffe", "\uffff",
         "\U0010ffff", "\U0001fffe", "\ufdd0", "\x7f", "\x85", "\x9b", "\u2028", "\u2029",
         "\r\n", "\r", "\n", "\t", "\x0b", "\x0c", "\x1c", "\x1f", "\u202e", "\u200d",
         "\ufeff", "e\u0301", "\u0958", "\u2000", "=", "+", "-", "@", " =1+1", "\t=1",
         "http://x.example/t.png", "www.x.example", "a@b.example", "![t](http://x/t.png)",
         "<script>", "[x](javascript:1)", "|", "\\", "`", "*", "_", "#", "{", "}", "{0}",
         "%s", "'", '"', " ", "\u00a0", "\u3000", "€", "ﬁ",
         "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\u05d0\u200f", "x" * 130]
ANY_CHAR = st.characters(codec=None, exclude_categories=())  # surrogates included
texts = st.lists(st.one_of(st.text(ANY_CHAR, max_size=12), st.sampled_from(SPICE)),
                 max_size=8).map("".join)


class Huge:
    """An integer literal too long for json.dumps (over 4300 digits) or just long."""

    def __init__(self, literal: str):
        self.literal = literal


huge_ints = st.builds(lambda neg, digit, n: Huge(("-" if neg else "") + str(digit) * n),
                      st.booleans(), st.integers(1, 9),
                      st.one_of(st.integers(19, 25), st.integers(300, 500),
                                st.integers(4200, 6000)))
numbers = st.one_of(st.integers(), st.integers(-(10**20) + 1, 10**20 - 1),
                    st.floats(), st.sampled_from([0, 1, 5, 9, -1, 2.5, 1e308, -0.0]))
scalars = st.one_of(st.none(), st.booleans(), numbers, texts)
# Huge integers go where a number is expected (answers), and now and then anywhere.
json_values = st.recursive(
    scalars, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                    st.dictionaries(texts, kids, max_size=4)),
    max_leaves=12) | st.lists(st.one_of(scalars, huge_ints), min_size=1, max_size=3)


def answer_entry(q: Any, junk: bool) -> st.SearchStrategy[tuple[str, object]]:
    """A question's answer: valid (any text for a text question), or anything."""
    valid = st.one_of(answer_for(q), texts) if q.kind == "text" else answer_for(q)
    wrong = st.one_of(st.booleans(), numbers, huge_ints, texts, st.lists(texts, max_size=3),
                      st.lists(st.sampled_from([*q.option_ids, "none", "unknown"]), max_size=3),
                      json_values)  # the answer-level problems, and pydantic's
    return st.tuples(st.just(q.id), st.one_of(valid, wrong) if junk else valid)


def answer_maps(junk: bool) -> st.SearchStrategy[object]:
    entries = st.lists(st.sampled_from(QUESTIONS).flatmap(lambda q: answer_entry(q, junk)),
                       max_size=10).map(dict)
    if not junk:
        return entries
    return st.integers(0, 3).flatmap(lambda kind: (
        st.dictionaries(texts, json_values, max_size=3) if kind == 0 else
        json_values if kind == 1 else entries))


@st.composite
def plan_documents(draw: st.DrawFn, junk: bool) -> dict[str, object]:
    """A Vonk file: its text free, with `junk` any field may also be anything at all."""
    def field(good: st.SearchStrategy[Any]) -> Any:
        return draw(json_values if junk and draw(st.integers(0, 5)) == 0 else good)

    doc: dict[str, object] = {
        "format": field(st.just("vonk-assessment")), "version": field(st.just(1)),
        "answers": draw(answer_maps(junk))}
    if draw(st.booleans()):
        doc["title"] = field(texts)
    if draw(st.booleans()):
        doc["language"] = field(st.sampled_from(["nl", "en"]))
    if draw(st.booleans()):
        doc["exported_at"] = field(st.just("2026-11-25T10:00:00Z"))
    if junk and draw(st.integers(0, 4)) == 0:
        doc[draw(texts)] = draw(json_values)
    return doc


_HUGE = re.compile(r'"@@HUGE:(-?[0-9]+)@@"')


def dump(value: object, ascii_only: bool) -> bytes:
    """JSON bytes; a Huge becomes a bare integer literal, a lone surrogate an escape
    (ascii_only) or, written raw, bytes that are not UTF-8."""
    text = json.dumps(value, ensure_ascii=ascii_only,
                      default=lambda o: f"@@HUGE:{o.literal}@@")
    return _HUGE.sub(r"\1", text).encode("utf-8", "surrogatepass")


# About half the files are accepted (and go on to storage and every export).
files = st.integers(0, 9).flatmap(lambda kind: (
    st.binary(max_size=120) if kind == 0 else
    st.builds(dump, json_values, st.booleans()) if kind == 1 else
    st.builds(dump, plan_documents(junk=True), st.booleans()) if kind <= 4 else
    st.builds(dump, plan_documents(junk=False), st.just(True))))


# ----------------------------------------------------------------------- invariants
def assert_clean(text: str, limit: int, *, multiline: bool = False) -> None:
    """What the boundary promises about every text it lets in."""
    assert len(text) <= limit
    assert text == text.strip()
    text.encode("utf-8")  # no lone surrogate
    assert not any(unicodedata.category(ch) == "Cc" and ch not in ("\n\t" if multiline else "")
                   for ch in text), repr(text)
    assert not NONCHARACTER.search(text)
    assert not any((ord(ch) & 0xFFFE) == 0xFFFE for ch in text), repr(text)
    assert unicodedata.is_normalized("NFC", text)
    if not multiline:
        assert text == " ".join(text.split())
    assert clean_text(text, max_length=limit, multiline=multiline) == text  # idempotent


def assert_clean_answers(answers: dict[str, Any]) -> None:
    for qid, value in answers.items():
        if qid in TEXT_QUESTIONS:
            assert isinstance(value, str) and value
            assert_clean(value, TEXT_QUESTIONS[qid])
        elif isinstance(value, str):
            value.encode("utf-8")


def assert_refused_clearly(result: ImportResult) -> None:
    assert not result.ok and not result.answers and result.title == ""
    for problem in result.problems:
        for lang in ("nl", "en"):
            for inert in (escape_markdown, lambda s: s):
                text = describe(problem, CONTENT, lang, inert=inert)
                assert text
                text.encode("utf-8")


def assert_no_formula(xlsx: bytes) -> None:
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet is not None
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)


def assert_exports_everywhere(title: str, language: str, answers: dict[str, Any]) -> None:
    """Every export of a plan works and is encodable; the JSON file round-trips."""
    again = import_json(export_json(title, language, answers), CONTENT)
    assert again.ok and again.answers == answers and again.title == title
    evaluation = evaluate(CONTENT, answers, language)
    doc = scenario_document(CONTENT, evaluation, title)
    markdown = to_markdown(doc, CONTENT)
    markdown.encode("utf-8")
    if title:
        assert escape_markdown(title) in markdown
    to_text(doc, CONTENT).encode("utf-8")
    assert to_pdf(doc, CONTENT).startswith(b"%PDF")
    comparison = compare(CONTENT, [(title, answers), ("B", {})], language)
    cdoc = comparison_document(CONTENT, comparison)
    to_markdown(cdoc, CONTENT).encode("utf-8")
    to_text(cdoc, CONTENT).encode("utf-8")
    tables = [*doc.tables(), rule_table(CONTENT, evaluation.readiness, language)]
    for table in tables:
        to_csv(table, CONTENT, language).encode("utf-8")
        assert to_xlsx_bytes(table, CONTENT, language)
    names = comparison_table(CONTENT, comparison)  # the plan's title in the head row
    to_csv(names, CONTENT, language).encode("utf-8")
    assert_no_formula(to_xlsx_bytes(names, CONTENT, language))


# ------------------------------------------------------------------------ properties
@PURE
@given(text=texts, limit=st.integers(0, 200), multiline=st.booleans())
def test_clean_text_keeps_its_promises(text: str, limit: int, multiline: bool) -> None:
    cleaned = clean_text(text, max_length=limit, multiline=multiline)
    assert_clean(cleaned, limit, multiline=multiline)
    assert clean_text(cleaned, max_length=limit, multiline=multiline) == cleaned
    whole = normalise_text(text, multiline=multiline)
    assert whole.startswith(cleaned) or not cleaned
    remove_unsafe(text).encode("utf-8")


@FUZZ
@given(data=files)
def test_any_file_is_refused_clearly_or_stored_clean_and_exports_everywhere(
        store: PlanStore, data: bytes) -> None:
    result = import_json(data, CONTENT)
    assert isinstance(result, ImportResult)
    event("imported" if result.ok else "refused: " + ", ".join(sorted(
        {p.answer_problem.code if p.answer_problem else p.code for p in result.problems})))
    if not result.ok:
        assert_refused_clearly(result)
        return
    assert_clean(result.title, TITLE_MAX)
    assert_clean_answers(result.answers)
    service = PlanService(store, CONTENT)
    again, plan = service.import_file(data, language=result.language, default_title="Plan")
    assert again == result and plan is not None
    stored = store.get(plan.token)
    assert stored is not None
    assert stored.title == (result.title or "Plan") and stored.answers == result.answers
    assert_exports_everywhere(stored.title, stored.language, stored.answers)


@FUZZ
@given(title=texts, note=st.lists(texts, max_size=4).map("\n".join), answer=texts)
def test_text_typed_on_screen_is_stored_clean(store: PlanStore, title: str, note: str,
                                              answer: str) -> None:
    service = PlanService(store, CONTENT)
    plan = service.create(title=title, language="nl")
    service.rename(plan.token, "!" + title)
    service.set_note(plan.token, note)
    service.save_answer(plan.token, next(iter(TEXT_QUESTIONS)), answer, expected=None)
    stored = store.get(plan.token)
    assert stored is not None
    assert_clean(stored.title, TITLE_MAX)
    assert stored.title == clean_text("!" + title, max_length=TITLE_MAX)
    assert_clean(stored.note, NOTE_MAX, multiline=True)
    assert_clean_answers(stored.answers)
    # Clean as an imported text is, so the file fuzz above covers the other exports.
    again = import_json(export_json(stored.title, stored.language, stored.answers), CONTENT)
    assert again.ok and (again.title, again.answers) == (stored.title, stored.answers)


@settings(FUZZ, max_examples=max(10, FUZZ_EXAMPLES // 5))
@given(batch=st.lists(st.tuples(files, st.booleans()), min_size=1, max_size=6))
def test_the_batch_scores_every_good_file_whatever_the_bad_ones_hold(
        tmp_path_factory: pytest.TempPathFactory, batch: list[tuple[bytes, bool]]) -> None:
    folder = tmp_path_factory.mktemp("batch")
    paths, good = [], 0
    for i, (data, valid) in enumerate(batch):
        if valid:
            data = export_json(f"plan {i}", "nl", {"group_size": 9})
        path = folder / f"{i:02d}.json"
        path.write_bytes(data)
        paths.append(path)
        good += import_json(data, CONTENT).ok
    for lang in ("nl", "en"):
        table, errors = score_files(CONTENT, paths, lang)
        assert len(table.rows) == good and len(errors) >= len(paths) - good
        to_csv(table, CONTENT, lang).encode("utf-8")
        assert_no_formula(to_xlsx_bytes(table, CONTENT, lang))
        for line in errors:
            line.encode("utf-8")


# ------------------------------------------------------- regression: NUL in storage
def test_a_nul_never_reaches_storage(store: PlanStore) -> None:
    """Was: PostgreSQL refused a NUL in a title or note, and the user saw the generic
    'storage unavailable' error (SQLite stored it)."""
    service = PlanService(store, CONTENT)
    plan = service.create(title="a\x00b", language="nl")
    service.rename(plan.token, "c\x00d\ud800")
    service.set_note(plan.token, "regel\x00 1\r\nregel 2\x00")
    service.save_answer(plan.token, "theme_text", "x\x00y", expected=None)
    data = json.dumps({"format": "vonk-assessment", "version": 1, "title": "e\x00f",
                       "answers": {"theme_text": "\x00z"}}).encode()
    result, imported = service.import_file(data, language="nl", default_title="Plan")
    assert result.ok and imported is not None
    stored, other = store.get(plan.token), store.get(imported.token)
    assert stored is not None and other is not None
    assert (stored.title, stored.note, stored.answers["theme_text"]) == \
        ("cd", "regel 1\nregel 2", "xy")
    assert (other.title, other.answers) == ("ef", {"theme_text": "z"})

