"""Deleting a network on the check-in page, with a confirmation first and an undo
after, and what the page says about a network that is deleted or paused.

- Only the holder of the plan's link deletes (CheckinService checks the token
  again). Deleting asks first, naming how many participants answered; afterwards
  the network shows nothing and takes nothing, to anyone, and the initiator can
  restore it for the undo window of content/checkins.yaml (`retention`); then it
  is purged with everything answered in it.
- A participant's link to a deleted network says so in words, and shows nothing
  of the network (no figures, no stories, no moments).
- A network whose plan is a deleted scenario is paused: it can be read, not
  changed; its initiator gets the way back (restore the scenario), participants a
  note that their answers are kept.

The focus follows the keyboard user: after "Delete network…" it moves to the
confirmation's heading, after the deletion to the undo (ui/focus.py)."""

from __future__ import annotations

import streamlit as st

from content.labels import date_text, number
from services.checkins import (
    CheckinService,
    Network,
    NetworkNotFound,
    NotAuthorised,
    StorageUnavailable,
)
from ui import current_plan, focus, session
from ui.i18n import lang, t
from ui.resources import get_checkin_service, get_content

DELETE_ANCHOR = "checkin-delete"  # the heading of the delete section
DELETED_ANCHOR = "checkin-deleted"  # the heading of the list of deleted networks


def _day(network: Network) -> str:
    return date_text(network.started_at.date(), get_content().messages[lang()])


def _until(service: CheckinService, network: Network) -> str:
    return date_text(service.restorable_until(network).date(), get_content().messages[lang()])


# ------------------------------------------------------------------ callbacks
def ask_delete(network_id: str) -> None:
    session.ask_checkin_delete(network_id)
    focus.request_move(DELETE_ANCHOR)


def cancel_delete() -> None:
    session.ask_checkin_delete(None)
    focus.request_move(DELETE_ANCHOR)


def confirm_delete(network_id: str, plan_token: str) -> None:
    session.ask_checkin_delete(None)
    service = get_checkin_service()
    try:
        network = service.delete_network(network_id, plan_token)
    except StorageUnavailable:
        session.flash("error", t("checkin.failed"))
        return
    except (NetworkNotFound, NotAuthorised):
        session.flash("error", t("checkin.delete_not_possible"))
        return
    st.query_params.pop(session.CHECKIN_NETWORK_PARAM, None)
    session.flash("info", t("checkin.deleted", date=_day(network),
                            until=_until(service, network)))
    focus.request_move(DELETED_ANCHOR)


def restore(network_id: str, plan_token: str) -> None:
    try:
        network = get_checkin_service().restore_network(network_id, plan_token)
    except StorageUnavailable:
        session.flash("error", t("checkin.failed"))
        return
    except (NetworkNotFound, NotAuthorised):
        session.flash("error", t("checkin.restore_not_possible"))
        return
    st.query_params[session.CHECKIN_NETWORK_PARAM] = network.id
    session.flash("success", t("checkin.restored", date=_day(network)))


# -------------------------------------------------------------------- drawing
def deleted_list(service: CheckinService, plan_token: str) -> None:
    """The plan's deleted networks that can still be restored, each with its undo."""
    deleted = service.deleted_networks(plan_token)
    if not deleted:
        return
    heading = t("checkin.deleted_heading")
    st.subheader(heading, anchor=DELETED_ANCHOR)
    focus.move_if_requested(DELETED_ANCHOR, heading)
    for network in deleted:
        st.button(t("checkin.restore_named", date=_day(network)),
                  key=f"checkin_restore:{network.id}", on_click=restore,
                  args=(network.id, plan_token), icon=":material/undo:")
        st.caption(t("checkin.restorable_until", until=_until(service, network)))


def deleted_notice(service: CheckinService, network: Network, plan_token: str | None) -> None:
    """A link to a deleted network: its initiator may restore it; anyone else is
    told it is deleted, and sees nothing of it."""
    if service.deleted_state(network.id) is None:  # past its undo window
        st.error(t("checkin.network_gone"))
        return
    if plan_token is not None and plan_token == network.plan_token:
        st.warning(t("checkin.network_deleted_owner", date=_day(network),
                     until=_until(service, network)), icon=":material/delete:")
        st.button(t("checkin.restore_named", date=_day(network)),
                  key=f"checkin_restore:{network.id}", on_click=restore,
                  args=(network.id, plan_token), icon=":material/undo:", type="primary")
        return
    st.warning(t("checkin.network_deleted"), icon=":material/delete:")


def paused_notice(owner: bool) -> None:
    """The network's plan is a deleted scenario: read-only until it is restored."""
    if owner:
        st.warning(t("checkin.plan_deleted_owner"), icon=":material/pause_circle:")
        st.button(t("plan.restore"), on_click=current_plan.restore, icon=":material/undo:",
                  type="primary", key="checkin_restore_plan")
    else:
        st.info(t("checkin.plan_deleted_participant"), icon=":material/pause_circle:")


def delete_section(service: CheckinService, network: Network, plan_token: str) -> None:
    """For the initiator: how long Vonk keeps the network, and deleting it (asked
    first)."""
    messages = get_content().messages[lang()]
    heading = t("checkin.delete_heading")
    st.subheader(heading, anchor=DELETE_ANCHOR)
    focus.move_if_requested(DELETE_ANCHOR, heading)
    st.caption(t("checkin.kept_until", date=date_text(service.kept_until(network), messages),
                 days=number(service.checkins.retention.inactive_days, lang())))
    days = service.checkins.retention.deleted_undo_days
    if session.checkin_confirming_delete() == network.id:
        n = network.respondents
        answers = t("checkin.delete_answers_none") if n == 0 else \
            t("checkin.delete_answers_one") if n == 1 else t("checkin.delete_answers", count=n)
        st.warning(t("checkin.confirm_delete", date=_day(network), answers=answers, days=days))
        yes, no = st.columns(2)
        yes.button(t("checkin.confirm_yes"), key="checkin_delete_yes", type="primary",
                   on_click=confirm_delete, args=(network.id, plan_token),
                   icon=":material/delete:")
        no.button(t("checkin.confirm_no"), key="checkin_delete_no", on_click=cancel_delete)
        return
    st.button(t("checkin.delete"), key="checkin_delete", help=t("checkin.delete_help", days=days),
              on_click=ask_delete, args=(network.id,), icon=":material/delete:")
