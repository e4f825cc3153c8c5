"""Widgets of the workshop's discuss and decide phases, for the facilitator's page:

- `discussion_overview(picked)`: every picked rule with its questions (or "none
  yet"); `discussion_list(picked, focus=..., on_focus=...)`: the same rules in
  short (name and why), each with a button that puts it in focus;
  `discussion_prompts(item)`: a rule worth discussing, why (divided or low, with
  the figure), its questions for the room and the handreiking section behind them;
  `prompts_for(picked, rule_id)` finds a rule's entry in
  `WorkshopService.discussion_prompts(...)`.
- `actions_editor(service, workshop_id, secret)`: the agreed actions (what, who
  as a role, by when): add, change, remove after a confirmation, undo a removal.
  Forms, so Enter saves and every control is reachable by Tab. `read_only=True`
  lists them only (e.g. once they went into a saved scenario's note).
- `export_buttons(service, workshop_id, secret)`: the workshop report as PDF and
  the distributions as CSV and XLSX, in the user's language; each file is made
  when its button is clicked (a polling page does not rebuild them every tick).

They draw and call the service; the page decides where and when. Messages are
shown under the widget they concern (session.note_at), in the user's language.
Session keys: ui/session.py.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import date
from typing import TypeVar

import streamlit as st

from content.labels import date_text, number
from reports.format import escape_markdown
from services import StorageUnavailable
from services.workshop import (
    ActionInvalid,
    AgreedAction,
    AgreedActionNotFound,
    NotAuthorised,
    RulePrompts,
    WorkshopNotFound,
    WorkshopService,
)
from ui import session
from ui.i18n import lang, t
from ui.resources import get_content

T = TypeVar("T")
FIELDS = ("what", "who", "due")


# ------------------------------------------------------------------ prompts
def prompts_for(picked: Sequence[RulePrompts], rule_id: str) -> RulePrompts | None:
    """The entry of one rule in `WorkshopService.discussion_prompts`, if picked."""
    return next((p for p in picked if p.rule_id == rule_id), None)


def reason_text(item: RulePrompts) -> str:
    """Why a rule was picked, with its figure, in the user's language."""
    figure = number(round(item.figure, 2), lang())
    return t(f"workshop_decide.reason_{item.reason}", figure=figure)


def discussion_prompts(item: RulePrompts, *, heading_level: int = 3,
                       title: str | None = None) -> None:
    """One rule worth discussing: a heading (the rule's name, or `title` where the
    rule is named already), why it was picked, its questions and the handreiking
    section they rest on."""
    content, language = get_content(), lang()
    label = escape_markdown(title if title is not None
                            else content.rule_label(item.rule_id, language))
    st.markdown(f"{'#' * heading_level} {label}")
    st.markdown(reason_text(item))
    st.markdown("\n".join(f"- {escape_markdown(p.text(language))}" for p in item.prompts))
    sources = dict.fromkeys(content.section_heading(language, p.source) for p in item.prompts)
    st.caption(t("workshop_decide.prompt_source", section="; ".join(sources)))


def discussion_overview(picked: Sequence[RulePrompts], *, heading_level: int = 3) -> None:
    """Every picked rule with its prompts, or a line saying none is picked yet."""
    if not picked:
        st.markdown(t("workshop_decide.no_prompts"))
    for item in picked:
        discussion_prompts(item, heading_level=heading_level)


