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


SCHEMA = ROOT / "schemas" / "assessment-v2.schema.json"


def test_committed_schema_is_the_generated_one(content: Content) -> None:
    """schemas/assessment-v2.schema.json is written by `python -m exchange.schema`
    from the content; a question or option changed without regenerating fails here."""
    assert json.loads(SCHEMA.read_text()) == json_schema(content)
    from exchange.schema import main
    assert main(["--check"]) == 0


def test_schema_lists_every_question_and_its_values(content: Content) -> None:
    props = json_schema(content)["properties"]["answers"]["properties"]
    assert set(props) == {q.id for r in content.rules for q in r.structure.questions}
    # Each answer: its values, or null for "not answered" (a blank template).
    answered = {qid: p["anyOf"][0] for qid, p in props.items()}
    assert all(p["anyOf"][1] == {"type": "null"} for p in props.values())
    assert answered["coordinator"]["enum"] == ["named_internal", "external", "unclear", "nobody",
                                               "unknown"]
    size = answered["group_size"]["anyOf"]  # a number in range, or "weet ik niet"
    assert size[0]["minimum"] == 2 and size[0]["maximum"] == 60
    assert size[1] == {"const": "unknown"}
    assert answered["drive"]["enum"] == [1, 2, 3, 4, 5, "unknown"]


