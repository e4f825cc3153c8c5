"""The live workshop's pages through app.py with several AppTest sessions at once:
a facilitator, five phones (one refreshed mid-round, one joining late) and the
shared screen, through a whole session (the prompts of the most divided rule in
the discuss phase, three agreed actions that go into the saved scenario's note,
the three downloads made as the page makes them); a wrong control key; wrong codes."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from content.labels import message
from content.loader import default_content
from tests.apptest.conftest import ROOT
from ui.resources import get_workshop_service
from workshop.group import statements

MESSAGES = default_content().messages


def _open(page: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    for key, value in params.items():
        at.query_params[key] = value
    if page is not None:
        at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def _text(at: AppTest) -> str:
    parts: list[str] = []
    for kind in ("markdown", "caption", "title", "subheader", "header", "error", "warning",
                 "success", "info", "metric"):
        parts += [str(getattr(e, "value", "")) for e in at.get(kind)]
    parts += [e.proto.body for e in at.get("html")]
    return "\n".join(parts)


def _msg(key: str, lang: str = "nl", **params: object) -> str:
    return message(MESSAGES[lang], key, **params)


def _click(at: AppTest, key: str) -> None:
    at.button(key=key).click().run()
    assert not at.exception, at.exception


def _phone_radios(at: AppTest) -> dict[str, object]:
    return {r.key.rsplit(":", 1)[-1]: r for r in at.radio if str(r.key).startswith("wsvote:")}


def _vote(at: AppTest, statement_id: str, value: object) -> None:
    radio = _phone_radios(at)[statement_id]
    radio.set_value(value).run()  # type: ignore[attr-defined]
    assert not at.exception, at.exception


def _deferred_downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], object]]:
    """The callables the page hands its download buttons (made on click), by file
    name, as the server keeps them. (AppTest drops its media manager after a run,
    so the test keeps what Streamlit's `add_deferred` is given.)"""
    made: dict[str, Callable[[], object]] = {}
    original = MediaFileManager.add_deferred

    def keep(self: MediaFileManager, data_callable: Callable[[], object], *args: object,
             **kwargs: object) -> str:
        made[str(kwargs.get("file_name"))] = data_callable
        return original(self, data_callable, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    return made


def _add_action(at: AppTest, workshop_id: str, what: str, who: str, due: date) -> None:
    at.text_input(key=f"wsd_field:add:{workshop_id}:what").set_value(what)
    at.text_input(key=f"wsd_field:add:{workshop_id}:who").set_value(who)
    at.date_input(key=f"wsd_field:add:{workshop_id}:due").set_value(due)
    next(b for b in at.get("form_submit_button")
         if b.proto.label == _msg("workshop_decide.add")).click().run()
    assert not at.exception, at.exception
    assert _msg("workshop_decide.added", what=what) in _text(at)


def _create(rule_ids: list[str], language: str = "nl") -> tuple[AppTest, str, str]:
    facilitator = _open("pages/workshop.py")
    facilitator.multiselect[0].set_value(rule_ids)
    if language != "nl":
        facilitator.radio[0].set_value(language)
    facilitator.get("form_submit_button")[0].click().run()
    assert not facilitator.exception, facilitator.exception
    workshop_id = facilitator.query_params["ws"][0] if isinstance(
        facilitator.query_params["ws"], list) else facilitator.query_params["ws"]
    secret = facilitator.query_params["key"]
    secret = secret[0] if isinstance(secret, list) else secret
    # st.switch_page took it to the control view; AppTest's next runs would start on
    # the page it was opened on, so the control view is opened as its link would be.
    control = _open("pages/workshop_leiden.py", ws=str(workshop_id), key=str(secret))
    return control, str(workshop_id), str(secret)


def test_a_whole_workshop_with_several_sessions(monkeypatch: pytest.MonkeyPatch) -> None:
    content = default_content()
    rules = list(statements(content))[:2]
    facilitator, workshop_id, secret = _create(rules)
    svc = get_workshop_service()
    workshop = svc.workshop(workshop_id)
    assert workshop is not None and [r.rule_id for r in workshop.state.rules] == rules
    code = svc.results(workshop_id).code
    assert code in _text(facilitator)  # the control view's title names the code

    screen = _open("pages/workshop_scherm.py", ws=workshop_id)
    screen_text = _text(screen)
    assert code in screen_text and "data:image/svg+xml" in screen_text
    assert secret not in screen_text  # nothing private on the projector
    assert _msg("workshop.screen.joined", n=0) in screen_text

    # Four phones join: by the QR route's ?code= (lower case, no hyphen) and by typing.
    phones = [_open("pages/doe_mee.py", code=code.replace("-", "").lower()) for _ in range(2)]
    for _ in range(2):
        phone = _open("pages/doe_mee.py")
        phone.text_input(key="workshop_join_code").set_value(code)
        phone.get("form_submit_button")[0].click().run()
        assert not phone.exception
        phones.append(phone)
    tokens = [p.query_params["p"] for p in phones]
    assert all(tokens) and len(set(tokens)) == 4
    assert all(_msg("workshop.phone.lobby_title") in _text(p) for p in phones)
    screen.run()
    assert _msg("workshop.screen.joined", n=4) in _text(screen)

    _click(facilitator, "phase_rate")
    first = statements(content)[rules[0]]
    for phone, value in zip(phones, [1, 5, 1, 5], strict=True):
        phone.run()
        radios = _phone_radios(phone)
        assert set(radios) == {s for r in rules for s in statements(content)[r]}
        for sid in radios:
            _vote(phone, sid, value if sid == first[0] else 4)

    # A phone refreshed mid-round: a new session with the token finds its answers.
    refreshed = _open("pages/doe_mee.py", p=str(tokens[1]))
    assert _phone_radios(refreshed)[first[0]].value == 5
    # A late joiner lands in round 1 and rates.
    late = _open("pages/doe_mee.py", code=code)
    assert set(_phone_radios(late)) == set(_phone_radios(phones[0]))
    for sid in _phone_radios(late):
        _vote(late, sid, 3 if sid == first[0] else 4)
    phones.append(late)

    # Blind: before the reveal the screen and the phones show "k of N answered" only.
    screen.run()
    blind = _text(screen)
    assert _msg("workshop.progress", answered=5, of=5) in blind
    for hidden in (_msg("workshop.median"), _msg("workshop.label.divided"),
                   _msg("workshop.distribution")):
        assert hidden not in blind
        assert all(hidden not in _text(p) for p in phones)

    _click(facilitator, "phase_reveal")
    screen.run()
    shown = _text(screen)
    assert _msg("workshop.median") in shown and _msg("workshop.distribution") in shown
    assert _msg("workshop.label.opposed") in shown or _msg("workshop.label.divided") in shown
    # A room of five, where one answer moves the figures: said once for each rule (a
    # band of three or four statements had it under every one), not per statement.
    small = _msg("workshop.small_group", n=svc.settings.agreement.small_group_below)
    assert shown.count(small) == len(rules)
    for phone in phones:
        phone.run()
        assert all(r.disabled for r in _phone_radios(phone).values()) or not _phone_radios(phone)
    # The control view: the group's plan scored by Vonk beside the room's result.
    facilitator.run()
    control = _text(facilitator)
    assert _msg("workshop.control.vonk_heading") in control
    assert _msg("workshop.control.vonk_rule") in control

    # Discuss: the most divided rule (the first: 1, 5, 1, 5, 3) is picked, put in
    # focus by the move, and its questions for the room are shown with the reason.
    _click(facilitator, "phase_discuss")
    picked = svc.discussion_prompts(workshop_id)
    assert picked[0].rule_id == rules[0] and picked[0].reason == "divided"
    assert facilitator.selectbox(key="workshop_focus").value == rules[0]
    discuss = _text(facilitator)
    assert _msg("wsdecide.discuss_heading") in discuss
    assert _msg("wsdecide.prompts_heading") in discuss
    for prompt in picked[0].prompts:
        assert prompt.text("nl") in discuss
    assert "De groep is verdeeld over deze regel" in discuss
    assert _msg("wsdecide.in_focus") in discuss  # in the list, instead of its button
    assert not [b for b in facilitator.button if str(b.key).startswith("wsd_focus:")]
    # Vote on it again (everyone moves to 4), decide.
    _click(facilitator, "rule_discuss")
    _click(facilitator, "phase_rerate")
    for phone in phones:
        phone.run()
        radios = _phone_radios(phone)
        assert set(radios) == set(statements(content)[rules[0]])
        _vote(phone, first[0], 4)
    _click(facilitator, "phase_decide")
    screen.run()
    assert "Van ronde 1 naar 2: mediaan" in _text(screen)

    # Decide: three agreed actions, then the scenario, whose note takes them.
    made = _deferred_downloads(monkeypatch)
    facilitator.run()
    soon = date.today() + timedelta(days=30)
    agreed = [("Data van de bijeenkomsten vastleggen", "coördinator"),
              ("Een terugkombijeenkomst plannen", "procesbegeleider"),
              ("Uren vrijmaken in de jaartaak", "teamleider")]
    for what, who in agreed:
        _add_action(facilitator, workshop_id, what, who, soon)
    next(b for b in facilitator.get("form_submit_button")
         if b.proto.label == _msg("workshop.control.save")).click().run()
    assert not facilitator.exception
    saved = svc.workshop(workshop_id)
    assert saved is not None and saved.scenario_token is not None
    decided = _text(facilitator)
    assert f"resultaat?plan={saved.scenario_token}" in decided
    assert _msg("wsdecide.actions_in_scenario") in decided  # listed, no longer edited
    assert not [k for k in (w.key for w in facilitator.text_input) if str(k).startswith("wsd_")]
    from ui.resources import get_service

    scenario = get_service().open(saved.scenario_token)
    assert scenario is not None and scenario.note is not None
    for what, who in agreed:
        assert what in scenario.note and who in scenario.note
    # The three downloads, made by the callables the page gave its buttons.
    stem = f"{_msg('workshop_export.file_stem')}-{code}"
    assert [b.proto.label for b in facilitator.get("download_button")] == [
        _msg("workshop_export.pdf"), _msg("workshop_export.csv"), _msg("workshop_export.xlsx")]
    pdf = made[f"{stem}.pdf"]()
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
    report = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert all(what in report for what, _ in agreed)
    csv = made[f"{stem}.csv"]()
    assert isinstance(csv, str) and _msg("workshop_export.median") in csv
    assert csv.count("\n") >= 3  # a header and a row per statement and round, at least
    xlsx = made[f"{stem}.xlsx"]()
    assert isinstance(xlsx, bytes)
    sheet = load_workbook(io.BytesIO(xlsx)).worksheets[0]
    assert sheet.max_row >= 3 and _msg("workshop_export.median") in [c.value for c in sheet[1]]
    _click(facilitator, "phase_close")
    screen.run()
    assert _msg("workshop.screen.closed") in _text(screen)
    phones[0].run()
    assert _msg("workshop.phone.closed_title") in _text(phones[0])


@pytest.mark.parametrize("key", ["", "wrong-key", "tampered"])
def test_the_control_view_needs_the_secret(key: str) -> None:
    created = get_workshop_service().create(language="nl")
    if key == "tampered":
        key = created.control_secret[:-1] + ("A" if created.control_secret[-1] != "A" else "B")
    at = _open("pages/workshop_leiden.py", ws=created.workshop_id, key=key)
    text = _text(at)
    assert _msg("workshop.control.not_authorised") in text
    assert created.code not in text and not at.button  # no control of any kind


def test_wrong_and_unknown_codes_get_a_clear_message() -> None:
    phone = _open("pages/doe_mee.py", code="ZZZ-ZZZ")
    assert _msg("workshop.join.wrong_code") in _text(phone)
    assert "p" not in phone.query_params
    phone.text_input(key="workshop_join_code").set_value("")
    phone.get("form_submit_button")[0].click().run()
    assert _msg("workshop.join.empty") in _text(phone)
    gone = _open("pages/doe_mee.py", p="x" * 30)
    assert _msg("workshop.join.token_unknown") in _text(gone)


def test_english_workshop_pages_follow_the_workshop_language() -> None:
    created = get_workshop_service().create(language="en")
    phone = _open("pages/doe_mee.py", code=created.code)
    assert _msg("workshop.phone.lobby_title", "en") in _text(phone)
    screen = _open("pages/workshop_scherm.py", ws=created.workshop_id)
    assert _msg("workshop.screen.joined", "en", n=1) in _text(screen)


def test_the_workshop_pages_skip_the_plan_and_the_menu() -> None:
    created = get_workshop_service().create(language="nl")
    screen = _open("pages/workshop_scherm.py", ws=created.workshop_id, plan="x" * 30)
    # No plan was looked up (no "unknown link" warning) and no language switch drawn.
    assert _msg("plan.link_unknown") not in _text(screen)
    assert not screen.get("button_group")


def test_create_from_a_scan_link_uses_its_facts_and_refuses_bad_input() -> None:
    from tests.conftest import ready_plan
    from ui.resources import get_service

    plan = get_service().create(title="Scan", language="nl", answers=ready_plan())
    page = _open("pages/workshop.py")
    page.radio[1].set_value("link")
    page.text_input[0].set_value("https://vonk.example/scan?plan=" + "y" * 30)
    page.get("form_submit_button")[0].click().run()
    assert _msg("workshop.create.link_unknown") in _text(page)
    assert "ws" not in page.query_params  # nothing was created
    page.radio[1].set_value("scratch")
    page.text_input[0].set_value(plan.token)
    page.get("form_submit_button")[0].click().run()
    assert _msg("workshop.create.link_but_scratch") in _text(page)
    page.number_input[0].set_value(6)  # figure above the distribution threshold
    page.radio[1].set_value("link")
    page.get("form_submit_button")[0].click().run()
    assert _msg("workshop.create.thresholds_order") in _text(page)
    page.number_input[0].set_value(3)
    page.get("form_submit_button")[0].click().run()
    assert not page.exception
    created = get_workshop_service().workshop(str(page.query_params["ws"]))
    assert created is not None and created.source_plan == plan.token
    assert created.facts["group_size"] == 9  # the scan's facts are the group plan's
    assert "drive" not in created.facts  # statements are the room's to rate


def test_rehearsal_remove_reset_and_lock_from_the_control_view() -> None:
    svc = get_workshop_service()
    created = svc.create(language="nl", rule_ids=["r04", "r06"], rehearsal=True)
    control = _open("pages/workshop_leiden.py", ws=created.workshop_id, key=created.control_secret)
    phone = _open("pages/doe_mee.py", code=created.code)
    _click(control, "phase_rate")
    control.number_input(key="simulate_count").set_value(6)
    _click(control, "simulate")
    assert _msg("workshop.control.simulated", n=6) in _text(control)
    assert svc.results(created.workshop_id).participants == 7
    # Remove one simulated participant: their seat and answers are gone.
    seats = svc.participants(created.workshop_id, created.control_secret)
    control.selectbox(key="remove_seat").set_value(seats[-1])
    _click(control, "remove_participant")
    assert svc.results(created.workshop_id).participants == 6
    # Reset the rule in focus: its answers of round 1 are deleted.
    control.selectbox(key="workshop_focus").set_value("r04").run()
    _click(control, "rule_reset")
    first = svc.results(created.workshop_id).rules[0].statements[0].round1
    assert getattr(first, "answered", None) == 0
    # Lock it: the phone, on its next run, cannot answer it and is told so.
    _click(control, "rule_lock")
    phone.run()
    radios = _phone_radios(phone)
    assert radios["drive"].disabled and not radios["size_fits_aim"].disabled  # type: ignore[attr-defined]
    _vote(phone, "size_fits_aim", 2)
    assert _msg("workshop.phone.saved") in _text(phone)
    # A vote racing the lock (sent by a phone that still showed it open) is refused
    # with a message, and the widget shows the stored answer again.
    svc.open_rule(created.workshop_id, created.control_secret, "r04")
    phone.run()
    svc.lock_rule(created.workshop_id, created.control_secret, "r04")
    _vote(phone, "drive", 5)
    assert _msg("workshop.refused.rule_locked") in _text(phone)
    assert _phone_radios(phone)["drive"].value is None  # type: ignore[attr-defined]


def test_too_many_wrong_codes_are_refused_with_a_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    from services.attempts import SlidingWindow

    svc = get_workshop_service()
    created = svc.create(language="nl")
    monkeypatch.setattr(svc, "address_limiter", SlidingWindow(2, 60))
    phone = _open("pages/doe_mee.py")
    for typed in ("AAA-AAA", "BBB-BBB"):
        phone.text_input(key="workshop_join_code").set_value(typed)
        phone.get("form_submit_button")[0].click().run()
        assert _msg("workshop.join.wrong_code") in _text(phone)
    # Refused now, without looking: even the right code waits.
    phone.text_input(key="workshop_join_code").set_value(created.code)
    phone.get("form_submit_button")[0].click().run()
    assert _msg("workshop.join.refused", seconds=60) in _text(phone)
    assert "p" not in phone.query_params
    assert phone.text_input(key="workshop_join_code").value == created.code  # kept


def test_an_expired_code_and_a_closed_workshop_are_explained() -> None:
    svc = get_workshop_service()
    created = svc.create(language="nl")
    for phase in ("rate", "reveal", "discuss", "decide", "close"):
        svc.advance(created.workshop_id, created.control_secret, phase)
    phone = _open("pages/doe_mee.py", code=created.code)
    assert _msg("workshop.join.closed") in _text(phone)
    later = svc.create(language="nl")
    original = svc.clock
    try:
        from datetime import timedelta

        svc.clock = lambda: original() + timedelta(hours=svc.settings.code_valid_hours + 1)
        phone = _open("pages/doe_mee.py", code=later.code)
        assert _msg("workshop.join.expired") in _text(phone)
    finally:
        svc.clock = original


def test_creating_a_workshop_deletes_those_past_their_retention() -> None:
    from datetime import timedelta

    svc = get_workshop_service()
    old = svc.create(language="nl", retention_days=svc.settings.retention.min_days)
    original = svc.clock
    try:
        svc.clock = lambda: original() + timedelta(days=svc.settings.retention.min_days + 1)
        _create(["r04"])
    finally:
        svc.clock = original
    assert svc.workshop(old.workshop_id) is None
    screen = _open("pages/workshop_scherm.py", ws=old.workshop_id)
    assert _msg("workshop.screen.unknown") in _text(screen)


def test_a_reset_rule_shows_the_phone_its_answer_is_gone() -> None:
    svc = get_workshop_service()
    created = svc.create(language="nl", rule_ids=["r04"])
    phone = _open("pages/doe_mee.py", code=created.code)
    svc.advance(created.workshop_id, created.control_secret, "rate")
    phone.run()
    _vote(phone, "drive", 4)
    assert _phone_radios(phone)["drive"].value == 4  # type: ignore[attr-defined]
    svc.reset_rule(created.workshop_id, created.control_secret, "r04")
    phone.run()
    assert _phone_radios(phone)["drive"].value is None  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_discuss_list_puts_a_picked_rule_in_focus_and_decide_offers_the_files(
        lang: str) -> None:
    """A room split on one rule and low on another: discuss lists both, most divided
    first and in focus; a click puts the low one in focus with its own question;
    in decide (no round 2) the editor, the save form and the three downloads."""
    from services.workshop import Joined
    from workshop.phases import Phase

    svc = get_workshop_service()
    content = default_content()
    rules = statements(content)
    split, low = "r04", "r06"
    created = svc.create(language=lang, rule_ids=[split, low])
    wid, secret = created.workshop_id, created.control_secret
    tokens = []
    for i in range(6):
        joined = svc.join(created.code, f"10.6.0.{i}")
        assert isinstance(joined, Joined)
        tokens.append(joined.token)
    svc.advance(wid, secret, Phase.RATE)
    for i, token in enumerate(tokens):
        svc.vote(token, rules[split][0], 1 if i % 2 else 5)
        svc.vote(token, rules[low][0], 2)
    svc.advance(wid, secret, Phase.REVEAL)
    control = _open("pages/workshop_leiden.py", ws=wid, key=secret)
    _click(control, "phase_discuss")
    assert control.session_state["workshop_focus"] == split
    text = _text(control)
    assert text.index(content.rule_label(split, lang)) < text.index(content.rule_label(low, lang))
    picked = svc.discussion_prompts(wid)
    assert [(p.rule_id, p.reason) for p in picked] == [(split, "divided"), (low, "low")]
    assert picked[1].prompts[0].text(lang) not in text  # only the rule in focus asks
    assert control.button(key="rule_discuss").proto.type == "primary"  # round 2 waits for it
    _click(control, f"wsd_focus:{low}")
    assert control.session_state["workshop_focus"] == low
    text = _text(control)
    assert picked[1].prompts[0].text(lang) in text
    assert _msg("workshop_decide.reason_low", lang, figure="2") in text
    _click(control, "rule_discuss")
    assert _msg("wsdecide.chosen", lang) in _text(control)
    assert control.button(key="rule_discuss").proto.type == "secondary"
    _click(control, "phase_decide")
    decide = _text(control)
    assert _msg("workshop_decide.actions_heading", lang) in decide
    assert _msg("wsdecide.downloads_heading", lang) in decide
    assert _msg("workshop_decide.actions_none", lang) in decide
    labels = [b.proto.label for b in control.get("form_submit_button")]
    assert labels == [_msg("workshop_decide.add", lang), _msg("workshop.control.save", lang)]
    assert len(control.get("download_button")) == 3