def discussion_list(picked: Sequence[RulePrompts], *, focus: str | None,
                    on_focus: Callable[[str], None], chosen: Collection[str] = ()) -> None:
    """The picked rules in short, in order (most divided first, then the lowest):
    each rule's name and why (and whether it is `chosen` for round 2), and a
    button that puts it in focus (`on_focus(rule id)`, a callback); the rule in
    focus says so instead. Or a line saying none is picked yet."""
    if not picked:
        st.markdown(t("workshop_decide.no_prompts"))
        return
    content, language = get_content(), lang()
    for item in picked:
        label = content.rule_label(item.rule_id, language)  # numbered already: "1. …"
        lines = [f"**{escape_markdown(label)}**", reason_text(item)]
        if item.rule_id in chosen:
            lines.append(f"*{t('wsdecide.chosen')}*")
        with st.container(border=True, horizontal=True, vertical_alignment="center"):
            st.markdown("  \n".join(lines), width="stretch")
            if item.rule_id == focus:
                st.markdown(f"**{t('wsdecide.in_focus')}**", width="content")
            else:
                # The rule's name in the label: every button says which rule it is about.
                st.button(t("wsdecide.to_focus", rule=label), key=f"wsd_focus:{item.rule_id}",
                          icon=":material/center_focus_strong:", on_click=on_focus,
                          args=(item.rule_id,))


# ------------------------------------------------------------------ actions
def _say(where: str, kind: session.FlashKind, text: str) -> None:
    session.note_at(where, kind, text)


def _safely(where: str, fn: Callable[[], T]) -> T | None:
    """Run one service call; on a failure say so under the editor, change nothing."""
    try:
        return fn()
    except NotAuthorised:
        _say(where, "error", t("workshop_decide.not_authorised"))
    except AgreedActionNotFound:
        _say(where, "warning", t("workshop_decide.gone"))
    except WorkshopNotFound:
        _say(where, "error", t("workshop_decide.workshop_gone"))
    except StorageUnavailable:
        _say(where, "error", t("workshop_decide.unavailable"))
    return None


def invalid_text(problem: ActionInvalid) -> str:
    """What is wrong with an action, in the user's words."""
    m = get_content().messages[lang()]
    field = t(f"workshop_decide.field_{problem.field}") if problem.field in FIELDS else ""
    if problem.reason in ("date_range", "required") and problem.field == "due":
        assert problem.earliest is not None and problem.latest is not None
        return t("workshop_decide.invalid_date", earliest=date_text(problem.earliest, m),
                 latest=date_text(problem.latest, m))
    if problem.reason == "too_long":
        return t("workshop_decide.invalid_too_long", field=field, limit=problem.limit)
    if problem.reason == "too_many":
        return t("workshop_decide.invalid_too_many", limit=problem.limit)
    return t("workshop_decide.invalid_required", field=field)


def _typed(scope: str) -> dict[str, object]:
    return {f: session.widget_value(session.action_field_key(scope, f)) for f in FIELDS}


def _clear(scope: str) -> None:
    """Empty the form's inputs. Set, not forgotten: a forgotten input keeps what the
    browser still shows."""
    for f in FIELDS:
        session.set_widget(session.action_field_key(scope, f), None if f == "due" else "")


def _editor_key(workshop_id: str) -> str:
    return session.action_field_key(f"add:{workshop_id}", "form")


def _add(service: WorkshopService, workshop_id: str, secret: str) -> None:
    scope, where = f"add:{workshop_id}", _editor_key(workshop_id)
    typed = _typed(scope)
    outcome = _safely(where, lambda: service.add_action(
        workshop_id, secret, what=str(typed["what"] or ""), who=str(typed["who"] or ""),
        due=typed["due"]))
    if isinstance(outcome, ActionInvalid):
        _say(where, "error", invalid_text(outcome))  # the typed text stays in the form
    elif outcome is not None:
        _clear(scope)
        session.set_removed_action(workshop_id, None)
        _say(where, "success", t("workshop_decide.added", what=escape_markdown(outcome.what)))


def _update(service: WorkshopService, workshop_id: str, secret: str, action_id: str) -> None:
    where = session.action_field_key(action_id, "form")
    typed = _typed(action_id)
    outcome = _safely(where, lambda: service.update_action(
        workshop_id, secret, action_id, what=str(typed["what"] or ""),
        who=str(typed["who"] or ""), due=typed["due"]))
    if isinstance(outcome, ActionInvalid):
        _say(where, "error", invalid_text(outcome))
    elif outcome is not None:
        _clear(action_id)
        session.set_action_editing(workshop_id, None)
        _say(_editor_key(workshop_id), "success",
             t("workshop_decide.saved", what=escape_markdown(outcome.what)))
    else:  # removed meanwhile: nothing left to edit
        session.set_action_editing(workshop_id, None)
        note = session.take_note(where)
        if note is not None:
            _say(_editor_key(workshop_id), *note)


