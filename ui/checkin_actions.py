"""Callbacks of the check-in page: start the network, open and close a moment,
save one respondent's answers to a moment, record the decision. Each calls the
check-in service and says what happened; a refusal loses nothing the user typed
(the widgets keep it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

import streamlit as st

from content.checkins import Moment, default_checkins
from services.checkins import (
    Answered,
    DecisionInvalid,
    InvalidAnswer,
    MomentRefused,
    NetworkNotFound,
    NotAuthorised,
    PlanDeleted,
    PlanNotFound,
    RespondentNotFound,
    StorageUnavailable,
    TextTooLong,
)
from ui import session
from ui.i18n import lang, t
from ui.resources import get_checkin_service

T = TypeVar("T")


def _safely(fn: Callable[[], T]) -> T | None:
    try:
        return fn()
    except StorageUnavailable:
        session.flash("error", t("checkin.failed"))
    except NetworkNotFound:  # deleted meanwhile (in another tab)
        session.flash("error", t("checkin.network_deleted_now"))
    except PlanDeleted:  # the plan is a deleted scenario: the network is paused
        session.flash("error", t("checkin.refused_plan_deleted"))
    except (PlanNotFound, NotAuthorised):
        session.flash("error", t("checkin.not_owner"))
    return None


def _moment_title(moment: Moment) -> str:
    return default_checkins().texts[lang()].moments[moment].title


def start_network(plan_token: str) -> None:
    network = _safely(lambda: get_checkin_service().start_network(plan_token, language=lang()))
    if network is not None:
        st.query_params[session.CHECKIN_NETWORK_PARAM] = network.id
        session.flash("success", t("checkin.started"))


def open_moment(network_id: str, plan_token: str, moment: Moment) -> None:
    if _safely(lambda: get_checkin_service().open_moment(network_id, plan_token, moment)):
        session.set_widget(session.checkin_moment_key(network_id), moment)
        session.flash("success", t("checkin.moment_opened", moment=_moment_title(moment)))


def close_moment(network_id: str, plan_token: str, moment: Moment) -> None:
    if _safely(lambda: get_checkin_service().close_moment(network_id, plan_token, moment)):
        session.flash("info", t("checkin.moment_closed_now", moment=_moment_title(moment)))


def respondent_token(network_id: str) -> str | None:
    """This browser's respondent in this network: from the session, else from the
    URL (a refresh, or the link kept by the participant), else None."""
    service = get_checkin_service()
    token = session.checkin_respondent(network_id) or \
        st.query_params.get(session.CHECKIN_RESPONDENT_PARAM)
    if token is None:
        return None
    found = service.respondent(token)
    if found is None or found.network_id != network_id:
        return None
    session.set_checkin_respondent(network_id, token)
    return token


def _ensure_respondent(network_id: str) -> str:
    token = respondent_token(network_id)
    if token is None:
        if st.query_params.get(session.CHECKIN_RESPONDENT_PARAM):
            session.flash("warning", t("checkin.respondent_gone"))
        token = get_checkin_service().join(network_id).token
        session.set_checkin_respondent(network_id, token)
    st.query_params[session.CHECKIN_RESPONDENT_PARAM] = token
    return token


def save_answers(network_id: str, moment: Moment) -> None:
    """Every answer, story and (at the start) the learning question of this moment
    as the form holds them; one message for the whole save."""
    checkins = default_checkins()
    service = get_checkin_service()
    texts = checkins.texts[lang()]
    try:
        token = _ensure_respondent(network_id)
        outcomes: list[tuple[str, object]] = []
        for item_id in checkins.statements_at(moment):
            value = session.widget_value(session.checkin_answer_key(network_id, moment, item_id))
            outcomes.append((item_id, service.answer(token, moment, item_id, value)))
        for story_id in checkins.stories_at(moment):
            text = session.widget_value(session.checkin_story_key(network_id, moment, story_id))
            outcomes.append((texts.stories[story_id].prompt,
                             service.save_story(token, moment, story_id, text or "")))
        if moment == "start":
            question = session.widget_value(session.checkin_learning_key(network_id)) or ""
            shared = bool(session.widget_value(session.checkin_share_key(network_id)))
            outcomes.append((texts.learning_question.label,
                             service.set_learning_question(token, question, shared=shared)))
    except NetworkNotFound:  # deleted by its initiator meanwhile
        session.flash("error", t("checkin.network_deleted_now"))
        return
    except (StorageUnavailable, RespondentNotFound):
        session.flash("error", t("checkin.failed"))
        return
    changed = False
    for field, outcome in outcomes:
        if isinstance(outcome, MomentRefused):
            session.flash("error", t(f"checkin.refused_{outcome.reason}"))
            return
        if isinstance(outcome, TextTooLong):
            session.flash("error", t("checkin.too_long", field=field, length=outcome.length,
                                     max=outcome.max_length))
        elif isinstance(outcome, InvalidAnswer):
            session.flash("error", t("checkin.invalid_answer", field=field))
        elif isinstance(outcome, Answered):
            changed = changed or outcome.changed
    session.flash("success" if changed else "info",
                  t("checkin.saved" if changed else "checkin.nothing_changed"))


def save_decision(network_id: str, plan_token: str) -> None:
    choice = session.widget_value(session.checkin_decision_key(network_id))
    follow_up = session.widget_value(session.checkin_follow_up_key(network_id))
    day = follow_up if isinstance(follow_up, date) else None
    outcome = _safely(lambda: get_checkin_service().record_decision(
        network_id, plan_token, str(choice or ""), day))
    if outcome is None:
        return
    if isinstance(outcome, DecisionInvalid):
        session.flash("error", t(f"checkin.decision_{outcome.code}", days=outcome.max_days))
    else:
        session.flash("success", t("checkin.decision_saved"))
