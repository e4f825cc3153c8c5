"""Doe mee: a participant's phone. Join with the code (or the QR's /J/CODE route,
which lands here with ?code=), no name asked; the participant's token then stands
in the address (?p=…), so a refresh or a locked phone rejoins with its answers,
and in a cookie for the workshop (ui/seat_cookie.py), so scanning the QR again or
a new tab gives this browser its own seat back instead of a second one.
Rate 1–5 or "weet ik niet" while a round is open; before the reveal the phone
sees only "k of N answered", as the server gives nothing else."""

from __future__ import annotations

import streamlit as st

from services.attempts import client_key
from services.workshop import (
    CodeExpired,
    Full,
    Joined,
    ParticipantView,
    PhoneState,
    Progress,
    Refused,
    Results,
    RuleResult,
    Voted,
    VoteInvalid,
    VoteRefused,
    WorkshopClosed,
    WrongCode,
)
from ui import seat_cookie, session
from ui import workshop_view as wv
from ui.i18n import t
from ui.resources import get_workshop_service
from workshop.codes import MAX_TYPED
from workshop.phases import Phase

svc = get_workshop_service()
TOKEN_PARAM, CODE_PARAM = "p", "code"
VOTING = (Phase.RATE, Phase.RERATE)


def _client() -> str:
    try:
        address = st.context.ip_address
    except (AttributeError, RuntimeError):
        address = None
    return client_key(address)


def _join(typed: str) -> None:
    """Join with what was typed (or came with the QR); on success the token goes
    into the address and the page starts over as this participant. A seat this
    browser holds in that workshop (its cookie, checked by the service) comes back."""
    outcome = svc.join(typed, _client(), held=seat_cookie.browser_seats())
    if isinstance(outcome, Joined):
        st.query_params.pop(CODE_PARAM, None)
        st.query_params[TOKEN_PARAM] = outcome.token
        if outcome.again:
            session.seat_given_back(outcome.token)
        return
    if isinstance(outcome, Refused):
        text = t("workshop.join.refused", seconds=outcome.wait_seconds)
    elif isinstance(outcome, CodeExpired):
        text = t("workshop.join.expired")
    elif isinstance(outcome, WorkshopClosed):
        text = t("workshop.join.closed")
    elif isinstance(outcome, Full):
        text = t("workshop.join.full")
    else:
        assert isinstance(outcome, WrongCode)
        text = t("workshop.join.wrong_code")
    session.workshop_note("error", text)


def _join_typed() -> None:
    typed = str(st.session_state.get(session.WORKSHOP_JOIN_INPUT) or "").strip()
    if not typed:
        session.workshop_note("error", t("workshop.join.empty"))
        return
    _join(typed)


def _show_note() -> None:
    note = session.take_workshop_note()
    if note is not None:
        {"error": st.error, "success": st.success}.get(note[0], st.info)(note[1])


def join_form() -> None:
    st.title(t("workshop.join.title"))
    _show_note()
    with st.form("workshop_join", border=False):
        st.text_input(t("workshop.join.code_label"), key=session.WORKSHOP_JOIN_INPUT,
                      max_chars=MAX_TYPED, placeholder=t("workshop.join.code_placeholder"),
                      help=t("workshop.join.code_help"))
        st.form_submit_button(t("workshop.join.button"), type="primary", on_click=_join_typed,
                              width="stretch")
    st.caption(t("workshop.join.privacy"))


# --------------------------------------------------------------------- voting
def _vote(token: str, statement_id: str, key: str) -> None:
    outcome = svc.vote(token, statement_id, st.session_state.get(key))
    if isinstance(outcome, Voted):
        session.workshop_note("success", t("workshop.phone.saved"))
        return
    session.forget_widget(key)  # shown again as stored on the next run
    if isinstance(outcome, VoteRefused):
        session.workshop_note("warning", t(f"workshop.refused.{outcome.reason}"))
    else:
        assert isinstance(outcome, VoteInvalid)
        session.workshop_note("error", t("workshop.phone.invalid"))


def _room_progress(results: Results, rule: RuleResult) -> Progress | None:
    """How far the room is with a rule in the round being voted: the answers to its
    statement with the fewest ("k of N answered"); None once it is revealed."""
    second = results.phase is Phase.RERATE
    items = [s.round2 if second else s.round1 for s in rule.statements]
    waiting = [p for p in items if isinstance(p, Progress)]
    if not waiting:
        return None
    return Progress(min(p.answered for p in waiting), results.participants)