def _start_edit(workshop_id: str, action: AgreedAction) -> None:
    session.set_action_confirming(workshop_id, None)
    session.set_action_editing(workshop_id, action.id)
    for f, value in zip(FIELDS, (action.what, action.who, action.due), strict=True):
        session.set_widget(session.action_field_key(action.id, f), value)


def _cancel_edit(workshop_id: str, action_id: str) -> None:
    _clear(action_id)
    session.set_action_editing(workshop_id, None)


def _remove(service: WorkshopService, workshop_id: str, secret: str, action_id: str) -> None:
    session.set_action_confirming(workshop_id, None)
    where = _editor_key(workshop_id)
    removed = _safely(where, lambda: service.remove_action(workshop_id, secret, action_id))
    if removed is not None:
        session.set_removed_action(workshop_id, removed)


def _undo(service: WorkshopService, workshop_id: str, secret: str) -> None:
    removed = session.removed_action(workshop_id)
    session.set_removed_action(workshop_id, None)
    if not isinstance(removed, AgreedAction):
        return
    where = _editor_key(workshop_id)
    outcome = _safely(where, lambda: service.add_action(
        workshop_id, secret, what=removed.what, who=removed.who, due=removed.due,
        position=removed.position))
    if isinstance(outcome, ActionInvalid):
        _say(where, "error", invalid_text(outcome))
    elif outcome is not None:
        _say(where, "success", t("workshop_decide.restored", what=escape_markdown(removed.what)))


def _show_note(key: str) -> None:
    note = session.take_note(key)
    if note is not None:
        {"error": st.error, "warning": st.warning, "success": st.success}.get(
            note[0], st.info)(note[1])


def _fields(scope: str, bounds: tuple[date, date]) -> None:
    """The three inputs of an action form (inside a st.form)."""
    date_format = "DD-MM-YYYY" if lang() == "nl" else "DD/MM/YYYY"
    what_key, who_key, due_key = (session.action_field_key(scope, f) for f in FIELDS)
    st.text_input(t("workshop_decide.field_what"), key=what_key,
                  placeholder=t("workshop_decide.what_placeholder"))
    st.text_input(t("workshop_decide.field_who"), key=who_key,
                  help=t("workshop_decide.who_help"),
                  placeholder=t("workshop_decide.who_placeholder"))
    session.seed(due_key, None)
    st.date_input(t("workshop_decide.field_due"), key=due_key, min_value=bounds[0],
                  max_value=bounds[1], format=date_format)


def action_line(action: AgreedAction) -> str:
    """One action as the list shows it (user text escaped)."""
    m = get_content().messages[lang()]
    return t("workshop_decide.action_line", number=action.position + 1,
             what=escape_markdown(action.what), who=escape_markdown(action.who),
             due=date_text(action.due, m))


