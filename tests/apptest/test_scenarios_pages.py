"""AppTest for the scenario and comparison pages."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from storage import PlanStore, database_url
from tests.apptest.conftest import ROOT
from tests.apptest.helpers import answer_everything, open_rates
from tests.apptest.test_pages import texts
from tests.conftest import ready_plan


def store() -> PlanStore:
    return PlanStore(database_url())


def with_full_plan(app: AppTest) -> str:
    app.button(key="new_plan").click().run()
    answer_everything(app, ready_plan())
    return str(app.session_state["workspace"])


def test_scenarios_page_without_plan(app: AppTest) -> None:
    app.switch_page("pages/scenarios.py").run()
    assert "nog geen plan" in texts(app)


def test_duplicate_rename_note_and_edit_a_copy(app: AppTest) -> None:
    workspace = with_full_plan(app)
    original = app.session_state["plan_token"]
    app.switch_page("pages/scenarios.py").run()
    app.button(key=f"dup:{original}").click().run()
    assert not app.exception
    s = store()
    copies = [p for p in s.scenarios(workspace) if p.token != original]
    assert len(copies) == 1 and copies[0].answers == ready_plan()
    copy = copies[0].token
    # The new copy is the current scenario and the one the overview edits.
    assert app.session_state["plan_token"] == copy
    assert app.selectbox(key=f"edit_target:{workspace}").value == copy
    app.text_input(key=f"name:{copy}").set_value("14 deelnemers").run()
    app.text_area(key=f"note:{copy}").set_value("met externe begeleider").run()
    size = next(n for n in app.text_input if n.key == f"edit:{copy}:group_size")
    size.set_value("14").run()
    again = s.get(copy)
    assert again is not None and again.title == "14 deelnemers"
    assert again.note == "met externe begeleider" and again.answers["group_size"] == 14
    assert s.get(original).answers["group_size"] == 9  # type: ignore[union-attr]
    s.dispose()


def test_the_overview_edits_a_scenario_that_is_not_current(app: AppTest) -> None:
    workspace = with_full_plan(app)
    original = app.session_state["plan_token"]
    s = store()
    other = s.duplicate(original, "Veertien")
    app.switch_page("pages/scenarios.py").run()
    assert app.session_state["plan_token"] == original
    app.selectbox(key=f"edit_target:{workspace}").set_value(other.token).run()
    assert 'Alle antwoorden van "Veertien"' in texts(app)
    size = next(n for n in app.text_input if n.key == f"edit:{other.token}:group_size")
    assert size.value == "9"
    size.set_value("14").run()
    assert not app.exception
    assert s.get(other.token).answers["group_size"] == 14  # type: ignore[union-attr]
    assert s.get(original).answers["group_size"] == 9  # type: ignore[union-attr]
    assert app.session_state["plan_token"] == original  # still the current one
    s.dispose()


def test_delete_asks_first_and_can_be_undone(app: AppTest) -> None:
    workspace = with_full_plan(app)
    original = app.session_state["plan_token"]
    app.switch_page("pages/scenarios.py").run()
    app.button(key=f"dup:{original}").click().run()
    s = store()
    copy = next(p.token for p in s.scenarios(workspace) if p.token != original)
    app.button(key=f"del:{copy}").click().run()
    assert "verwijderen?" in texts(app)
    assert len(s.scenarios(workspace)) == 2  # nothing deleted yet
    app.button(key=f"no:{copy}").click().run()
    app.button(key=f"del:{copy}").click().run()
    app.button(key=f"yes:{copy}").click().run()
    assert [p.token for p in s.scenarios(workspace)] == [original]
    app.button(key=f"restore:{copy}").click().run()
    assert len(s.scenarios(workspace)) == 2
    s.dispose()


def test_last_scenario_cannot_be_deleted(app: AppTest) -> None:
    with_full_plan(app)
    app.switch_page("pages/scenarios.py").run()
    token = app.session_state["plan_token"]
    assert app.button(key=f"del:{token}").disabled


def test_compare_two_scenarios(app: AppTest) -> None:
    workspace = with_full_plan(app)
    original = app.session_state["plan_token"]
    s = store()
    s.update(original, title="Acht")
    copy = s.duplicate(original, "Veertien")
    s.save_answer(copy.token, "group_size", 14)
    s.save_answer(copy.token, "hard_core", "no_core")
    s.save_answer(copy.token, "coordinator", "nobody")
    app.switch_page("pages/vergelijk.py").run()
    assert not app.exception, app.exception
    page = texts(app)
    assert "Acht is klaar om te starten; Veertien is nog niet klaar" in page
    assert "er is geen coördinator" in page
    assert "▼" in page and "Totale kosten" in page
    assert len(app.get("plotly_chart")) == 1
    assert len(app.get("download_button")) == 3
    assert [p.token for p in s.scenarios(workspace)] == [original, copy.token]
    s.dispose()


def test_compare_rates_change_the_estimate(app: AppTest) -> None:
    with_full_plan(app)
    s = store()
    s.duplicate(app.session_state["plan_token"], "Kopie")
    s.dispose()
    open_rates(app.switch_page("pages/vergelijk.py").run())
    before = texts(app)
    app.text_input(key=f"rate:{app.session_state['workspace']}:internal_rate"
                   ).set_value("100").run()
    assert texts(app) != before


def test_every_rate_input_takes_its_largest_allowed_value(app: AppTest) -> None:
    """The inputs' bounds are the model's: the largest value the screen allows is
    never refused afterwards (it used to allow 10,000 for a meal capped at 1,000)."""
    from content.labels import number
    from content.models import InvestmentRates, bounds

    with_full_plan(app)
    s = store()
    s.duplicate(app.session_state["plan_token"], "Kopie")
    s.dispose()
    open_rates(app.switch_page("pages/vergelijk.py").run())
    for field in InvestmentRates.model_fields:
        widget = app.text_input(key=f"rate:{app.session_state['workspace']}:{field}")
        low, high = bounds(InvestmentRates, field)
        assert widget.help == f"Een getal van {number(low, 'nl')} tot en met {number(high, 'nl')}."
        widget.set_value(number(high, "nl")).run()
        assert not app.exception, (field, app.exception)
        assert not app.error, (field, [e.value for e in app.error])
    assert "€" in texts(app)


def test_compare_needs_two(app: AppTest) -> None:
    with_full_plan(app)
    app.switch_page("pages/vergelijk.py").run()
    assert "ten minste twee scenario's" in texts(app)


def test_two_tabs_on_the_same_answer(app: AppTest) -> None:
    from tests.apptest.conftest import ROOT
    from tests.apptest.helpers import answer_current_rule

    app.button(key="new_plan").click().run()
    answer_current_rule(app, {"responsible": "named_internal"})
    other = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)  # a second tab
    other.query_params["plan"] = app.session_state["plan_token"]
    other.run()
    other.switch_page("pages/scan.py").run()
    answer_current_rule(app, {"responsible": "shared_group"})  # tab 1 changes it
    answer_current_rule(other, {"responsible": "nobody"})  # tab 2 never saw that
    assert "in een ander venster gewijzigd" in texts(other)
    assert next(r for r in other.radio if r.key == "q:responsible").value == "shared_group"
    s = store()
    assert s.answers(app.session_state["plan_token"]) == {"responsible": "shared_group"}
    s.dispose()


def test_a_tab_shows_an_answer_changed_elsewhere_before_it_accepts_a_change(app: AppTest) -> None:
    """Tab B changes an answer; tab A's next run shows B's answer (it re-reads the
    plan), so a later change in tab A is made knowing it; an answer changed behind
    a widget that was not redrawn in between is refused, never overwritten."""
    from tests.apptest.conftest import ROOT
    from tests.apptest.helpers import answer_current_rule

    app.button(key="new_plan").click().run()
    answer_current_rule(app, {"responsible": "named_internal"})
    other = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    other.query_params["plan"] = app.session_state["plan_token"]
    other.run()
    other.switch_page("pages/scan.py").run()
    answer_current_rule(other, {"responsible": "shared_group"})  # tab B
    answer_current_rule(app, {"initiated_by": "mixed"})  # tab A answers something else
    assert next(r for r in app.radio if r.key == "q:responsible").value == "shared_group"
    answer_current_rule(app, {"responsible": "nobody"})  # made knowing B's answer
    assert "in een ander venster gewijzigd" not in texts(app)
    s = store()
    assert s.answers(app.session_state["plan_token"])["responsible"] == "nobody"
    s.dispose()


def test_a_change_elsewhere_shows_on_any_next_run_after_this_tabs_own_changes(
        app: AppTest) -> None:
    """A tab keeps the plan it holds while the stored revision says nothing changed,
    also after its own answers and moves (it knows those). A change from another
    tab (or server process) in between is found on the next run, whatever that run
    is: a move, a language switch, its own next answer."""
    from tests.apptest.conftest import ROOT
    from tests.apptest.helpers import answer_current_rule

    app.button(key="new_plan").click().run()
    token = app.session_state["plan_token"]
    answer_current_rule(app, {"responsible": "named_internal"})
    app.button(key="next_rule").click().run()  # this tab's own move: plan kept
    other = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    other.query_params["plan"] = token
    other.run()
    other.switch_page("pages/scan.py").run()
    other.selectbox(key="rule_pick_nl").set_value(0).run()
    answer_current_rule(other, {"responsible": "shared_group"})  # tab B
    app.button(key="prev_rule").click().run()  # tab A's next run is a move
    assert next(r for r in app.radio if r.key == "q:responsible").value == "shared_group"
    answer_current_rule(other, {"responsible": "nobody"})
    app.segmented_control(key="lang").set_value("en").run()  # a run that changes nothing
    assert next(r for r in app.radio if r.key == "q:responsible").value == "nobody"
    answer_current_rule(app, {"initiated_by": "mixed"})
    s = store()
    assert s.answers(token) == {"responsible": "nobody", "initiated_by": "mixed"}
    s.dispose()
    other.run()  # tab B sees tab A's answer first (else its change is refused)
    answer_current_rule(other, {"initiated_by": "hr"})
    app.switch_page("pages/resultaat.py").run()
    app.switch_page("pages/scan.py").run()
    assert next(r for r in app.radio if r.key == "q:initiated_by").value == "hr"


def test_a_name_changed_in_another_tab_is_not_overwritten(app: AppTest) -> None:
    app.button(key="new_plan").click().run()
    app.switch_page("pages/scan.py").run()
    token = app.session_state["plan_token"]
    s = store()
    s.update(token, title="Gewijzigd in tab B")  # another tab renames; this tab has not rerun
    app.text_input(key="title_input").set_value("Naam uit tab A").run()
    assert "in een ander venster gewijzigd" in texts(app)
    assert s.get(token).title == "Gewijzigd in tab B"  # type: ignore[union-attr]
    assert app.text_input(key="title_input").value == "Gewijzigd in tab B"  # shown as stored
    app.text_input(key="title_input").set_value("Naam uit tab A").run()  # now made knowingly
    assert s.get(token).title == "Naam uit tab A"  # type: ignore[union-attr]
    s.dispose()


def test_a_link_to_a_deleted_scenario_opens_it_read_only_with_restore(app: AppTest) -> None:
    workspace = with_full_plan(app)
    original = app.session_state["plan_token"]
    s = store()
    copy = s.duplicate(original, "Kopie")
    s.delete(copy.token)
    other = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    other.query_params["plan"] = copy.token
    other.run()
    other.switch_page("pages/scan.py").run()
    assert "Dit scenario is verwijderd" in texts(other)
    assert all(w.disabled for w in (*other.radio, *other.number_input, *other.text_input)
               if str(w.key or "").startswith("q:") or w.key == "title_input")
    other.button(key="restore_plan").click().run()
    assert not other.exception
    assert [p.token for p in s.scenarios(workspace)] == [original, copy.token]
    assert "Dit scenario is verwijderd" not in texts(other)
    s.dispose()


def test_restore_button_label_shows_a_name_as_text(app: AppTest) -> None:
    workspace = with_full_plan(app)
    original = app.session_state["plan_token"]
    app.switch_page("pages/scenarios.py").run()
    app.button(key=f"dup:{original}").click().run()
    s = store()
    copy = next(p.token for p in s.scenarios(workspace) if p.token != original)
    s.update(copy, title="![t](http://127.0.0.1:9/track.png)")
    app.run()
    app.button(key=f"del:{copy}").click().run()
    app.button(key=f"yes:{copy}").click().run()
    label = app.button(key=f"restore:{copy}").label
    assert "![t](" not in label and "\\!\\[t\\]" in label
    s.dispose()