def rate(phone: PhoneState, token: str) -> None:
    view = phone.view
    assert view.round is not None
    st.subheader(t("workshop.phone.rate_heading", n=view.round))
    st.caption(t("workshop.phone.rate_help"))
    options = wv.scale_options()
    labels = {v: wv.value_label(v) for v in options}
    rules = phone.workshop.state.rules_in_round(view.round)
    shown = 0
    for rule in rules:
        st.markdown(f"#### {wv.rule_label(rule.rule_id)}")
        for sid in rule.statements:
            key = session.workshop_vote_key(token, view.round, sid)
            # The stored answer, whenever it changed behind the widget (a refresh, a
            # rule started over by the facilitator).
            session.seed_tracked(key, view.own.get(sid))
            votable = sid in view.votable
            st.radio(wv.statement_label(sid), options, key=key, format_func=labels.__getitem__,
                     disabled=not votable, on_change=_vote, args=(token, sid, key))
            if not votable:
                st.caption(t("workshop.phone.not_open") if sid not in view.own
                           else t("workshop.phone.fixed"))
            shown += 1
    if not shown:
        st.info(t("workshop.phone.nothing_open"))


def after_reveal(results: Results) -> None:
    revealed = [r for r in results.rules if r.revealed >= 1]
    if not revealed:
        return
    st.subheader(t("workshop.phone.results"))
    for rule in revealed:
        with st.expander(wv.rule_label(rule.rule_id)):
            st.html(wv.statements_html(rule.statements, compact=True))


# --------------------------------------------------------------------- polling
def _signature(view: ParticipantView) -> tuple[object, ...]:
    """What the phone's full run drew: a change (a phase, a rule opened or locked,
    its answers deleted by a reset) needs a full run."""
    return (view.phase, view.round, view.votable, tuple(sorted(view.own.items())))


@st.fragment(run_every=svc.settings.polling.phone_seconds)
def live(token: str, workshop_id: str) -> None:
    """Every few seconds: one read of the workshop's versions (none in the full run,
    which hands over what it read). When only votes came in (the state version is
    the one drawn), only the room's answer counts are read again; when the state
    changed, the phone is read again (one read), and a new phase or a newly opened
    or locked rule starts a full run (which also re-arms this timer). (A second tab
    of the same seat sees its other tab's answers on its next full run.)"""
    seen = wv.version_now("phone", lambda: svc.versions(workshop_id))
    if wv.changed_since("phone", seen):
        kept = wv.kept("phone")
        if (seen is not None and kept is not None and isinstance(kept[1], Results)
                and isinstance(kept[0], tuple) and kept[0][0] == seen[0]):
            wv.remember("phone", seen, svc.recount(kept[1], seen[1]))
        else:
            fresh = svc.phone(token)
            if fresh is None or _signature(fresh.view) != session.drawn("phone"):
                wv.forget("phone")
                st.rerun()
            seen = (fresh.workshop.state_version, fresh.version)
            wv.remember("phone", seen, fresh.results if fresh.view.round else None)
    results = wv.remembered("phone", seen, lambda: None)
    if not isinstance(results, Results):
        return
    # One line, not one per open rule: on a phone a list of ten rules pushed the
    # first question a screen down. The room is as far as its slowest statement.
    waiting = [p for rule in results.rules if rule.open and not rule.locked
               if (p := _room_progress(results, rule)) is not None]
    line = t("workshop.phone.in_room", n=results.participants)
    if waiting:
        slowest = min(waiting, key=lambda p: p.answered)
        line += " · " + wv.progress_text(slowest)
    st.caption(line)


# --------------------------------------------------------------------- page
token = st.query_params.get(TOKEN_PARAM)
phone = svc.phone(token) if token else None  # the run's one read of the database
view = phone.view if phone is not None else None
wv.frame(view.language if view is not None else None, wide=False)

if phone is None or view is None or token is None:
    if token:
        st.query_params.pop(TOKEN_PARAM, None)
        session.workshop_note("warning", t("workshop.join.token_unknown"))
    code = st.query_params.get(CODE_PARAM)
    if code and st.session_state.get(session.WORKSHOP_AUTOJOINED) != code:
        st.session_state[session.WORKSHOP_AUTOJOINED] = code  # tried once per session
        _join(code)
        if st.query_params.get(TOKEN_PARAM):
            st.rerun()
        st.query_params.pop(CODE_PARAM, None)
        st.session_state[session.WORKSHOP_JOIN_INPUT] = code[:MAX_TYPED]
    join_form()
    st.stop()

session.set_drawn("phone", _signature(view))
wv.hand_over("phone", (phone.workshop.state_version, phone.version),
             phone.results if view.round else None)
seat_cookie.remember(token, phone.workshop.code)
st.caption(t("workshop.phone.header", code=view.code))
if session.take_seat_given_back(token):
    st.success(t("workshop.join.welcome_back"), icon=":material/event_seat:")
_show_note()
live(token, view.workshop_id)
if view.phase is Phase.LOBBY:
    st.title(t("workshop.phone.lobby_title"))
    st.write(t("workshop.phone.lobby"))
elif view.phase in VOTING:
    rate(phone, token)
elif view.phase is Phase.CLOSE:
    st.title(t("workshop.phone.closed_title"))
    st.write(t("workshop.phone.closed"))
    after_reveal(phone.results)
else:
    st.title(t(f"workshop.phone.{view.phase.value}_title"))
    st.write(t("workshop.phone.look_at_screen"))
    after_reveal(phone.results)
wv.refresh_button("phone_refresh")
