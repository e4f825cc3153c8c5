"""Callbacks for the scenarios page: open, new, duplicate, rename, note, delete with
confirmation, and restore. Each calls the plan service and says what happened."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from reports.format import escape_markdown
from scoring.answers import AnswerValue
from services import PlanNotFound, StorageUnavailable
from ui import current_plan, session
from ui.i18n import lang, t
from ui.resources import get_service

T = TypeVar("T")


def _safely(action: str, fn: Callable[[], T]) -> tuple[bool, T | None]:
    """Run one store action: (True, its result), or tell the user nothing changed."""
    try:
        return True, fn()
    except (StorageUnavailable, PlanNotFound):
        session.flash("error", t("scenario.failed", action=action))
        return False, None


def open_scenario(token: str) -> None:
    ok, opened = _safely(t("scenario.open"), lambda: current_plan.open_plan(token))
    if ok and opened:
        _edit(token)


def _edit(token: str) -> None:
    """Make this scenario the one the overview edits."""
    ws = session.workspace()
    if ws is not None:
        session.set_widget(session.edit_target_key(ws), token)


def answer(token: str, question_id: str, raw: AnswerValue | None,
           seen: AnswerValue | None) -> None:
    """Save an answer of the scenario edited in the overview (current or not)."""
    outcome = get_service().save_answer(token, question_id, raw, expected=seen)
    current_plan.explain_outcome(question_id, outcome,
                                 widget_key=session.edit_question_key(token, question_id))


def new_scenario() -> None:
    ws = session.workspace()
    if ws is None:
        return
    if _safely(t("scenario.new"), lambda: get_service().new_scenario(
            ws, title=t("scenario.new_title"), language=lang()))[0]:
        session.flash("success", t("scenario.created"))


def duplicate(token: str, title: str) -> None:
    name = t("scenario.copy_title", title=title)
    ok, copy = _safely(t("scenario.duplicate"), lambda: get_service().duplicate(token, name))
    if ok and copy is not None:
        current_plan.adopt(copy)  # the copy is what the user goes on to change
        _edit(copy.token)
        session.flash("success", t("scenario.duplicated", title=escape_markdown(copy.title)))


def rename(token: str) -> None:
    key = session.scenario_name_key(token)
    outcome = get_service().rename(token, str(session.widget_value(key) or ""),
                                   expected=session.seen(key))
    current_plan.explain_field_outcome(key, outcome)
    if token == session.token():
        session.forget_widget(session.TITLE_INPUT)  # the scan's name field shows it too


def save_note(token: str) -> None:
    key = session.scenario_note_key(token)
    outcome = get_service().set_note(token, str(session.widget_value(key) or ""),
                                     expected=session.seen(key))
    current_plan.explain_field_outcome(key, outcome)


def ask_delete(token: str) -> None:
    session.ask_delete(token)


def cancel_delete() -> None:
    session.ask_delete(None)


def confirm_delete(token: str, title: str) -> None:
    session.ask_delete(None)
    ok, next_up = _safely(t("scenario.delete"), lambda: get_service().delete(token))
    if not ok:
        return
    session.set_deleted_here([*session.deleted_here(), token])
    session.flash("info", t("scenario.deleted", title=escape_markdown(title)))
    if token == session.token() and next_up is not None:
        current_plan.adopt(next_up)


def restore(token: str) -> None:
    if _safely(t("scenario.restore"), lambda: get_service().restore(token))[0]:
        session.set_deleted_here([x for x in session.deleted_here() if x != token])
        session.flash("success", t("scenario.restored"))
