"""AppTest: a check-in moment through the live workshop, with several sessions at
once. From the check-in page the network's initiator starts the pulse as a live
workshop (its control view opens), three phones rate its statements, the
facilitator reveals, decides and records the room into the moment (again:
nothing changes, nobody is added), and the check-in page shows the pulse answered
through the workshop. A moment's workshop offers no scenario and no score; a
participant's link starts nothing; a closed moment cannot be started."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from content.checkins import default_checkins
from content.labels import date_text
from content.loader import default_content
from tests.apptest.conftest import ROOT
from tests.apptest.test_checkin_page import _networks, _participant, _with_plan
from tests.apptest.test_workshop_pages import _click, _msg, _open, _phone_radios, _text, _vote
from ui.resources import get_checkin_service, get_workshop_service

CHECKINS = default_checkins()
PULSE = CHECKINS.statements_at("mid")
MID = CHECKINS.texts["nl"].moments["mid"].title
MESSAGES = default_content().messages


def _param(at: AppTest, name: str) -> str:
    value = at.query_params[name]
    return str(value[0] if isinstance(value, list) else value)


def test_the_pulse_through_the_workshop_from_the_checkin_page(app: AppTest) -> None:
    plan = _with_plan(app)
    app.button(key="checkin_start").click().run()
    (network,) = _networks(plan)
    page = _text(app)
    assert _msg("wspulse.heading") in page and _msg("wspulse.personal") in page
    assert {b.key for b in app.button if str(b.key).startswith("wspulse_start_")} == {
        "wspulse_start_start", "wspulse_start_mid", "wspulse_start_end"}

    app.button(key="wspulse_start_mid").click().run()
    assert not app.exception, app.exception
    workshop_id, secret = _param(app, "ws"), _param(app, "key")
    svc = get_workshop_service()
    workshop = svc.workshop(workshop_id)
    assert workshop is not None and workshop.moment == "mid"
    assert workshop.network_id == network.id
    assert sorted(s for r in workshop.state.rules for s in r.statements) == sorted(PULSE)

    control = _open("pages/workshop_leiden.py", ws=workshop_id, key=secret)
    assert _msg("wspulse.banner", moment=MID) in _text(control)
    code = svc.results(workshop_id).code
    phones = [_open("pages/doe_mee.py", code=code.replace("-", "")) for _ in range(3)]
    assert all(_msg("workshop.phone.lobby_title") in _text(p) for p in phones)
    _click(control, "phase_rate")
    for phone, value in zip(phones, [2, 4, 5], strict=True):
        phone.run()
        radios = _phone_radios(phone)
        assert set(radios) == set(PULSE)
        assert radios["pulse_safe"].label == CHECKINS.texts[  # type: ignore[attr-defined]
            "nl"].statements["pulse_safe"].text  # the check-in's own words
        for sid in radios:
            _vote(phone, sid, value)
    _click(control, "phase_reveal")
    shown = _text(control)
    assert _msg("workshop.median") in shown
    assert _msg("workshop.control.vonk_heading") not in shown  # not a plan: no score
    _click(control, "phase_discuss")
    _click(control, "phase_decide")
    decide = _text(control)
    assert _msg("workshop.control.save_heading") not in decide  # no scenario
    assert not control.get("form_submit_button")
    assert _msg("wspulse.record_heading", moment=MID) in decide

    _click(control, "wspulse_record")
    assert _msg("wspulse.recorded", n=3, changed=3 * len(PULSE), moment=MID) in _text(control)
    assert _msg("wspulse.recorded_state", moment=MID) in _text(control)
    assert control.button(key="wspulse_record").label == _msg("wspulse.record_again")
    _click(control, "wspulse_record")  # again: it updates, nobody is added
    assert _msg("wspulse.recorded", n=3, changed=0, moment=MID) in _text(control)
    view = get_checkin_service().view(network.id)
    assert view.respondents["mid"] == 3

    # The check-in page: the pulse answered through the workshop, with its figures.
    app.switch_page("pages/checkin.py").run()
    assert not app.exception, app.exception
    page = _text(app)
    assert _msg("wspulse.answered_through", moment=MID, code=code) in page
    assert _msg("checkin.respondents", moment=MID, count=3) in page
    recorded = get_workshop_service().workshop(workshop_id)
    assert recorded is not None and recorded.recorded_at is not None
    assert _msg("wspulse.recorded_yes", date=date_text(  # the network's workshops
        recorded.recorded_at.date(), MESSAGES["nl"])) in page
    small = get_checkin_service().settings.agreement.small_group_below
    assert _msg("checkin.small_group", n=small) in page  # three answers: one moves all
    # A participant's link shows how the moment was answered, and starts nothing.
    participant = _participant(network.id)
    assert _msg("wspulse.answered_through", moment=MID, code=code) in _text(participant)
    assert not [b for b in participant.button if str(b.key).startswith("wspulse_start_")]


def test_in_english_a_closed_moment_cannot_be_started() -> None:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    app.query_params["lang"] = "en"
    app.run()
    plan = _with_plan(app)
    app.button(key="checkin_start").click().run()
    (network,) = _networks(plan)
    assert network.language == "en"
    assert _msg("wspulse.heading", "en") in _text(app)
    app.button(key="checkin_close_start").click().run()
    assert not app.exception
    assert app.button(key="wspulse_start_start").disabled
    assert not app.button(key="wspulse_start_mid").disabled
    app.button(key="wspulse_start_end").click().run()
    workshop = get_workshop_service().workshop(_param(app, "ws"))
    assert workshop is not None and workshop.language == "en" and workshop.moment == "end"
    control = _open("pages/workshop_leiden.py", ws=workshop.id, key=_param(app, "key"))
    end = CHECKINS.texts["en"].moments["end"].title
    assert _msg("wspulse.banner", "en", moment=end) in _text(control)
