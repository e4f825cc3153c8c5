"""Export and import of the assessment JSON: round trip, schema, and every kind of
bad file answered with a clear problem and nothing imported."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings

from content.models import Content
from exchange import MAX_IMPORT_BYTES, describe, export_json, import_json, json_schema
from reports.format import escape_markdown
from scoring import assess, clean_answers
from scoring.answers import Answers
from tests.unit.strategies import CONTENT, answer_sets

ROOT = Path(__file__).resolve().parents[2]


def codes(data: bytes, content: Content) -> list[str]:
    result = import_json(data, content)
    assert not result.ok and not result.answers
    return [p.answer_problem.code if p.answer_problem else p.code for p in result.problems]


def doc(**over: object) -> bytes:
    base: dict[str, object] = {"format": "vonk-assessment", "version": 1, "title": "T",
                               "language": "nl", "answers": {"group_size": 9}}
    base.update(over)
    return json.dumps(base).encode()


def test_round_trip(content: Content, good_answers: Answers) -> None:
    data = export_json("Ons netwerk", "en", good_answers)
    result = import_json(data, content)
    assert result.ok
    assert result.answers == good_answers and result.title == "Ons netwerk"
    assert result.language == "en"
    assert assess(content, result.answers) == assess(content, good_answers)


def test_committed_schema_matches_the_model() -> None:
    committed = json.loads((ROOT / "schemas" / "assessment-v1.schema.json").read_text())
    assert committed == json_schema()


def test_export_validates_against_the_schema(good_answers: Answers) -> None:
    schema = json.loads((ROOT / "schemas" / "assessment-v1.schema.json").read_text())
    jsonschema.validate(json.loads(export_json("x", "nl", good_answers)), schema)


@pytest.mark.parametrize(("data", "code"), [
    (b"{not json", "not_json"),
    (b"\xff\xfe\x00garbage", "not_utf8"),
    (b"[1, 2, 3]", "not_object"),
    (json.dumps({"answers": {}}).encode(), "wrong_format"),
    (doc(version=2), "wrong_version"),
    (doc(version="1"), "wrong_version"),
    (doc(language="de"), "invalid_field"),
    (doc(answers=[1, 2]), "invalid_field"),
    (doc(answers={"group_size": {"nested": 1}}), "invalid_field"),
    (doc(extra_field=1), "invalid_field"),
    (doc(title="x" * 1000), "invalid_field"),
    (doc(answers={"nope": 3}), "unknown_question"),
    (doc(answers={"group_size": "nine"}), "wrong_type"),
    (doc(answers={"drive": True}), "wrong_type"),
    (doc(answers={"drive": 2.5}), "wrong_type"),
    (doc(answers={"group_size": 500}), "out_of_range"),
    (doc(answers={"drive": 0}), "out_of_range"),
    (doc(answers={"meal": "banquet"}), "unknown_option"),
    (doc(answers={"co_design": ["theme", "none"]}), "mixed_none"),
    (doc(answers={"theme_text": "x" * 301}), "too_long"),
    (b"[" * 100_000 + b"]" * 100_000, "not_json"),
])
def test_bad_files_are_refused_with_a_reason(content: Content, data: bytes, code: str) -> None:
    assert code in codes(data, content)


def test_a_50_mb_file_is_refused_before_parsing(content: Content) -> None:
    huge = b'{"format": "vonk-assessment", "x": "' + b"a" * 50_000_000 + b'"}'
    result = import_json(huge, content)
    assert [p.code for p in result.problems] == ["too_large"]
    assert result.problems[0].detail["size_mb"] == 50.0
    assert len(huge) > MAX_IMPORT_BYTES


def test_html_in_free_text_is_kept_as_text(content: Content) -> None:
    evil = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    result = import_json(doc(title=evil, answers={"theme_text": evil}), content)
    assert result.ok and result.answers["theme_text"] == evil  # stored as typed...
    shown = escape_markdown(evil)  # ...and shown inert
    assert "<script>" not in shown and "&lt;script&gt;" in shown


def test_problem_texts_exist_in_both_languages(content: Content) -> None:
    samples = [doc(version=7), doc(answers={"nope": 1}), doc(answers={"meal": "[x](javascript:1)"}),
               doc(answers={"group_size": 500}), b"{oops"]
    for data in samples:
        for p in import_json(data, content).problems:
            for lang in ("nl", "en"):
                text = describe(p, content.messages[lang], inert=escape_markdown)
                assert text and "{" not in text
    p = import_json(doc(answers={"meal": "[x](javascript:1)"}), content).problems[0]
    assert "](javascript" not in describe(p, content.messages["en"], inert=escape_markdown)


@settings(max_examples=80, deadline=None)
@given(answer_sets())
def test_any_valid_plan_round_trips(raw: dict[str, object]) -> None:
    answers, _ = clean_answers(CONTENT, raw)
    result = import_json(export_json("t", "nl", answers), CONTENT)
    assert result.ok and result.answers == answers
