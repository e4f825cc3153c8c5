"""Callbacks for the scenarios page: open, duplicate, rename, note, delete with
confirmation, and restore. Each writes through the store and says what happened."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from reports.format import escape_markdown
from ui import plan_state
from ui.i18n import t
from ui.resources import get_store

CONFIRM = "confirm_delete"
DELETED_HERE = "deleted_here"  # restorable until the user leaves the page


def _safely(action: str, fn: Callable[[], object]) -> bool:
    try:
        fn()
    except (SQLAlchemyError, KeyError):
        plan_state.flash("error", t("scenario.failed", action=action))
        return False
    return True


def open_scenario(token: str) -> None:
    plan_state.open_plan(token)


def new_scenario() -> None:
    ws = plan_state.workspace()
    store = get_store()
    if _safely(t("scenario.new"), lambda: store.create(
            title=t("scenario.new_title"), language=st.session_state.get("lang", "nl"),
            workspace=ws)):
        plan_state.flash("success", t("scenario.created"))


def duplicate(token: str, title: str) -> None:
    store = get_store()
    name = t("scenario.copy_title", title=title)[:120]
    if _safely(t("scenario.duplicate"), lambda: store.duplicate(token, name)):
        plan_state.flash("success", t("scenario.duplicated", title=escape_markdown(name)))


def rename(token: str) -> None:
    name = " ".join(str(st.session_state.get(f"name:{token}", "")).split())[:120]
    if not name:
        return
    if _safely(t("scenario.rename"), lambda: get_store().update(token, title=name)) and \
            token == plan_state.token():
        st.session_state[plan_state.TITLE] = name
        st.session_state.pop("title_input", None)


def save_note(token: str) -> None:
    note = str(st.session_state.get(f"note:{token}", ""))[:2000]
    _safely(t("scenario.note"), lambda: get_store().update(token, note=note))


def ask_delete(token: str) -> None:
    st.session_state[CONFIRM] = token


def cancel_delete() -> None:
    st.session_state.pop(CONFIRM, None)


def confirm_delete(token: str, title: str) -> None:
    st.session_state.pop(CONFIRM, None)
    if not _safely(t("scenario.delete"), lambda: get_store().delete(token)):
        return
    st.session_state.setdefault(DELETED_HERE, []).append(token)
    plan_state.flash("info", t("scenario.deleted", title=escape_markdown(title)))
    if token == plan_state.token():
        ws = plan_state.workspace()
        remaining = get_store().scenarios(ws) if ws else []
        if remaining:
            plan_state.open_plan(remaining[0].token)


def restore(token: str) -> None:
    if _safely(t("scenario.restore"), lambda: get_store().restore(token)):
        st.session_state[DELETED_HERE] = [x for x in st.session_state.get(DELETED_HERE, [])
                                          if x != token]
        plan_state.flash("success", t("scenario.restored"))
