"""The results page with few answers (no score, no all-clear), the caps explained
on screen, open critical points, fewer steps explained and the list of all advice."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.apptest.helpers import answer_current_rule, answer_everything
from tests.apptest.test_pages import texts
from tests.conftest import ready_plan


def answer_in_rule(app: AppTest, rule_number: int, answers: dict[str, object]) -> None:
    app.selectbox(key="rule_pick_nl").set_value(rule_number - 1).run()  # by index
    answer_current_rule(app, answers)


def overall_line(app: AppTest) -> str:
    boxes = [str(e.body) for e in (*app.error, *app.warning, *app.info, *app.success)]
    return next(b for b in boxes if b.startswith("### "))


def test_two_answers_show_no_score_and_no_all_clear(app: AppTest) -> None:
    app.button(key="new_plan").click().run()
    answer_in_rule(app, 6, {"group_size": 9})
    answer_in_rule(app, 7, {"meal": "shared_meal"})
    app.switch_page("pages/resultaat.py").run()
    assert not app.exception
    page = texts(app)
    assert overall_line(app) == "### Nog geen oordeel"
    assert "totaalscore" not in overall_line(app) and "100" not in overall_line(app)
    assert "geen botsende keuzes" not in page
    assert "Nog te weinig beantwoord om botsende keuzes uit te sluiten" in page
    # The critical roles are open points, with their first step, not a verdict.
    assert "Open kritieke punten" in page and "Blokkades" not in page
    assert "Open kritiek punt: wie is verantwoordelijk?" in page
    assert "1. Wie is verantwoordelijk? Regel dit eerst" in page


def test_one_blocking_answer_decides_without_a_score(app: AppTest) -> None:
    app.button(key="new_plan").click().run()
    answer_current_rule(app, {"responsible": "nobody"})
    app.switch_page("pages/resultaat.py").run()
    line = overall_line(app)
    assert line == "### Nog niet klaar · nog geen totaalscore"
    page = texts(app)
    assert "dit punt bepaalt het oordeel al" in page
    assert "blokkade bij regel 1: Niemand is verantwoordelijk" in page
    assert "geen botsende keuzes" not in page


def test_a_capped_band_is_explained_and_all_advice_is_listed(app: AppTest) -> None:
    app.button(key="new_plan").click().run()
    plan = {**ready_plan(), "group_size": 12, "hard_core": "no_core", "meal": "nothing"}
    answer_everything(app, plan)
    app.switch_page("pages/resultaat.py").run()
    assert not app.exception
    page = texts(app)
    assert overall_line(app).startswith("### Bijna klaar · totaalscore")
    assert 'De totaalscore alleen zou uitkomen op "Klaar om te starten"' in page
    assert "ernstige botsing in de ontwerpcheck: Grote groep zonder harde kern" in page
    labels = [e.label for e in app.expander]
    assert any(label.startswith("Alle adviezen op een rij (") for label in labels)
    assert "(regel 7): " in page  # the meal advice in the list, with its rule


def test_open_point_in_english(app: AppTest) -> None:
    app.get("button_group")[0].set_value("en").run()
    app.button(key="new_plan").click().run()
    answer_everything(app, {k: v for k, v in ready_plan().items() if k != "coordinator"})
    app.switch_page("pages/resultaat.py").run()
    page = texts(app)
    assert overall_line(app).startswith("### Almost ready · overall score")
    assert "Open critical points" in page
    assert 'Open critical point: who is the coordinator? (rule 8, at most "Almost ready")' in page
    assert "Who coordinates? Settle this first" in page


def test_a_vague_owner_shows_as_a_blocker_on_its_rule(app: AppTest) -> None:
    app.button(key="new_plan").click().run()
    answer_everything(app, {**ready_plan(), "responsible": "unclear"})
    app.switch_page("pages/resultaat.py").run()
    page = texts(app)
    assert overall_line(app).startswith("### Nog niet klaar · totaalscore")
    assert "Nog niet duidelijk wie verantwoordelijk is" in page
    label = next(e.label for e in app.expander if e.label.startswith("1. "))
    assert label.endswith("(Nog niet klaar)")
    assert 'Het oordeel over deze regel is "Nog niet klaar", hoe hoog de score ook is, zolang ' \
           "dit speelt: Nog niet duidelijk wie verantwoordelijk is." in page
    assert "1. Wie is verantwoordelijk? Regel dit eerst: maak met naam duidelijk" in page


def test_page_pieces_are_made_once_per_result_and_dropped_with_it() -> None:
    """The results page's texts and figures are made once per result object and
    key (the language), again for another result, and forgotten with the result."""
    import gc

    from ui import results_view

    class Result:  # stands in for a frozen part of an Evaluation
        pass

    made: list[str] = []

    def build(name: str) -> str:
        made.append(name)
        return name.upper()

    first, second = Result(), Result()
    assert results_view.once_per(first, ("x", "nl"), lambda: build("a")) == "A"
    assert results_view.once_per(first, ("x", "nl"), lambda: build("b")) == "A"
    assert results_view.once_per(first, ("x", "en"), lambda: build("c")) == "C"
    assert results_view.once_per(second, ("x", "nl"), lambda: build("d")) == "D"
    assert made == ["a", "c", "d"]
    ident = id(first)
    del first
    gc.collect()
    assert ident not in results_view._PIECES
