"""AppTest for deleting a network on the check-in page: asked first, undone from the
page, a participant's link to a deleted network says so and shows nothing of it,
a participant's save after the deletion loses nothing and says why; a network
whose plan is a deleted scenario is paused (read-only) with the way back for its
initiator. (That a participant's download has no plan title is checked on the
service: tests/unit/test_checkin_report.py.)"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from storage import PlanStore, database_url
from tests.apptest.test_checkin_page import _networks, _participant, _with_plan
from tests.apptest.test_pages import texts


def _started(app: AppTest) -> tuple[str, str]:
    plan = _with_plan(app)
    app.button(key="checkin_start").click().run()
    assert not app.exception, app.exception
    (network,) = _networks(plan)
    return plan, network.id


def _save(at: AppTest, network_id: str, value: int) -> None:
    at.radio(key=f"checkin:{network_id}:start:pulse_safe").set_value(value)
    next(b for b in at.button if b.label in ("Bewaar mijn antwoorden", "Save my answers")
         ).click().run()
    assert not at.exception, at.exception


def test_delete_is_asked_first_and_can_be_undone(app: AppTest) -> None:
    plan, network_id = _started(app)
    participant = _participant(network_id)
    _save(participant, network_id, 4)
    app.run()
    app.button(key="checkin_delete").click().run()
    assert not app.exception
    shown = texts(app)
    assert "met de antwoorden van 1 deelnemer?" in shown and "14 dagen" in shown
    app.button(key="checkin_delete_no").click().run()  # "no" keeps it
    assert _networks(plan) and not any(b.key == "checkin_delete_yes" for b in app.button)
    app.button(key="checkin_delete").click().run()
    app.button(key="checkin_delete_yes").click().run()
    assert not app.exception, app.exception
    assert _networks(plan) == [] and len(_networks(plan, deleted=True)) == 1
    shown = texts(app)
    assert "is verwijderd. U kunt het tot" in shown and "Verwijderde netwerken" in shown
    assert "network" not in app.query_params
    assert any(b.key == "checkin_start" for b in app.button)  # a new one can start
    app.button(key=f"checkin_restore:{network_id}").click().run()
    assert not app.exception
    assert "is terug, met alles wat erin beantwoord was" in texts(app)
    assert [n.id for n in _networks(plan)] == [network_id]
    assert "1 deelnemers antwoordden" in texts(app)  # the answer is still there


def test_a_participants_link_to_a_deleted_network_shows_nothing_of_it(app: AppTest) -> None:
    _, network_id = _started(app)
    before = _participant(network_id)  # a participant with the form open
    _save(before, network_id, 4)
    app.button(key="checkin_delete").click().run()
    app.button(key="checkin_delete_yes").click().run()
    # The open form is saved after the deletion: refused in words, nothing stored.
    _save(before, network_id, 2)
    assert "Dit netwerk is intussen verwijderd; er is niets bewaard." in texts(before)
    for lang, words in (("nl", "Dit netwerk is verwijderd door degene die het startte"),
                        ("en", "This network was deleted by the person who started it")):
        at = _participant(network_id, lang)
        shown = texts(at)
        assert words in shown
        assert not at.get("plotly_chart") and not at.radio and not at.get("download_button")
        assert "deelnemers antwoordden" not in shown and "participants answered" not in shown
        assert not any(b.key and b.key.startswith("checkin_restore") for b in at.button)
    # The initiator opening the same link gets the undo.
    app.query_params["network"] = network_id
    app.run()
    assert "U hebt het netwerk van" in texts(app)
    app.button(key=f"checkin_restore:{network_id}").click().run()
    assert "Ik durf in dit netwerk" in " ".join(r.label for r in _participant(network_id).radio)


def test_a_network_whose_plan_is_deleted_is_paused(app: AppTest) -> None:
    plan, network_id = _started(app)
    store = PlanStore(database_url())
    store.delete(plan)
    app.run()
    assert not app.exception, app.exception
    shown = texts(app)
    assert "dus het netwerk staat stil" in shown
    assert not any(b.key in ("checkin_open_mid", "checkin_delete_yes") for b in app.button)
    assert not any(r.key and r.key.startswith(f"checkin:{network_id}") for r in app.radio)
    participant = _participant(network_id, "en")
    assert "This network is paused" in texts(participant) and not participant.radio
    app.button(key="checkin_restore_plan").click().run()  # the way back
    assert not app.exception
    assert any(b.key == "checkin_open_mid" for b in app.button)
    assert _participant(network_id).radio  # participants can answer again
    store.dispose()


def test_a_deleted_scenario_starts_no_network(app: AppTest) -> None:
    app.button(key="new_plan").click().run()
    plan = str(app.session_state["plan_token"])
    store = PlanStore(database_url())
    store.delete(plan)
    app.switch_page("pages/checkin.py").run()
    assert not app.exception
    assert "u kunt er nu geen netwerk mee starten" in texts(app)
    assert not any(b.key == "checkin_start" for b in app.button)
    store.dispose()



def test_deleting_a_scenario_with_a_network_says_the_network_pauses(app: AppTest) -> None:
    plan, _ = _started(app)
    app.switch_page("pages/scenarios.py").run()
    next(b for b in app.button if b.label == "Nieuw leeg scenario").click().run()
    assert not app.exception, app.exception
    app.button(key=f"del:{plan}").click().run()
    assert "Met dit scenario loopt een netwerk" in texts(app)
    other = next(b.key for b in app.button if b.key and b.key.startswith("del:")
                 and b.key != f"del:{plan}")
    app.button(key=f"no:{plan}").click().run()
    app.button(key=other).click().run()  # a scenario without a network: no such note
    assert "Met dit scenario loopt een netwerk" not in texts(app)