def test_export_validates_against_the_schema(good_answers: Answers) -> None:
    schema = json.loads(SCHEMA.read_text())
    exported = json.loads(export_json("x", "nl", good_answers))
    assert exported["version"] == 2
    jsonschema.validate(exported, schema)
    for wrong in ({"coordinator": "named_person"}, {"nope": 1}, {"drive": 6},
                  {"co_design": ["none", "theme"]}, {"group_size": 61},
                  {"group_size": "veel"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({**exported, "answers": {**exported["answers"], **wrong}}, schema)


V1_PLAN = {
    "responsible": "named_person", "responsible_time": 4, "theme_concrete": 3, "location": 5,
    "call_contents": ["profile", "dates"], "hard_core": "core_with_newcomers",
    "fixed_in_advance": ["duration", "goals", "outcomes"], "coordinator": "named_internal",
    "group_size": 9,
}


def test_a_version_1_file_still_imports_converted(content: Content) -> None:
    """Version 1 used other ids and double-barrelled questions; its answers become
    today's: renamed options, split questions answered from the old answer, ticks of
    'what is fixed' as 'fixed', and nothing guessed for what was not ticked."""
    result = import_json(doc(answers=V1_PLAN), content)
    assert result.ok, result.problems
    assert result.answers == {
        "responsible": "named_internal", "responsible_time": 4, "responsible_mandate": 4,
        "theme_concrete": 3, "theme_inviting": 3, "location": 5, "facilities": 5,
        "call_contents": ["profile"], "hard_core": "core", "newcomers": "with_welcome",
        "fixed_goals": "fixed", "fixed_outcomes": "fixed", "coordinator": "named_internal",
        "group_size": 9}
    same_group = import_json(doc(answers={"hard_core": "same_group",
                                          "fixed_in_advance": ["unknown"],
                                          "call_contents": ["dates"]}), content)
    assert same_group.answers == {"hard_core": "core", "newcomers": "closed_group",
                                  "fixed_size": "unknown", "fixed_goals": "unknown",
                                  "fixed_outcomes": "unknown", "fixed_route": "unknown",
                                  "call_contents": ["none"]}
    # a version 2 file is not converted: there named_person is simply wrong
    assert "unknown_option" in codes(doc(version=2, answers={"responsible": "named_person"}),
                                     content)


def test_version_1_conversion_names_only_questions_and_options_that_exist(
        content: Content) -> None:
    from content.answer_history import history
    from scoring.answers import question_index
    index = question_index(content)
    for step in history():
        targets = [*(t for ts in step.copy_answers.values() for t in ts),
                   *(r.items.values() for r in step.multi_to_choices.values())]
        for qid, renames in step.rename_options.items():
            assert set(renames.values()) <= set(index[qid].option_ids)
        for mapping in step.split_choices.values():
            for answers in mapping.values():
                for qid, option in answers.items():
                    assert option in [*index[qid].option_ids, "unknown"]
        for rule in step.multi_to_choices.values():
            for qid in rule.items.values():
                assert rule.chosen in index[qid].option_ids
        flat = [t for t in targets if isinstance(t, str)]
        assert set(flat) <= set(index)


@pytest.mark.parametrize(("data", "code"), [
    (b"{not json", "not_json"),
    (b"\xff\xfe\x00garbage", "not_utf8"),
    (b"[1, 2, 3]", "not_object"),
    (json.dumps({"answers": {}}).encode(), "wrong_format"),
    (doc(version=3), "wrong_version"),
    (doc(version=True), "wrong_version"),
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
                text = describe(p, content, lang, inert=escape_markdown)
                assert text and "{" not in text
    p = import_json(doc(answers={"meal": "[x](javascript:1)"}), content).problems[0]
    assert "](javascript" not in describe(p, content, "en", inert=escape_markdown)


@settings(max_examples=80, deadline=None)
@given(answer_sets())
def test_any_valid_plan_round_trips(raw: dict[str, object]) -> None:
    answers, _ = clean_answers(CONTENT, raw)
    result = import_json(export_json("t", "nl", answers), CONTENT)
    assert result.ok and result.answers == answers


# ---------------------------------------------------------------- issue 7, item 3
# Regression tests: each of these failed (raised, or let unsafe text through) before
# text was cleaned at the boundary (content/text.py).
def with_answer(qid: str, literal: str) -> bytes:
    """A file whose answer is written as a raw JSON literal (json.dumps cannot write
    an integer of more than 4300 digits)."""
    return (b'{"format": "vonk-assessment", "version": 1, "answers": {"'
            + qid.encode() + b'": ' + literal.encode() + b"}}")


@pytest.mark.parametrize("digits", [400, 4300, 5000, 100_000])
@pytest.mark.parametrize("qid", ["group_size", "drive", "theme_text"])
def test_an_integer_of_hundreds_or_thousands_of_digits_is_refused_clearly(
        content: Content, qid: str, digits: int) -> None:
    """Was: ValueError from json.loads (over 4300 digits), OverflowError from
    scoring/answers.py (400 digits)."""
    for sign in ("", "-"):
        assert codes(with_answer(qid, sign + "9" * digits), content) == ["huge_number"]
    problem = import_json(with_answer(qid, "9" * digits), content).problems[0]
    for lang in ("nl", "en"):
        assert "{" not in describe(problem, content, lang)


def test_an_overflowing_float_is_out_of_range(content: Content) -> None:
    assert codes(with_answer("group_size", "1e400"), content) == ["out_of_range"]
    assert codes(with_answer("group_size", "-1e400"), content) == ["out_of_range"]
    assert codes(with_answer("group_size", "NaN"), content) == ["wrong_type"]


def test_a_lone_surrogate_never_gets_in_and_the_plan_exports(content: Content) -> None:
    """Was: accepted as it was; every page showing it crashed and JSON export failed."""
    data = json.dumps({"format": "vonk-assessment", "version": 1, "title": "A\ud800B",
                       "answers": {"theme_text": "x\udfffy\ud83d\ude00"}}).encode()
    result = import_json(data, content)
    assert result.ok and result.title == "AB"
    assert result.answers["theme_text"] == "xy\U0001f600"  # a real pair is kept, joined
    exported = export_json(result.title, "nl", result.answers)
    assert import_json(exported, content).answers == result.answers


@pytest.mark.parametrize(("title", "expected"), [
    ("a\x00b", "ab"), ("a\x01b\x7f\x9fc", "abc"), ("a\tb\r\nc\x0bd\x85e\u2028f", "a b c d e f"),
    ("\ufffe\U0010ffffx\ufdd0", "x"), ("e\u0301", "\u00e9"),
])
def test_control_characters_and_nul_never_survive_import(content: Content, title: str,
                                                         expected: str) -> None:
    """Was: kept, so XLSX export broke on them and PostgreSQL refused the NUL."""
    result = import_json(doc(title=title, answers={"theme_text": f"x{title}y"}), content)
    assert result.ok and result.title == expected
    assert result.answers["theme_text"] == f"x{expected}y"


def test_messages_about_a_file_carry_no_unsafe_text(content: Content) -> None:
    """Values quoted from the file in a problem (option, question id, field) are
    cleaned too: a message can always be encoded and shown."""
    bad = json.dumps({"format": "vonk-assessment", "version": 1, "title": "t",
                      "answers": {"meal": "\ud800\x00x", "q\udc80\x00": 1}}).encode()
    problems = import_json(bad, content).problems
    assert len(problems) == 2
    for p in problems:
        for lang in ("nl", "en"):
            describe(p, content, lang).encode("utf-8")
    junk = json.dumps({"format": "vonk-assessment", "version": 1,
                       "answers": {"group_size": {"\ud800\x00": 1}}}).encode()
    for p in import_json(junk, content).problems:
        describe(p, content, "en").encode("utf-8")
