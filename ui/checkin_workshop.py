"""A check-in moment answered by the group through the live workshop: the section
of the check-in page (which moments went through a workshop; for the network's
initiator, starting one and the list of its workshops) and the facilitator's
part on the control view (what the workshop is for, and recording the room's
answers into the moment). They call services/moment_workshop.py and say what
became of it; text from the content and the catalogues is escaped."""

from __future__ import annotations

from typing import cast

import streamlit as st

from content.checkins import MOMENTS, Moment, default_checkins
from content.labels import date_text
from reports.format import escape_markdown
from services import StorageUnavailable
from services.checkins import Fed, InvalidAnswer, MomentRefused, NetworkNotFound
from services.checkins import NotAuthorised as NotOwner
from services.moment_workshop import MomentWorkshop, Network, NothingToRecord, Workshop
from services.workshop import ActionRefused, Created, NotAuthorised, WorkshopNotFound
from ui import session
from ui import workshop_view as wv
from ui.i18n import lang, t, url_params
from ui.resources import get_content, get_moment_workshop_service

CONTROL_PAGE = "pages/workshop_leiden.py"
SCREEN_PAGE = "workshop-scherm"


def _title(moment: str, language: str | None = None) -> str:
    return default_checkins().texts[language or lang()].moments[cast(Moment, moment)].title


# ------------------------------------------------------------ the check-in page
def _start(network: Network, plan_token: str, moment: Moment) -> None:
    """Create the moment's workshop and open its control view (the link with the
    secret); a refusal is said here and nothing is created."""
    try:
        outcome = get_moment_workshop_service().start(network.id, plan_token, moment)
    except (StorageUnavailable, NetworkNotFound, NotOwner):
        st.error(t("checkin.failed"))
        return
    if isinstance(outcome, Created):
        st.switch_page(CONTROL_PAGE, query_params={"ws": outcome.workshop_id,
                                                   "key": outcome.control_secret})
    st.error(t(f"wspulse.refused_{outcome.reason}", moment=_title(moment)))


def _answered_lines(network: Network, listed: list[MomentWorkshop]) -> list[str]:
    codes = {w.workshop_id: w.code for w in listed}
    lines = []
    for moment in MOMENTS:
        state = network.moment(moment)
        if state is None or state.source != "workshop":
            continue
        code = codes.get(state.workshop_id or "")
        lines.append(t("wspulse.answered_through", moment=_title(moment), code=code)
                     if code else t("wspulse.answered_through_gone", moment=_title(moment)))
    return lines


def _workshop_table(listed: list[MomentWorkshop]) -> None:
    messages = get_content().messages[lang()]
    head = [t("wspulse.col_moment"), t("wspulse.col_code"), t("wspulse.col_started"),
            t("wspulse.col_phase"), t("wspulse.col_phones"), t("wspulse.col_recorded")]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for w in listed:
        screen = wv.page_link(SCREEN_PAGE, ws=w.workshop_id)
        rows.append("| " + " | ".join([
            escape_markdown(_title(w.moment)), f"[{w.code}]({screen})",
            date_text(w.created_at.date(), messages), t(f"workshop.phase.{w.phase.value}"),
            str(w.participants),
            t("wspulse.recorded_yes", date=date_text(w.recorded_at.date(), messages))
            if w.recorded_at is not None else t("wspulse.recorded_no")]) + " |")
    st.markdown("\n".join(rows))
    st.caption(t("wspulse.list_help"))


def checkin_section(network: Network, plan_token: str | None, owner: bool) -> None:
    """Which moments the group answered in a live workshop; for the initiator also
    a button per moment that has statements and is not closed, and the workshops
    run so far."""
    service = get_moment_workshop_service()
    try:
        listed = service.for_network(network)
    except StorageUnavailable:
        st.error(t("checkin.failed"))
        return
    lines = _answered_lines(network, listed)
    if not owner or plan_token is None:
        if lines:  # a participant's link: how the moments were answered, nothing more
            st.subheader(t("wspulse.heading"))
            for line in lines:
                st.success(line, icon=":material/groups:")
            st.caption(t("wspulse.personal"))
        return
    st.subheader(t("wspulse.heading"))
    anonymity = service.workshops.settings.anonymity
    st.markdown(t("wspulse.intro", figure=anonymity.min_figure,
                  distribution=anonymity.min_distribution))
    st.caption(t("wspulse.personal"))
    row = st.container(horizontal=True)
    for moment in MOMENTS:
        if not service.can_run(moment):
            continue
        state = network.moment(moment)
        closed = state is not None and not state.is_open
        count = len(default_checkins().statements_at(moment))
        if row.button(t("wspulse.start", moment=_title(moment)), key=f"wspulse_start_{moment}",
                      icon=":material/co_present:", disabled=closed,
                      help=t("wspulse.closed_help") if closed
                      else t("wspulse.start_help", n=count)):
            _start(network, plan_token, moment)
    for line in lines:
        st.success(line, icon=":material/groups:")
    if listed:
        _workshop_table(listed)


# ------------------------------------------------------------ the control view
def control_banner(workshop: Workshop) -> None:
    """What this workshop is for, at the top of its control view."""
    if workshop.moment is None:
        return
    st.info(t("wspulse.banner", moment=_title(workshop.moment, workshop.language)),
            icon=":material/event_repeat:")


def _checkin_link(network_id: str) -> str:
    return wv.page_link("checkin", network=network_id, **url_params())


def record_section(workshop: Workshop, secret: str) -> None:
    """In the decide and close phases of a moment's workshop, instead of saving a
    scenario: record what the room answered into the moment. One button; pressed
    again, it updates (nobody is added twice)."""
    if workshop.moment is None or workshop.network_id is None:
        return
    service = get_moment_workshop_service()
    moment = _title(workshop.moment, workshop.language)
    st.subheader(t("wspulse.record_heading", moment=moment))
    st.caption(t("wspulse.record_help", moment=moment))
    recorded = service.recorded(workshop.id) is not None
    label = t("wspulse.record_again") if recorded else t("wspulse.record_button",
                                                        moment=moment)
    st.button(label, key="wspulse_record", type="primary", icon=":material/move_to_inbox:",
              on_click=_record, args=(workshop, secret, moment))
    if recorded:
        st.success(t("wspulse.recorded_state", moment=moment), icon=":material/check_circle:")
        st.markdown(f"[{t('wspulse.open_checkin')}]({_checkin_link(workshop.network_id)})")


def _record(workshop: Workshop, secret: str, moment: str) -> None:
    """The button's callback: record, and say what became of it at the top of the
    control view (as every facilitator action does)."""
    note = session.workshop_note
    try:
        outcome = get_moment_workshop_service().record(workshop.id, secret)
    except NotAuthorised:
        note("error", t("workshop.control.not_authorised"))
        return
    except ActionRefused as refused:
        note("warning", t(f"workshop.refused.{refused.reason}"))
        return
    except (NetworkNotFound, WorkshopNotFound):
        note("error", t("wspulse.network_gone"))
        return
    except StorageUnavailable:
        note("error", t("plan.storage_unavailable"))
        return
    if isinstance(outcome, Fed):
        note("success", t("wspulse.recorded", n=outcome.respondents, changed=outcome.changed,
                          moment=moment))
    elif isinstance(outcome, NothingToRecord):
        note("warning", t("wspulse.nothing"))
    elif isinstance(outcome, MomentRefused):
        note("error", t(f"wspulse.refused_{outcome.reason}", moment=moment))
    else:
        assert isinstance(outcome, InvalidAnswer)
        note("error", t("wspulse.invalid"))
