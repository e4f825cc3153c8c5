"""One widget per question kind, for any use: the scan, the scenario overview,
and later a workshop vote or a pulse survey. The widget knows nothing of plans:
it shows `value` (the stored answer) and hands every change to
`on_save(question_id, new_value, value_seen)`; the caller checks and stores it.

`value_seen` is the stored answer the widget was last seeded with, i.e. what the
user saw when they changed it. When the stored answer changes behind the widget
(another tab, a reconnect, the widget's own save), the widget is seeded again
before it is drawn, so it never shows an answer the store does not hold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from content.models import NONE_OF_THESE, SCALE, UNKNOWN, Question, QuestionText
from scoring.answers import AnswerValue
from ui import session
from ui.browser_state import arrived_unhandled
from ui.i18n import t

SPECIAL = (NONE_OF_THESE, UNKNOWN)
OnSave = Callable[[str, AnswerValue | None, AnswerValue | None], None]


def _integral(q: Question) -> bool:
    return float(q.step or 1).is_integer() and float(q.minimum or 0).is_integer()


def _widget_state(q: Question, value: AnswerValue | None) -> Any:
    """The widget's own state for a stored answer."""
    if q.kind == "multi":
        return list(value) if isinstance(value, list) else []
    if q.kind == "text":
        return value if isinstance(value, str) else ""
    if q.kind == "number" and isinstance(value, int | float):
        return int(value) if _integral(q) else float(value)
    return value




def _to_answer(q: Question, raw: Any) -> AnswerValue | None:
    if q.kind == "multi":
        return list(raw) if raw else None
    if q.kind == "text":
        return raw or None
    return raw


def _normalise_multi(before: AnswerValue | None, chosen: list[str]) -> list[str]:
    """Keep "none of these" / "don't know" exclusive: the latest click wins."""
    before_list = before if isinstance(before, list) else []
    added = [c for c in chosen if c not in before_list]
    for special in SPECIAL:
        if special in added:
            return [special]
    if any(c not in SPECIAL for c in chosen):
        return [c for c in chosen if c not in SPECIAL]
    return chosen


def _changed(q: Question, key: str, on_save: OnSave) -> None:
    raw = st.session_state.get(key)
    seen = session.seen(key)
    if q.kind == "multi":
        raw = _normalise_multi(seen, list(raw or []))
        st.session_state[key] = raw
    on_save(q.id, _to_answer(q, raw), seen)


def render_question(q: Question, qt: QuestionText, *, key: str, value: AnswerValue | None,
                    on_save: OnSave, disabled: bool = False) -> None:
    """Draw one question with its "why" line; `value` is the stored answer;
    `disabled` shows it read-only."""
    from_browser = arrived_unhandled(key)  # a click made while the server restarted
    if not from_browser:
        session.seed_tracked(key, value, _widget_state(q, value))
    common: dict[str, Any] = {"key": key, "on_change": _changed, "args": (q, key, on_save),
                              "disabled": disabled}
    # Labels are computed now, in this run's language (format_func may be called later).
    if q.kind == "scale":
        options: list[Any] = [*SCALE] + ([UNKNOWN] if q.allow_unknown else [])
        labels: dict[Any, str] = {v: f"{v} · {t(f'scale.{v}')}" for v in SCALE}
        labels[UNKNOWN] = t("answer.unknown")
        shown = st.radio(qt.label, options, index=None, horizontal=True,
                         format_func=labels.__getitem__, **common)
    elif q.kind == "choice":
        options = q.option_ids + ([UNKNOWN] if q.allow_unknown else [])
        labels = {UNKNOWN: t("answer.unknown"), **qt.options}
        shown = st.radio(qt.label, options, index=None, format_func=labels.__getitem__,
                         **common)
    elif q.kind == "multi":
        options = [*q.option_ids, NONE_OF_THESE] + ([UNKNOWN] if q.allow_unknown else [])
        labels = {NONE_OF_THESE: t("answer.none_of_these"), UNKNOWN: t("answer.unknown"),
                  **qt.options}
        shown = st.pills(qt.label, options, selection_mode="multi",
                         format_func=labels.__getitem__, help=qt.help or t("scan.multi_hint"),
                         **common)
    elif q.kind == "number":
        assert q.minimum is not None and q.maximum is not None and q.step is not None
        cast = int if _integral(q) else float
        shown = st.number_input(qt.label, min_value=cast(q.minimum), max_value=cast(q.maximum),
                                step=cast(q.step), value=None,
                                placeholder=t("scan.number_placeholder"),
                                format=None if _integral(q) else "%.1f", **common)
    else:
        shown = st.text_input(qt.label, max_chars=q.max_length,
                              placeholder=t("scan.text_placeholder"), **common)
    st.caption(f"**{t('scan.why')}** {qt.why}")
    if not q.known_before_start:
        st.caption(f":material/schedule: {t('scan.after_start')}")
    if from_browser:
        _take_browser_value(q, key, value, shown)


def _take_browser_value(q: Question, key: str, stored: AnswerValue | None,
                        shown: Any) -> None:
    """After a reconnect to a restarted server: the browser showed `shown`. If that
    is the stored answer, all is well. Otherwise it is a click the server never
    received, or an answer changed meanwhile in another tab; which one cannot be
    told, so nothing is saved on a guess. The stored answer is shown again (after
    this run) and the user is told that a choice just made was not saved."""
    if shown == _widget_state(q, stored):
        session.mark_seen(key, stored)
        return
    session.forget_widget(key)
    session.flash_once("warning", t("plan.reconnected"))
    session.request_rerun()
