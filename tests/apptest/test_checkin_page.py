"""AppTest for the check-in page: start the network of a plan, answer a moment alone,
participants by their link, the over-time view with its chart and table only from
enough answers, stories shown as text, the decision, Dutch and English."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from storage import PlanStore, database_url
from storage.checkins import NetworkStore
from tests.apptest.conftest import ROOT
from tests.apptest.test_pages import texts


def _networks(plan_token: str, *, deleted: bool = False) -> list:
    ns = NetworkStore(database_url())
    try:
        return ns.for_plan(plan_token, deleted=deleted)
    finally:
        ns.dispose()


def _with_plan(app: AppTest) -> str:
    app.button(key="new_plan").click().run()
    assert not app.exception
    app.switch_page("pages/checkin.py").run()
    assert not app.exception
    return str(app.session_state["plan_token"])


def _participant(network_id: str, lang: str = "nl") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["network"] = network_id
    if lang != "nl":
        at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/checkin.py").run()
    assert not at.exception, at.exception
    return at


def _answer(at: AppTest, network_id: str, moment: str, values: dict[str, object],
            stories: dict[str, str] | None = None) -> None:
    for item_id, value in values.items():
        at.radio(key=f"checkin:{network_id}:{moment}:{item_id}").set_value(value)
    for story_id, text in (stories or {}).items():
        at.text_area(key=f"checkin_story:{network_id}:{moment}:{story_id}").input(text)
    next(b for b in at.button if b.label in ("Bewaar mijn antwoorden", "Save my answers")
         ).click().run()
    assert not at.exception, at.exception


def test_without_a_plan_the_page_says_what_to_do_first(app: AppTest) -> None:
    app.switch_page("pages/checkin.py").run()
    assert not app.exception
    assert "Vul eerst de scan in" in texts(app)


def test_start_the_network_and_answer_the_start_check_alone(app: AppTest) -> None:
    plan = _with_plan(app)
    app.button(key="checkin_start").click().run()
    assert not app.exception
    (network,) = _networks(plan)
    assert "Het netwerk is gestart" in texts(app)
    assert app.query_params["network"] == [network.id] or \
        app.query_params["network"] == network.id
    assert any(f"?network={network.id}" in c.value for c in app.code)  # participants' link
    app.text_input(key=f"checkin_learning:{network.id}").input("Hoe geef ik feedback?")
    _answer(app, network.id, "start", {"pulse_safe": 4, "theme_concrete": 2})
    assert "Uw antwoorden zijn bewaard" in texts(app)
    # The answers stay after a new run, seeded from the store; one respondent: no figure.
    app.run()
    assert app.radio(key=f"checkin:{network.id}:start:pulse_safe").value == 4
    assert "Nog geen moment met genoeg antwoorden" in texts(app)
    ns = NetworkStore(database_url())
    token = ns.respondent(str(app.session_state[f"checkin_respondent:{network.id}"]))
    assert token is not None
    assert ns.own(token.token).learning_question == "Hoe geef ik feedback?"
    assert not ns.own(token.token).learning_shared  # private unless shared
    ns.dispose()


def test_participants_answer_the_pulse_and_the_network_sees_the_change(app: AppTest) -> None:
    plan = _with_plan(app)
    app.button(key="checkin_start").click().run()
    (network,) = _networks(plan)
    for value in (4, 4, 5):
        _answer(_participant(network.id), network.id, "start", {"pulse_safe": value})
    app.button(key="checkin_close_start").click().run()
    app.button(key="checkin_open_mid").click().run()
    assert not app.exception
    story = "<script>alert(1)</script> **vet**"
    for i, value in enumerate((1, 2, 5)):
        _answer(_participant(network.id), network.id, "mid", {"pulse_safe": value},
                {"brought_so_far": story if i == 0 else f"Nieuwe contacten {i}"})
    app.run()
    assert not app.exception
    shown = texts(app)
    assert "3 deelnemers antwoordden" in shown
    assert len(app.get("plotly_chart")) == 1
    assert "Grafiek: per stelling" in shown  # the text alternative
    table = next(m.value for m in app.markdown if "| Stelling |" in m.value)
    assert "Ik durf in dit netwerk" in table and "Startcheck" in table
    assert "nu verdeeld" in table or "nu tegengesteld" in table
    # The story is text: no tag, no bold, and nothing says who wrote it.
    md = next(m.value for m in app.markdown if "alert" in m.value)
    assert "<script>" not in md and "&lt;script&gt;" in md and "\\*\\*vet\\*\\*" in md
    assert "Nieuwe contacten 1" in shown


def test_a_participant_link_in_english_and_an_unknown_network(app: AppTest) -> None:
    plan = _with_plan(app)
    app.button(key="checkin_start").click().run()
    (network,) = _networks(plan)
    at = _participant(network.id, "en")
    shown = texts(at)
    assert "The network's check-ins" in shown and "Start check" in shown
    assert "Moments" not in shown  # the initiator's controls are not on a participant's screen
    assert not any(b.key == "checkin_open_mid" for b in at.button)
    gone = _participant("x" * 24)
    assert "Dit netwerk bestaat niet (meer)" in texts(gone)


def test_the_harvest_and_the_decision(app: AppTest) -> None:
    plan = _with_plan(app)
    app.button(key="checkin_start").click().run()
    (network,) = _networks(plan)
    app.button(key="checkin_open_end").click().run()
    assert not app.exception
    app.radio(key=f"checkin_moment:{network.id}").set_value("end").run()
    _answer(app, network.id, "end", {"pulse_energy": 3},
            {"value_applied": "Ik laat studenten nu elkaar feedback geven."})
    assert "Uw antwoorden zijn bewaard" in texts(app)
    assert "**Toegepaste waarde** —" in texts(app)  # the cycle named beside its story
    app.radio(key=f"checkin_decision:{network.id}").set_value("change_shape")
    next(b for b in app.button if b.label == "Leg het besluit vast").click().run()
    assert not app.exception
    assert "Het besluit is vastgelegd" in texts(app)
    assert "Besluit: Van vorm veranderen" in texts(app)
    (network,) = _networks(plan)
    assert network.decision is not None and network.decision.choice == "change_shape"
    store = PlanStore(database_url())
    assert store.get(plan) is not None  # the plan itself is untouched
    store.dispose()
