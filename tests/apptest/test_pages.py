"""AppTest for every page: start, scan (wizard), results, handreiking; language
switch; resume; import of good and bad files; tampered links."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from exchange import export_json
from storage import PlanStore, database_url
from tests.apptest.conftest import ROOT
from tests.apptest.helpers import answer_current_rule, answer_everything
from tests.conftest import ready_plan


def stored_answers(at: AppTest) -> dict[str, object]:
    token = at.session_state["plan_token"]
    store = PlanStore(database_url())
    try:
        return store.answers(token)
    finally:
        store.dispose()


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in at.title] + \
        [e.value for e in at.header] + [e.value for e in at.subheader] + \
        [str(e.body) for e in (*at.error, *at.warning, *at.info, *at.success)] + \
        [e.value for e in at.caption]
    return "\n".join(str(p) for p in parts)


# ------------------------------------------------------------------------ start
def test_start_page_explains_vonk_in_dutch(app: AppTest) -> None:
    assert app.title[0].value == "Vonk"
    assert "lerend netwerk" in texts(app)
    assert app.button(key="new_plan").label == "Nieuwe scan starten"


def test_language_switch_to_english(app: AppTest) -> None:
    app.get("button_group")[0].set_value("en").run()
    assert app.button(key="new_plan").label == "Start a new scan"
    assert "learning network" in texts(app)
    assert app.query_params.get("lang") == ["en"] or app.session_state["lang"] == "en"


def test_english_from_the_url() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["lang"] = "en"
    at.run()
    assert at.button(key="new_plan").label == "Start a new scan"


def test_bad_language_in_url_falls_back_to_dutch() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["lang"] = "<script>"
    at.run()
    assert not at.exception
    assert at.button(key="new_plan").label == "Nieuwe scan starten"


# ------------------------------------------------------------------------ scan
def test_new_scan_creates_a_plan_and_opens_rule_one(app: AppTest) -> None:
    app.button(key="new_plan").click().run()
    assert app.session_state["plan_token"]
    assert app.header[0].value.startswith("Regel 1 van 10")


def test_answers_are_saved_immediately(app: AppTest) -> None:
    app.button(key="new_plan").click().run()
    answer_current_rule(app, {"responsible": "named_internal", "responsible_time": 4})
    assert stored_answers(app) == {"responsible": "named_internal", "responsible_time": 4}


def test_first_answer_without_start_creates_a_plan() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.switch_page("pages/scan.py").run()
    assert "plan_token" not in at.session_state
    answer_current_rule(at, {"responsible": "nobody"})
    assert stored_answers(at) == {"responsible": "nobody"}


def test_back_forward_and_jump_keep_answers(app: AppTest) -> None:
    app.button(key="new_plan").click().run()
    answer_current_rule(app, {"responsible": "named_internal"})
    app.button(key="next_rule").click().run()
    assert app.header[0].value.startswith("Regel 2")
    app.selectbox(key="rule_pick_nl").set_value(5).run()
    assert app.header[0].value.startswith("Regel 6")
    answer_current_rule(app, {"group_size": 9})
    app.button(key="prev_rule").click().run()
    assert app.header[0].value.startswith("Regel 5")
    app.selectbox(key="rule_pick_nl").set_value(0).run()
    radio = next(r for r in app.radio if r.key == "q:responsible")
    assert radio.value == "named_internal"
    app.selectbox(key="rule_pick_nl").set_value(5).run()
    assert next(n for n in app.text_input if n.key == "q:group_size").value == "9"


def test_multi_none_of_these_is_exclusive(app: AppTest) -> None:
    app.button(key="new_plan").click().run()
    app.selectbox(key="rule_pick_nl").set_value(8).run()
    pills = next(b for b in app.get("button_group") if b.key == "q:co_design")
    pills.set_value(["theme", "programme"]).run()
    assert stored_answers(app)["co_design"] == ["theme", "programme"]
    pills = next(b for b in app.get("button_group") if b.key == "q:co_design")
    pills.set_value(["theme", "programme", "none"]).run()
    assert stored_answers(app)["co_design"] == ["none"]


def test_progress_is_shown(app: AppTest) -> None:
    app.button(key="new_plan").click().run()
    answer_current_rule(app, {"responsible": "named_internal", "follow_up": "planned_date"})
    bar = app.get("progress")[0]
    from content import default_content
    total = sum(len(r.structure.questions) for r in default_content().rules)
    assert f"2 van {total}" in bar.proto.text


def test_html_in_free_text_is_stored_as_typed_and_shown_as_text(app: AppTest) -> None:
    app.button(key="new_plan").click().run()
    evil = "<script>alert('x')</script>"
    app.text_input(key="title_input").set_value(evil).run()
    app.selectbox(key="rule_pick_nl").set_value(4).run()
    answer_current_rule(app, {"theme_text": evil})
    assert stored_answers(app)["theme_text"] == evil
    app.switch_page("pages/resultaat.py").run()
    assert "<script>" not in app.title[0].value
    assert "&lt;script&gt;" in app.title[0].value


# ------------------------------------------------------------------------ results
def test_complete_scan_then_results(app: AppTest) -> None:
    app.button(key="new_plan").click().run()
    answers = {**ready_plan(), "coordinator": "nobody", "group_size": 14, "hard_core": "no_core"}
    answer_everything(app, answers)
    assert app.button(key="to_result")
    assert stored_answers(app) == {k: v for k, v in answers.items()}
    app.switch_page("pages/resultaat.py").run()
    assert not app.exception
    page = texts(app)
    assert "Nog niet klaar" in page
    assert "Er is geen coördinator" in page
    assert "Grote groep zonder harde kern" in page
    assert "Uw eerste drie stappen" in page
    charts = app.get("plotly_chart")
    assert len(charts) == 2
    spec = json.loads(charts[0].proto.spec)
    assert len(spec["data"][-1]["r"]) == 11
    assert charts[0].proto.alt if hasattr(charts[0].proto, "alt") else True
    table = next(m.value for m in app.markdown if m.value.startswith("| Regel | Score |"))
    assert "| 8. Zorg voor een goede rolverdeling |" in table and table.count("\n") == 11
    assert len(app.get("download_button")) == 3


def test_results_without_answers_point_to_the_scan(app: AppTest) -> None:
    app.switch_page("pages/resultaat.py").run()
    assert "nog geen vragen beantwoord" in texts(app)


def test_results_in_english(app: AppTest) -> None:
    app.get("button_group")[0].set_value("en").run()
    app.button(key="new_plan").click().run()
    answer_everything(app, ready_plan())
    app.switch_page("pages/resultaat.py").run()
    page = texts(app)
    assert "Ready to start" in page and "Why this score" in page
    assert next(e.label for e in app.expander).startswith("1. Make someone responsible")


# ------------------------------------------------------------------------ resume
def test_resume_by_url_restores_everything(app: AppTest) -> None:
    app.button(key="new_plan").click().run()
    answer_current_rule(app, {"responsible": "shared_group", "responsible_time": 2})
    token = app.session_state["plan_token"]
    fresh = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)  # a refresh
    fresh.query_params["plan"] = token
    fresh.run()
    assert fresh.session_state["plan_token"] == token
    fresh.switch_page("pages/scan.py").run()
    radio = next(r for r in fresh.radio if r.key == "q:responsible")
    assert radio.value == "shared_group"


def test_resume_by_pasted_link(app: AppTest) -> None:
    app.button(key="new_plan").click().run()
    answer_current_rule(app, {"responsible": "unclear"})
    token = app.session_state["plan_token"]
    fresh = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    fresh.run()
    fresh.text_input(key="resume_input").set_value(f"http://x/scan?plan={token}&lang=nl")
    fresh.button[[b.label for b in fresh.button].index("Plan openen")].click().run()
    assert fresh.session_state["plan_token"] == token


@pytest.mark.parametrize("pasted", ["nonsense", "http://x/scan?plan=AAAAAAAAAAAAAAAAAAAAAAAA",
                                    "'; DROP TABLE plans; --"])
def test_resume_with_unknown_code_says_so(app: AppTest, pasted: str) -> None:
    app.text_input(key="resume_input").set_value(pasted)
    app.button[[b.label for b in app.button].index("Plan openen")].click().run()
    assert "kennen we niet" in texts(app)
    assert "plan_token" not in app.session_state


def test_tampered_link_is_refused_and_loses_nothing(app: AppTest) -> None:
    app.button(key="new_plan").click().run()
    answer_current_rule(app, {"responsible": "named_internal"})
    fresh = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    fresh.query_params["plan"] = app.session_state["plan_token"][:-3] + "zzz"
    fresh.run()
    assert not fresh.exception
    assert "hoort niet bij een bekend plan" in texts(fresh)
    assert "plan_token" not in fresh.session_state
    assert stored_answers(app) == {"responsible": "named_internal"}


# ------------------------------------------------------------------------ import
def test_import_good_file_makes_a_new_plan(app: AppTest) -> None:
    app.button(key="new_plan").click().run()
    answer_current_rule(app, {"responsible": "nobody"})
    old_token = app.session_state["plan_token"]
    app.switch_page("pages/start.py").run()
    data = export_json("Geïmporteerd", "nl", ready_plan())
    app.get("file_uploader")[0].set_value(("plan.json", data, "application/json")).run()
    assert not app.exception
    assert app.session_state["plan_token"] != old_token
    assert "ingelezen als nieuw plan" in texts(app)
    assert stored_answers(app) == ready_plan()
    old = PlanStore(database_url())
    assert old.answers(old_token) == {"responsible": "nobody"}  # untouched
    old.dispose()


@pytest.mark.parametrize(("data", "message"), [
    (b"{broken", "geen geldige JSON"),
    (json.dumps({"format": "vonk-assessment", "version": 3, "answers": {}}).encode(),
     "versie 3"),
    (json.dumps({"format": "vonk-assessment", "version": 1,
                 "answers": {"group_size": "veel"}}).encode(), "niet de goede vorm"),
    (json.dumps({"format": "vonk-assessment", "version": 1,
                 "answers": {"bogus_question": 1}}).encode(), "Vonk kent geen vraag"),
    (b"x" * 2_000_000, "te groot"),
])
def test_import_bad_file_explains_and_changes_nothing(app: AppTest, data: bytes,
                                                      message: str) -> None:
    app.button(key="new_plan").click().run()
    answer_current_rule(app, {"responsible": "named_internal"})
    token = app.session_state["plan_token"]
    app.switch_page("pages/start.py").run()
    app.get("file_uploader")[0].set_value(("plan.json", data, "application/json")).run()
    assert not app.exception
    page = texts(app)
    assert "kunnen we niet inlezen" in page and message in page
    assert app.session_state["plan_token"] == token
    assert stored_answers(app) == {"responsible": "named_internal"}


# ------------------------------------------------------------------------ handreiking
def test_handreiking_lists_ten_rules_and_tips(app: AppTest) -> None:
    app.switch_page("pages/handreiking.py").run()
    headers = [h.value for h in app.header]
    assert sum(h.startswith("Regel ") for h in headers) == 10
    assert "Tips uit de praktijk" in headers  # interviews and summary
    assert "Handreiking, paragraaf: maak iemand verantwoordelijk" in texts(app)


def test_questions_only_known_after_the_start_say_so(app: AppTest) -> None:
    """Whether participants have drive, or a hard core forms, an initiator can only
    expect before the start: the scan says so under exactly those questions."""
    from content import default_content
    content = default_content()
    app.button(key="new_plan").click().run()
    for index, rule in enumerate(content.rules):
        app.selectbox(key="rule_pick_nl").set_value(index).run()
        notes = [c.value for c in app.caption if "Dit weet u pas zeker" in c.value]
        expected = [q.id for q in rule.structure.questions if not q.known_before_start]
        assert len(notes) == len(expected), rule.id
    assert any(not q.known_before_start for r in content.rules for q in r.structure.questions)


def test_saved_at_is_on_the_users_clock_not_the_servers(app: AppTest) -> None:
    """The server runs on UTC; a Dutch user reads "opgeslagen om" on Dutch time
    (the browser's zone, Europe/Amsterdam when the browser does not say)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    app.button(key="new_plan").click().run()
    before = datetime.now(ZoneInfo("Europe/Amsterdam"))
    answer_current_rule(app, {"responsible": "named_internal"})
    after = datetime.now(ZoneInfo("Europe/Amsterdam"))
    shown = {before.strftime("%H:%M"), after.strftime("%H:%M")}
    captions = [c.value for c in app.caption if "opgeslagen om" in c.value.lower()]
    assert captions and any(minute in captions[0] for minute in shown), (captions, shown)
