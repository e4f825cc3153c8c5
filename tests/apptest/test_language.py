"""Issue 8, part 5 on screen: numbers typed and shown as a Dutch reader writes them,
refusals that name the question by its text, and the uploader's real limit."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from content.labels import question_text
from content.loader import default_content
from exchange import MAX_IMPORT_BYTES
from tests.apptest.test_pages import stored_answers, texts


def _number_question_with_decimals() -> tuple[int, str]:
    content = default_content()
    for index, rule in enumerate(content.rules):
        for q in rule.structure.questions:
            if q.kind == "number" and not float(q.step or 1).is_integer():
                return index, q.id
    raise AssertionError("no number question with decimals in the content")


def _open_rule(app: AppTest, index: int) -> None:
    app.button(key="new_plan").click().run()
    app.selectbox(key="rule_pick_nl").set_value(index).run()


def test_a_decimal_comma_is_a_decimal_comma(app: AppTest) -> None:
    index, qid = _number_question_with_decimals()
    _open_rule(app, index)
    box = next(w for w in app.text_input if w.key == f"q:{qid}")
    box.set_value("1,5").run()
    assert not app.exception
    assert stored_answers(app)[qid] == 1.5
    assert next(w for w in app.text_input if w.key == f"q:{qid}").value == "1,5"


def test_what_is_no_number_is_refused_in_dutch_naming_the_question(app: AppTest) -> None:
    index, qid = _number_question_with_decimals()
    _open_rule(app, index)
    next(w for w in app.text_input if w.key == f"q:{qid}").set_value("2,5").run()
    next(w for w in app.text_input if w.key == f"q:{qid}").set_value("drie uur").run()
    assert not app.exception
    page = texts(app)
    assert "geen getal" in page and question_text(default_content(), qid, "nl") in page
    assert qid not in page
    assert stored_answers(app)[qid] == 2.5  # unchanged, and shown again
    assert next(w for w in app.text_input if w.key == f"q:{qid}").value == "2,5"


def test_out_of_range_names_the_question_and_its_range_in_dutch(app: AppTest) -> None:
    index, qid = _number_question_with_decimals()
    q = next(q for r in default_content().rules for q in r.structure.questions if q.id == qid)
    _open_rule(app, index)
    next(w for w in app.text_input if w.key == f"q:{qid}").set_value("99,5").run()
    page = texts(app)
    assert "99,5" in page and question_text(default_content(), qid, "nl") in page
    assert f"{q.maximum:g}".replace(".", ",") in page and qid not in page
    assert qid not in stored_answers(app)


def test_the_uploader_says_vonks_own_limit(app: AppTest) -> None:
    uploader = app.get("file_uploader")[0]
    assert uploader.proto.max_upload_size_mb * 1_000_000 >= MAX_IMPORT_BYTES
    assert uploader.proto.max_upload_size_mb == -(-MAX_IMPORT_BYTES // 1_000_000)


def test_a_file_over_the_limit_is_refused_without_reading_it(app: AppTest) -> None:
    app.get("file_uploader")[0].set_value(
        ("plan.json", b" " * (MAX_IMPORT_BYTES + 1), "application/json")).run()
    assert not app.exception
    page = texts(app)
    assert "te groot" in page and "1 MB" in page


def test_weet_ik_niet_can_be_typed_in_a_number_field(app: AppTest) -> None:
    index, qid = _number_question_with_decimals()
    _open_rule(app, index)
    next(w for w in app.text_input if w.key == f"q:{qid}").set_value("weet ik niet").run()
    assert not app.exception
    assert stored_answers(app)[qid] == "unknown"


def _blocks_with(node: object, key: str) -> list[object]:
    """Every block of the page tree that holds the widget with this key."""
    found = []
    for child in getattr(node, "children", {}).values():
        if getattr(child, "key", None) == key:
            found.append(node)
        found += _blocks_with(child, key)
    return found


def _errors_in(node: object) -> list[str]:
    """The texts of the error boxes inside this block."""
    errors = [str(getattr(node, "value", ""))] if type(node).__name__ == "Error" else []
    for child in getattr(node, "children", {}).values():
        errors += _errors_in(child)
    return errors


def test_a_refused_number_is_explained_under_its_own_field(app: AppTest) -> None:
    """The reason sits in the question's own box, where the user typed, not at the
    top of the page far above (found by a new user: the field just jumped back)."""
    index, qid = _number_question_with_decimals()
    _open_rule(app, index)
    key = f"q:{qid}"
    for typed in ("99,5", "drie uur"):
        next(w for w in app.text_input if w.key == key).set_value(typed).run()
        box = _blocks_with(app._tree, key)[0]  # the question's bordered container
        assert any(question_text(default_content(), qid, "nl") in e for e in _errors_in(box)), \
            typed
    assert qid not in stored_answers(app)
