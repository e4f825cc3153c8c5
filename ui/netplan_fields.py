"""The editable fields of the network plan page: one widget per field kind, seeded
with what the plan shows (the stored value, else the prefill) and seeded again
when that changes behind it; every change is saved at once through the service,
checked against the stored value the user saw. What became of a change is said
right under the field; a refused or unsaved text stays in the field."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import streamlit as st

from content.labels import date_text, number
from content.netplan import TEXT_KINDS, FieldSpec
from netplan import NetworkPlan
from netplan.fields import number_bounds
from services import Conflict, PlanGone, Saved, Unavailable
from services.netplan import FieldRefused
from ui import session
from ui.i18n import lang, t
from ui.resources import get_content, get_netplan_service


def _shown(spec: FieldSpec, value: Any) -> Any:
    """A stored or prefilled value in the widget's own form."""
    if spec.kind == "date":
        return date.fromisoformat(value)
    if spec.kind == "time":
        return time.fromisoformat(value)
    if spec.kind == "dates":
        return list(value)
    return value


def problem_text(code: str, detail: dict[str, Any]) -> str:
    fields = {k: number(v, lang()) if isinstance(v, int | float) else v
              for k, v in detail.items()}
    return t(f"netplan.problem.{code}", **fields)


def save(token: str, field_id: str) -> None:
    """on_change of a field: store what the user entered, say what happened."""
    key = session.netplan_field_key(token, field_id)
    seen = session.seen(key)
    expected = seen[0] if isinstance(seen, tuple) else None
    outcome = get_netplan_service().save_field(token, field_id, session.widget_value(key),
                                               expected=expected)
    if isinstance(outcome, Saved):
        session.mark_saved()
        return
    session.mark_not_saved()
    if isinstance(outcome, Conflict):
        session.forget_widget(key)  # show what is stored now
        session.note_at(key, "warning", t("netplan.conflict"))
    elif isinstance(outcome, FieldRefused):
        session.note_at(key, "error", problem_text(outcome.problem.code, outcome.problem.detail))
    elif isinstance(outcome, Unavailable):
        session.note_at(key, "error", t("netplan.unavailable"))
    elif isinstance(outcome, PlanGone):
        session.flash("error", t("netplan.gone"))


def reset(token: str, field_id: str) -> None:
    """Back to the prefill: the stored value is cleared."""
    key = session.netplan_field_key(token, field_id)
    seen = session.seen(key)
    outcome = get_netplan_service().save_field(
        token, field_id, None, expected=seen[0] if isinstance(seen, tuple) else None)
    session.forget_widget(key)
    if not isinstance(outcome, Saved):
        session.note_at(key, "warning", t("netplan.conflict") if isinstance(outcome, Conflict)
                        else t("netplan.unavailable"))


def draw(token: str, plan: NetworkPlan, spec: FieldSpec, *, disabled: bool = False,
         options: list[str] | None = None, help_text: str | None = None) -> None:
    """One field's widget, its note, and (for a changed text) the way back."""
    key = session.netplan_field_key(token, spec.id)
    value = plan.values[spec.id]
    stored = plan.stored.get(spec.id)
    # Seeded again whenever what the plan shows changes (stored elsewhere, or a
    # prefill following another field); `seen(key)[0]` is the stored value.
    session.seed_tracked(key, (stored, value), _shown(spec, value))
    label = t(f"netplan.field.{spec.id}")
    common: dict[str, Any] = {"key": key, "on_change": save, "args": (token, spec.id),
                              "disabled": disabled, "help": help_text}
    if spec.kind == "line":
        st.text_input(label, max_chars=spec.max_length, **common)
    elif spec.kind == "text":
        st.text_area(label, max_chars=spec.max_length, height="content", **common)
    elif spec.kind == "number":
        low, high, step = number_bounds(get_content(), spec)
        if step >= 1:
            st.number_input(label, min_value=int(low), max_value=int(high), step=int(step),
                            **common)
        else:  # hours: the valid values, written as the reader writes them ("3,5")
            values = [low + i * step for i in range(round((high - low) / step) + 1)]
            st.selectbox(label, options=values, format_func=lambda v: number(v, lang()),
                         **common)
    elif spec.kind == "date":
        st.date_input(label, format="DD-MM-YYYY" if lang() == "nl" else "DD/MM/YYYY", **common)
    elif spec.kind == "time":
        st.time_input(label, step=900, **common)
    elif spec.kind == "rhythm":
        ids = options or []
        st.selectbox(label, options=ids, format_func=lambda r: t(f"netplan.rhythm.{r}"),
                     **common)
    elif spec.kind == "dates":
        messages = get_content().messages[lang()]
        st.multiselect(label, options=options or [], placeholder=t("netplan.skip_placeholder"),
                       format_func=lambda d: date_text(date.fromisoformat(d), messages),
                       **common)
    note = session.take_note(key)
    if note is not None:
        {"error": st.error, "warning": st.warning, "success": st.success,
         "info": st.info}[note[0]](note[1])
    prefilled = spec.id in get_netplan_service().netplan.texts[lang()].prefill
    if spec.kind in TEXT_KINDS and prefilled and spec.id in plan.stored and not disabled:
        st.button(t("netplan.reset"), key=f"reset:{key}", type="tertiary",
                  on_click=reset, args=(token, spec.id), icon=":material/undo:")
