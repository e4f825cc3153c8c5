"""The plan of this browser session: found by the ``plan`` URL parameter, held in
session state, and saved to the store on every change (nothing is lost on a
refresh, a closed tab or a server restart)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlparse

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from reports.format import escape_markdown
from scoring.answers import Answers, AnswerValue
from storage import AnswerConflict, Plan, is_valid_token
from ui.i18n import lang, t, url_params
from ui.resources import get_store

TOKEN = "plan_token"
ANSWERS = "answers"
TITLE = "plan_title"
WORKSPACE = "workspace"
RULE_IDX = "rule_idx"
SAVED_AT = "saved_at"
FLASH = "flash"
WIDGET_PREFIX = "q:"


def token() -> str | None:
    value = st.session_state.get(TOKEN)
    return value if isinstance(value, str) else None


def workspace() -> str | None:
    value = st.session_state.get(WORKSPACE)
    return value if isinstance(value, str) else None


def answers() -> Answers:
    current = st.session_state.get(ANSWERS)
    if not isinstance(current, dict):
        current = {}
        st.session_state[ANSWERS] = current
    return current


def title() -> str:
    return str(st.session_state.get(TITLE) or t("plan.default_title"))


def title_md() -> str:
    """The title for Markdown contexts: user text made inert."""
    return escape_markdown(title())


def flash(kind: str, text: str) -> None:
    st.session_state.setdefault(FLASH, []).append((kind, text))


def show_flashes() -> None:
    for kind, text in st.session_state.pop(FLASH, []):
        {"error": st.error, "warning": st.warning, "success": st.success}.get(kind, st.info)(text)


def _load(plan: Plan) -> None:
    ss = st.session_state
    for key in [k for k in ss if isinstance(k, str) and k.startswith(WIDGET_PREFIX)]:
        del ss[key]
    ss[TOKEN] = plan.token
    ss[WORKSPACE] = plan.workspace or plan.token
    ss[ANSWERS] = dict(plan.answers)
    ss[TITLE] = plan.title
    ss[RULE_IDX] = plan.current_rule
    for key in [k for k in ss if isinstance(k, str) and k.startswith("rule_pick")]:
        del ss[key]
    ss.pop("title_input", None)


def open_plan(plan_token: str) -> bool:
    """Make the plan with this token the session's plan; False if unknown."""
    plan = get_store().get(plan_token) if is_valid_token(plan_token) else None
    if plan is None:
        return False
    _load(plan)
    st.query_params["plan"] = plan.token
    return True


def new_plan(answers_: Answers | None = None, plan_title: str | None = None) -> Plan:
    plan = get_store().create(title=plan_title if plan_title is not None
                              else t("plan.default_title"),
                              language=lang(), answers=answers_)
    _load(plan)
    st.query_params["plan"] = plan.token
    return plan


def sync_with_url() -> None:
    """Run once per script run, before the page: URL and session agree on the plan."""
    current = token()
    requested = st.query_params.get("plan")
    if current is not None:
        if requested != current:
            st.query_params["plan"] = current
        return
    if requested and not open_plan(requested):
        del st.query_params["plan"]
        flash("warning", t("plan.link_unknown"))


def go(page: str) -> None:
    """Switch page, keeping the plan and the language in the URL."""
    params = url_params()
    if token() is not None:
        params["plan"] = str(token())
    st.switch_page(page, query_params=params)


def extract_token(text: str) -> str | None:
    """Accept a whole resume link or the bare code."""
    text = text.strip()
    if not text:
        return None
    if "plan=" in text:
        query = urlparse(text).query or text.split("?", 1)[-1]
        values = parse_qs(query).get("plan")
        text = values[0] if values else ""
    return text if is_valid_token(text) else None


def resume_link(page: str = "scan") -> str:
    base = "http://localhost:8501"
    try:
        url = st.context.url
        if url:
            parts = urlparse(url)
            base = f"{parts.scheme}://{parts.netloc}"
    except (AttributeError, RuntimeError):
        pass
    return f"{base}/{page}?plan={token()}"


def _persist(action: Any) -> bool:
    try:
        action()
    except SQLAlchemyError:
        flash("error", t("plan.save_failed"))
        return False
    st.session_state[SAVED_AT] = datetime.now().strftime("%H:%M:%S")
    return True


def save_answer(question_id: str, value: AnswerValue | None) -> None:
    """Store one answer (None clears it); creates the plan on the first answer.
    If another tab changed the same answer meanwhile, nothing is overwritten: this
    tab is shown the other answer and told so."""
    if token() is None:
        new_plan()
    plan_token = token()
    assert plan_token is not None
    seen = answers().get(question_id)
    try:
        saved = _persist(lambda: get_store().save_answer(plan_token, question_id, value,
                                                         expected=seen))
    except AnswerConflict as conflict:
        if conflict.current is None:
            answers().pop(question_id, None)
        else:
            answers()[question_id] = conflict.current
        st.session_state.pop(f"{WIDGET_PREFIX}{question_id}", None)  # reseed from the store
        flash("warning", t("plan.answer_conflict"))
        return
    if saved:
        if value is None:
            answers().pop(question_id, None)
        else:
            answers()[question_id] = value


def save_title(new_title: str) -> None:
    cleaned = " ".join(new_title.split())[:120]
    if token() is None:
        new_plan(plan_title=cleaned)
        return
    plan_token = token()
    assert plan_token is not None
    if _persist(lambda: get_store().update(plan_token, title=cleaned)):
        st.session_state[TITLE] = cleaned


def save_rule_index(index: int) -> None:
    st.session_state[RULE_IDX] = index
    plan_token = token()
    if plan_token is not None:
        _persist(lambda: get_store().update(plan_token, current_rule=index))
