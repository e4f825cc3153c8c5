"""Issue 8, parts 5 and 6: numbers in the reader's convention, problems that name
the question by its text and say what is valid, and a command line that tells the
whole story (steps, advice, tips, open questions) and writes a blank template."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from cli.score import main
from content.labels import megabytes, number, parse_number, problem_text, question_text
from content.models import UNKNOWN, Content, Question
from evaluation import evaluate
from exchange import describe, export_json, import_json
from exchange.schema import SCHEMA_FILE
from scoring.answers import check_answer, clean_answers
from tests.conftest import ready_plan


def _questions(content: Content, kind: str) -> list[Question]:
    return [q for r in content.rules for q in r.structure.questions if q.kind == kind]


def _doc(answers: dict[str, object]) -> bytes:
    return json.dumps({"format": "vonk-assessment", "version": 1, "language": "nl",
                       "answers": answers}).encode()


# --------------------------------------------------------------------- numbers
@pytest.mark.parametrize(("value", "nl", "en"), [
    (3.5, "3,5", "3.5"), (52.4, "52,4", "52.4"), (9, "9", "9"), (1250, "1.250", "1,250"),
    (26320.5, "26.320,5", "26,320.5"), (0.25, "0,25", "0.25")])
def test_numbers_are_written_as_the_reader_writes_them(value: float, nl: str, en: str) -> None:
    assert number(value, "nl") == nl and number(value, "en") == en


def test_file_sizes_in_mb() -> None:
    assert megabytes(52_400_000, "nl") == "52,4 MB"
    assert megabytes(1_000_000, "en") == "1.0 MB"


@pytest.mark.parametrize(("typed", "lang", "value"), [
    ("1,5", "nl", 1.5), ("1.5", "nl", 1.5), ("3,5", "nl", 3.5), (" 12 ", "nl", 12.0),
    ("1.250", "nl", 1250.0), ("1.250,5", "nl", 1250.5), ("1.5", "en", 1.5),
    ("1,250", "en", 1250.0), ("−2,5", "nl", -2.5), ("0,25", "nl", 0.25)])
def test_typed_numbers_are_read_in_the_readers_convention(typed: str, lang: str,
                                                          value: float) -> None:
    assert parse_number(typed, lang) == value


@pytest.mark.parametrize("typed", ["", "abc", "1,2,3", "3 uur", "1,5.2", "--1", "."])
def test_what_is_no_number_is_refused(typed: str) -> None:
    assert parse_number(typed, "nl") is None


def test_a_file_just_over_the_limit_says_by_how_much(content: Content) -> None:
    from exchange import MAX_IMPORT_BYTES

    problem = import_json(b" " * (MAX_IMPORT_BYTES + 50_000), content).problems[0]
    text = describe(problem, content, "nl")
    assert number((MAX_IMPORT_BYTES + 50_000) / 1e6, "nl") in text  # "1,05"
    assert f"hooguit {number(MAX_IMPORT_BYTES / 1e6, 'nl')} MB" in text


def test_a_number_answer_is_shown_with_a_decimal_comma(content: Content) -> None:
    from content.labels import answer_label

    rule = next(r for r in content.rules for q in r.structure.questions
                if q.kind == "number" and not float(q.step or 1).is_integer())
    q = next(q for q in rule.structure.questions if q.kind == "number")
    assert answer_label(content, q, rule.texts["nl"].questions[q.id], 3.5, "nl") == "3,5"
    assert answer_label(content, q, rule.texts["en"].questions[q.id], 3.5, "en") == "3.5"


# --------------------------------------------------------------------- problems
def test_unknown_is_accepted_for_number_questions(content: Content) -> None:
    for q in _questions(content, "number"):
        assert check_answer(q, UNKNOWN) == (UNKNOWN, None)
    q = _questions(content, "number")[0]
    result = import_json(_doc({q.id: "unknown"}), content)
    assert result.ok and result.answers == {q.id: UNKNOWN}
    evaluate(content, result.answers, "nl")  # scores without a number


def test_problems_name_the_question_by_its_text_and_say_what_is_valid(
        content: Content) -> None:
    choice = _questions(content, "choice")[0]
    num = next(q for q in _questions(content, "number") if q.minimum != int(q.minimum or 0)
               or not float(q.step or 1).is_integer())
    result = import_json(_doc({choice.id: "nope", num.id: 99.5}), content)
    for lang in ("nl", "en"):
        lines = [describe(p, content, lang) for p in result.problems]
        choice_line = next(line for line in lines if "nope" in line)
        assert question_text(content, choice.id, lang) in choice_line
        assert f'"{choice.id}"' not in choice_line
        assert all(o in choice_line for o in choice.option_ids)
        range_line = next(line for line in lines if question_text(content, num.id, lang) in line)
        assert number(num.minimum or 0, lang) in range_line
        assert number(99.5, lang) in range_line
    nl_range = next(describe(p, content, "nl") for p in result.problems
                    if p.answer_problem and p.answer_problem.question_id == num.id)
    assert "99,5" in nl_range and "99.5" not in nl_range


def test_a_misspelt_question_id_gets_a_suggestion(content: Content) -> None:
    q = _questions(content, "number")[0]
    misspelt = q.id[:-1] + ("x" if q.id[-1] != "x" else "y")
    _, problems = clean_answers(content, {misspelt: 3, "completely_unrelated_zzz": 1})
    texts = [problem_text(content, "en", p.code, p.question_id, p.detail) for p in problems]
    assert f'Did you mean "{q.id}"' in texts[0] and question_text(content, q.id, "en") in texts[0]
    assert "Did you mean" not in texts[1]


def test_a_misspelt_option_gets_a_suggestion(content: Content) -> None:
    choice = _questions(content, "choice")[0]
    option = choice.option_ids[0]
    _, problems = clean_answers(content, {choice.id: option + "x"})
    text = problem_text(content, "nl", problems[0].code, problems[0].question_id,
                        problems[0].detail)
    assert f'Bedoelt u "{option}"?' in text and question_text(content, choice.id, "nl") in text


def test_file_fields_are_explained_in_the_users_language(content: Content) -> None:
    doc = {"format": "vonk-assessment", "version": 1, "language": "de", "title": "x" * 5000,
           "extra": 1, "answers": {"group_size": {"a": 1}}}
    result = import_json(json.dumps(doc).encode(), content)
    lines = list(dict.fromkeys(describe(p, content, "nl") for p in result.problems))
    text = "\n".join(lines)
    for english in ("Input should", "String should", "Extra inputs", " or "):
        assert english not in text
    assert '"language" moet een van deze zijn: \'nl\', \'en\'' in text
    from content.models import PlanFields, max_length

    assert f"hooguit {max_length(PlanFields, 'title')} tekens" in text
    assert '"extra" hoort niet' in text
    assert sum(question_text(content, "group_size", "nl") in line for line in lines) == 1


def test_wrong_type_says_what_is_expected(content: Content) -> None:
    multi = _questions(content, "multi")[0]
    _, problems = clean_answers(content, {multi.id: 5})
    text = problem_text(content, "nl", problems[0].code, problems[0].question_id,
                        problems[0].detail)
    assert "verwacht wordt een lijst" in text and multi.option_ids[0] in text


# --------------------------------------------------------------------- command line
def test_text_output_tells_the_whole_story(tmp_path: Path, content: Content,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    # Every statement answered "helemaal oneens": advice, steps and tips to show.
    answers = {**ready_plan(), **{q.id: 1 for q in _questions(content, "scale")}}
    dropped = list(answers)[:3]
    for qid in dropped:
        del answers[qid]
    path = tmp_path / "plan.json"
    path.write_bytes(export_json("CLI", "nl", answers))
    assert main([str(path)]) == 0
    out = capsys.readouterr().out
    ev = evaluate(content, import_json(path.read_bytes(), content).answers, "nl")
    m = content.messages["nl"]
    assert ev.guidance.next_steps and ev.guidance.tips and ev.guidance.all_advice()
    assert m["result.next_steps"] in out and m["result.unanswered"] in out
    for step in ev.guidance.next_steps:
        assert step.text in out
    for advice in ev.guidance.all_advice():
        assert advice.step in out
    for tip in ev.guidance.tips:
        assert tip.text in out
    for qid in dropped:
        assert question_text(content, qid, "nl") in out


def test_json_output_tells_the_same_story(tmp_path: Path, content: Content,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    answers = {k: v for k, v in ready_plan().items() if k != "coordinator"}
    path = tmp_path / "plan.json"
    path.write_bytes(export_json("CLI", "en", answers))
    assert main([str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    ev = evaluate(content, answers, "en")
    assert [s["text"] for s in out["next_steps"]] == [s.text for s in ev.guidance.next_steps]
    assert [a["advice"] for a in out["advice"]] == [a.advice_id for a in ev.guidance.all_advice()]
    assert [t["tip"] for t in out["tips"]] == [t.tip_id for t in ev.guidance.tips]
    assert [u["question"] for u in out["unanswered"]] == ["coordinator"]
    assert out["unanswered"][0]["text"] == question_text(content, "coordinator", "en")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_template_lists_every_question_and_imports_back(
        tmp_path: Path, content: Content, lang: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--template", "--lang", lang]) == 0
    raw = capsys.readouterr().out
    data = json.loads(raw)
    every = [q for r in content.rules for q in r.structure.questions]
    assert list(data["answers"]) == [q.id for q in every]
    for q in every:
        guide = data["questions"][q.id]
        assert guide["type"] == q.kind and guide["text"] == question_text(content, q.id, lang)
        if q.kind in ("choice", "multi"):
            assert set(q.option_ids) <= set(guide["options"])
        if q.kind == "number":
            assert guide["range"] == [q.minimum, q.maximum]
    result = import_json(raw.encode(), content)
    assert result.ok and result.answers == {} and result.language == lang
    # The committed JSON Schema accepts the blank template (editors validate with it).
    jsonschema.validate(data, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    # Filled in by hand, it scores.
    q = _questions(content, "number")[0]
    data["answers"][q.id] = q.maximum
    path = tmp_path / "filled.json"
    path.write_text(json.dumps(data))
    assert main([str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["answered"] >= 1


def test_template_or_file_not_both(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main([])
    assert stopped.value.code == 2
    assert "--template" in capsys.readouterr().err


# --------------------------------------------------------------------- wording
UI = Path(__file__).resolve().parents[2] / "content" / "ui"


@pytest.mark.parametrize(("lang", "slip"), [
    ("nl", "omdat:"), ("nl", "Maak huidig"), ("nl", "dekt de adviezen"),
    ("nl", "inhoudelijk trekker"), ("nl", "vertrouwelijkheid"), ("nl", "vaste kern"),
    ("nl", "er te weinig is beantwoord"),
    ("en", "professional room"), ("en", "reunion"), ("en", "guide's"), ("en", "Guide"),
    ("en", "the guide"), ("en", "because:"), ("en", "Make current")])
def test_interface_texts_have_none_of_the_known_slips(lang: str, slip: str) -> None:
    assert slip not in (UI / f"{lang}.yaml").read_text(encoding="utf-8")


def test_dutch_interface_says_u_never_je() -> None:
    import re

    text = (UI / "nl.yaml").read_text(encoding="utf-8")
    assert not re.search(r"\b(je|jij|jou|jouw|jullie)\b", text, re.IGNORECASE)


# --------------------------------------------------------------------- Streamlit's strings
def test_every_streamlit_string_has_a_text_in_both_languages(content: Content) -> None:
    import re

    from ui.streamlit_text import STRINGS, streamlit_text_script, translations

    for lang in ("nl", "en"):
        rules = translations(content.messages[lang], {"limit": "1 MB"})
        assert len(rules) == len(STRINGS)
        for s, rule in zip(STRINGS, rules, strict=True):
            groups = set(re.findall(r"\(\?<(\w+)>", s.pattern))
            slots = set(re.findall(r"\$<(\w+)>", str(rule["to"])))
            assert slots <= groups, (s.name, slots - groups)  # every slot is filled
            assert s.pattern.startswith("^") and s.pattern.endswith("$")
        script = streamlit_text_script(content.messages[lang], {"limit": "1 MB"})
        # st.html's sanitizer drops a script with "<" before a letter or "/" inside
        assert "<" not in script.removeprefix("<script>").removesuffix("</script>")
    nl = {r["pattern"]: r["to"] for r in translations(content.messages["nl"], {"limit": "1 MB"})}
    assert nl[r"^Press Enter to apply$"] == content.messages["nl"]["streamlit.press_enter"]
    assert nl[r"^(?<size>[\d.]+)(?<unit>[KMG]?B) per file$"] == "Hooguit 1 MB per bestand"
