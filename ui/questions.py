"""One widget per question kind. Widgets are seeded from the stored answers before
they are created, and every change is validated and saved at once."""

from __future__ import annotations

from typing import Any

import streamlit as st

from content.models import NONE_OF_THESE, UNKNOWN, Question, QuestionText
from scoring.answers import AnswerValue, check_answer
from ui import plan_state
from ui.i18n import t

SPECIAL = (NONE_OF_THESE, UNKNOWN)


def widget_key(question_id: str) -> str:
    return f"{plan_state.WIDGET_PREFIX}{question_id}"


def _seed(q: Question) -> None:
    """Put the stored answer in the widget's state before the widget exists."""
    key = widget_key(q.id)
    if key in st.session_state:
        return
    stored = plan_state.answers().get(q.id)
    if q.kind == "multi":
        st.session_state[key] = list(stored) if isinstance(stored, list) else []
    elif q.kind == "text":
        st.session_state[key] = stored if isinstance(stored, str) else ""
    elif q.kind == "number" and isinstance(stored, int | float):
        integral = float(q.step or 1).is_integer() and float(q.minimum or 0).is_integer()
        st.session_state[key] = int(stored) if integral else float(stored)
    else:
        st.session_state[key] = stored


def _to_answer(q: Question, raw: Any) -> AnswerValue | None:
    if q.kind == "multi":
        return list(raw) if raw else None
    if q.kind == "text":
        return raw or None
    return raw


def _normalise_multi(q: Question, chosen: list[str]) -> list[str]:
    """Keep "none of these" / "don't know" exclusive: the latest click wins."""
    before = plan_state.answers().get(q.id)
    before_list = before if isinstance(before, list) else []
    added = [c for c in chosen if c not in before_list]
    for special in SPECIAL:
        if special in added:
            return [special]
    if any(c not in SPECIAL for c in chosen):
        return [c for c in chosen if c not in SPECIAL]
    return chosen


def _on_change(q: Question) -> None:
    key = widget_key(q.id)
    raw = st.session_state.get(key)
    if q.kind == "multi":
        raw = _normalise_multi(q, list(raw or []))
        st.session_state[key] = raw
    value, problem = check_answer(q, _to_answer(q, raw))
    if problem is not None:
        reason = t(f"problem.{problem.code}", question=q.id, **problem.detail)
        plan_state.flash("error", t("plan.answer_refused", reason=reason))
        return
    plan_state.save_answer(q.id, value)


def render_question(q: Question, qt: QuestionText) -> None:
    _seed(q)
    key = widget_key(q.id)
    common: dict[str, Any] = {"key": key, "on_change": _on_change, "args": (q,)}
    # Labels are computed now, in this run's language (format_func may be called later).
    if q.kind == "scale":
        options: list[Any] = [1, 2, 3, 4, 5] + ([UNKNOWN] if q.allow_unknown else [])
        labels: dict[Any, str] = {v: f"{v} · {t(f'scale.{v}')}" for v in (1, 2, 3, 4, 5)}
        labels[UNKNOWN] = t("answer.unknown")
        st.radio(qt.label, options, index=None, horizontal=True,
                 format_func=labels.__getitem__, **common)
    elif q.kind == "choice":
        options = q.option_ids + ([UNKNOWN] if q.allow_unknown else [])
        labels = {UNKNOWN: t("answer.unknown"), **qt.options}
        st.radio(qt.label, options, index=None, format_func=labels.__getitem__, **common)
    elif q.kind == "multi":
        options = [*q.option_ids, NONE_OF_THESE] + ([UNKNOWN] if q.allow_unknown else [])
        labels = {NONE_OF_THESE: t("answer.none_of_these"), UNKNOWN: t("answer.unknown"),
                  **qt.options}
        st.pills(qt.label, options, selection_mode="multi", format_func=labels.__getitem__,
                 help=qt.help or t("scan.multi_hint"), **common)
    elif q.kind == "number":
        assert q.minimum is not None and q.maximum is not None and q.step is not None
        integral = float(q.step).is_integer() and float(q.minimum).is_integer()
        cast = int if integral else float
        st.number_input(qt.label, min_value=cast(q.minimum), max_value=cast(q.maximum),
                        step=cast(q.step), value=None, placeholder=t("scan.number_placeholder"),
                        format=None if integral else "%.1f", **common)
    else:
        st.text_input(qt.label, max_chars=q.max_length, placeholder=t("scan.text_placeholder"),
                      **common)
    st.caption(f"**{t('scan.why')}** {qt.why}")