def actions_editor(service: WorkshopService, workshop_id: str, secret: str, *,
                   heading_level: int = 3, read_only: bool = False
                   ) -> list[AgreedAction] | None:
    """The agreed actions of a workshop with add / change / remove (after a yes) /
    undo; with `read_only` the list alone. Returns the actions shown (None when
    they could not be read: the reason is shown instead)."""
    where = _editor_key(workshop_id)
    st.markdown(f"{'#' * heading_level} {t('workshop_decide.actions_heading')}")
    if not read_only:
        st.caption(t("workshop_decide.actions_intro"))
    actions = _safely(where, lambda: service.actions(workshop_id, secret))
    if actions is None:
        _show_note(where)
        return None
    if read_only:
        st.markdown("\n\n".join(action_line(a) for a in actions) if actions
                    else t("workshop_decide.actions_none"))
        return actions
    bounds = service.action_dates(workshop_id)
    editing = session.action_editing(workshop_id)
    confirming = session.action_confirming(workshop_id)
    if not actions:
        st.markdown(t("workshop_decide.actions_none"))
    for action in actions:
        with st.container(border=True):
            if action.id == editing:
                with st.form(f"wsd_edit_form:{action.id}", border=False):
                    _fields(action.id, bounds)
                    left, right = st.columns(2)
                    left.form_submit_button(
                        t("workshop_decide.save"), type="primary",
                        on_click=_update, args=(service, workshop_id, secret, action.id))
                    right.form_submit_button(t("workshop_decide.cancel"),
                                             on_click=_cancel_edit,
                                             args=(workshop_id, action.id))
                _show_note(session.action_field_key(action.id, "form"))
                continue
            st.markdown(action_line(action))
            if action.id == confirming:
                st.warning(t("workshop_decide.confirm_remove", what=escape_markdown(action.what)))
                yes, no = st.columns(2)
                yes.button(t("workshop_decide.confirm_yes"), key=f"wsd_yes:{action.id}",
                           type="primary", on_click=_remove,
                           args=(service, workshop_id, secret, action.id))
                no.button(t("workshop_decide.cancel"), key=f"wsd_no:{action.id}",
                          on_click=session.set_action_confirming, args=(workshop_id, None))
                continue
            edit, remove = st.columns(2)
            # The number in the label: each button says which action it is about.
            edit.button(t("workshop_decide.edit", number=action.position + 1),
                        key=f"wsd_edit:{action.id}", on_click=_start_edit,
                        args=(workshop_id, action))
            remove.button(t("workshop_decide.remove", number=action.position + 1),
                          key=f"wsd_remove:{action.id}",
                          on_click=session.set_action_confirming,
                          args=(workshop_id, action.id))
    removed = session.removed_action(workshop_id)
    if isinstance(removed, AgreedAction):
        st.info(t("workshop_decide.removed", what=escape_markdown(removed.what)))
        st.button(t("workshop_decide.undo"), key=f"wsd_undo_button:{workshop_id}",
                  on_click=_undo, args=(service, workshop_id, secret))
    st.markdown(f"{'#' * (heading_level + 1)} {t('workshop_decide.add_heading')}")
    with st.form(f"wsd_add_form:{workshop_id}", border=True):
        _fields(f"add:{workshop_id}", bounds)
        st.form_submit_button(t("workshop_decide.add"), type="primary", on_click=_add,
                              args=(service, workshop_id, secret))
    _show_note(where)
    return actions


# ------------------------------------------------------------------ exports
def export_buttons(service: WorkshopService, workshop_id: str, secret: str, *,
                   code: str = "") -> None:
    """Three download buttons. `code` (as shown, K7M-2NP) goes into the file names."""
    language = lang()
    stem = t("workshop_export.file_stem") + (f"-{code}" if code else "")

    def pdf() -> bytes:
        return service.export_pdf(workshop_id, secret, language)

    def csv() -> str:
        return service.export_csv(workshop_id, secret, language)

    def xlsx() -> bytes:
        return service.export_xlsx(workshop_id, secret, language)

    row = st.container(horizontal=True)
    row.download_button(t("workshop_export.pdf"), data=pdf, file_name=f"{stem}.pdf",
                        mime="application/pdf", key=f"wsd_pdf:{workshop_id}",
                        on_click="ignore", icon=":material/download:")
    row.download_button(t("workshop_export.csv"), data=csv, file_name=f"{stem}.csv",
                        mime="text/csv", key=f"wsd_csv:{workshop_id}", on_click="ignore",
                        icon=":material/download:")
    row.download_button(
        t("workshop_export.xlsx"), data=xlsx, file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"wsd_xlsx:{workshop_id}", on_click="ignore", icon=":material/download:")
