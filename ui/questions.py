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

from content.labels import number, parse_number, question_text
from content.models import LANGUAGES, NONE_OF_THESE, SCALE, UNKNOWN, Question, QuestionText
from scoring.answers import AnswerValue
from ui import session
from ui.browser_state import arrived_unhandled
from ui.i18n import lang, t
from ui.resources import get_content

SPECIAL = (NONE_OF_THESE, UNKNOWN)
OnSave = Callable[[str, AnswerValue | None, AnswerValue | None], None]


def _widget_state(q: Question, value: AnswerValue | None) -> Any:
    """The widget's own state for a stored answer (a number as the reader writes it:
    "3,5" in Dutch)."""
    if q.kind == "multi":
        return list(value) if isinstance(value, list) else []
    if q.kind == "text":
        return value if isinstance(value, str) else ""
    if q.kind == "number":
        if isinstance(value, int | float):
            return number(value, lang())
        return t("answer.unknown") if value == UNKNOWN else ""
    return value


class NotANumber(ValueError):
    """What was typed in a number field is no number."""


def _to_answer(q: Question, raw: Any) -> AnswerValue | None:
    if q.kind == "multi":
        return list(raw) if raw else None
    if q.kind == "text":
        return raw or None
    if q.kind == "number":
        typed = str(raw or "").strip()
        if not typed:
            return None
        unknown = t("answer.unknown")  # "Weet ik niet / n.v.t.": the whole, or its first part
        if q.allow_unknown and typed.casefold() in (unknown.casefold(),
                                                    unknown.split("/")[0].strip().casefold()):
            return UNKNOWN
        value = parse_number(typed, lang())
        if value is None:
            raise NotANumber(typed)
        return int(value) if value.is_integer() else value
    return raw


def follow_language(key: str, stored: AnswerValue | None) -> None:
    """A number field showing "1,5" shows "1.5" after a switch to English (and back),
    while the stored value is the one it shows. For every number typed as text: the
    scan's questions and the rates (ui/rates.py)."""
    shown = session.widget_value(key)
    if not (isinstance(shown, str) and isinstance(stored, int | float)
            and session.seen(key) == stored):
        return
    current = number(stored, lang())
    if shown != current and shown in {number(stored, other) for other in LANGUAGES}:
        session.set_widget(key, current)


def qt_label(question_id: str) -> str:
    return question_text(get_content(), question_id, lang())


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
    try:
        answer = _to_answer(q, raw)
    except NotANumber:
        # Nothing saved; the stored answer is shown again, with what to type.
        session.forget_widget(key)
        assert q.minimum is not None and q.maximum is not None
        session.note_at(key, "error", t("scan.not_a_number", question=qt_label(q.id),
                                        min=number(q.minimum, lang()),
                                        max=number(q.maximum, lang())))
        return
    on_save(q.id, answer, seen)


def render_question(q: Question, qt: QuestionText, *, key: str, value: AnswerValue | None,
                    on_save: OnSave, disabled: bool = False) -> None:
    """Draw one question with its "why" line; `value` is the stored answer;
    `disabled` shows it read-only."""
    from_browser = arrived_unhandled(key)  # a click made while the server restarted
    if not from_browser:
        if q.kind == "number":
            follow_language(key, value)
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
        # A text field, not st.number_input: that one drops a decimal comma ("1,5"
        # became 15). The range is checked where every answer is (services).
        assert q.minimum is not None and q.maximum is not None
        shown = st.text_input(qt.label, placeholder=t("scan.number_placeholder"),
                              help=t("scan.number_help", min=number(q.minimum, lang()),
                                     max=number(q.maximum, lang()))
                              + (f" {t('scan.number_help_unknown')}" if q.allow_unknown else ""),
                              **common)
    else:
        shown = st.text_input(qt.label, max_chars=q.max_length,
                              placeholder=t("scan.text_placeholder"), **common)
    note = session.take_note(key)  # what became of the value just entered here
    if note is not None:
        {"error": st.error, "warning": st.warning}.get(note[0], st.info)(note[1])
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
