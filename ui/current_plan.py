"""The plan this browser session works on: found by the ``plan`` URL parameter,
read from the store at the start of every run (the store is the only place its
answers live), and changed only through the plan service. Each change is either
saved or the user is told why not.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any

import streamlit as st

from content.labels import problem_text
from reports.format import escape_markdown
from scoring.answers import Answers, AnswerValue
from services import (
    Conflict,
    Invalid,
    PlanGone,
    Saved,
    SaveOutcome,
    StorageUnavailable,
    Unavailable,
)
from services.attempts import Attempt, client_key, limited
from services.plans import Plan, plan_link, public_base_url
from ui import focus, session
from ui.i18n import lang, t, url_params
from ui.resources import get_content, get_service, resume_limiter


def answers() -> Answers:
    current = session.plan()
    return current.answers if current is not None else {}


def title() -> str:
    current = session.plan()
    return current.title if current is not None and current.title else t("plan.default_title")


def stored_title() -> str:
    """The name as stored ("" without a plan); `title()` is what is shown."""
    current = session.plan()
    return current.title if current is not None else ""


def read_only() -> bool:
    """A deleted scenario can be viewed and restored, not changed."""
    current = session.plan()
    return current is not None and current.deleted


def restore() -> None:
    plan_token = session.token()
    if plan_token is not None:
        get_service().restore(plan_token)
        session.flash("success", t("scenario.restored"))


def title_md() -> str:
    """The title for Markdown contexts: user text made inert."""
    return escape_markdown(title())


def refresh() -> bool:
    """Once per run, before the page: URL and session agree on the plan, and the plan
    is read fresh from the store (another tab, a restart or a reconnect may have
    changed it; unchanged, the plan held is kept after one look at its revision).
    True when this run opened the plan from a link in the address."""
    current = session.token()
    requested = st.query_params.get("plan")
    if current is not None:
        if requested != current:
            st.query_params["plan"] = current
        held = session.plan()
        try:
            session.set_plan(get_service().reopen(held)
                             if held is not None and held.token == current
                             else get_service().open(current))
        except StorageUnavailable:
            session.flash("error", t("plan.storage_unavailable"))
        return False
    if not requested:
        return False
    opened = open_plan(requested)
    if opened.refused:
        # The link stays in the address bar: reloading after the wait opens it.
        session.flash("error", t("plan.too_many_attempts", seconds=opened.wait_seconds))
    elif not opened:
        del st.query_params["plan"]
        session.flash("warning", t("plan.link_unknown"))
    return bool(opened)


def is_complete() -> bool:
    """Every question of the plan has an answer ("weet ik niet" included)."""
    given = answers()
    return all(q.id in given for r in get_content().rules for q in r.structure.questions)


def link_params(**extra: str | int) -> dict[str, str]:
    """Query parameters of a link inside Vonk: the plan, the language and `extra`."""
    params = url_params()
    plan_token = session.token()
    if plan_token is not None:
        params["plan"] = plan_token
    return {**params, **{k: str(v) for k, v in extra.items()}}


def take_rule_from_url() -> None:
    """``?rule=N`` (a rule's number, from the handreiking page): open the scan at that
    rule with the view and focus on its heading, then drop the parameter."""
    raw = st.query_params.get("rule")
    if raw is None:
        return
    del st.query_params["rule"]
    numbers = [r.number for r in get_content().rules]
    if raw.isdigit() and int(raw) in numbers:
        go_to_rule(numbers.index(int(raw)))


def show_personal_link(page: str = "scan") -> None:
    """The personal link, always in view (never in a view a room sees), with one line
    saying what it is for."""
    with st.container(border=True):
        st.markdown(f"**:material/link: {t('plan.link_heading')}**  \n{t('plan.link_help')}")
        st.code(resume_link(page), language=None)


def open_plan(plan_token: str) -> Attempt[Plan]:
    """Make the plan with this token the session's plan. Falsy when nothing opened:
    the token is malformed or unknown (a miss, counted against this client's
    address), or this client had too many misses lately, and then nothing is looked
    up (`.refused`, `.wait_seconds`; limits: services/attempts.py)."""
    try:
        address = st.context.ip_address  # None for 127.0.0.1 and ::1
    except (AttributeError, RuntimeError):
        address = None
    opened = limited(resume_limiter(), client_key(address),
                     lambda: get_service().open(plan_token))
    if opened.found is not None:
        adopt(opened.found)
    return opened


def adopt(opened: Plan) -> None:
    session.open_plan(opened)
    st.query_params["plan"] = opened.token


def new_plan(answers_: Answers | None = None, plan_title: str | None = None) -> Plan:
    created = get_service().create(title=plan_title or t("plan.default_title"),
                                   language=lang(), answers=answers_)
    adopt(created)
    return created


def go(page: str) -> None:
    """Switch page, keeping the plan and the language in the URL."""
    params = url_params()
    plan_token = session.token()
    if plan_token is not None:
        params["plan"] = plan_token
    st.switch_page(page, query_params=params)


def resume_link(page: str = "scan") -> str:
    """The personal link to this plan (VONK_PUBLIC_URL, else the address in use)."""
    try:
        seen = st.context.url
    except (AttributeError, RuntimeError):
        seen = None
    return plan_link(public_base_url(seen), page, session.token() or "")


# ------------------------------------------------------------------ callbacks
def _plan_for_change(title: str | None = None) -> str | None:
    """The token of the plan a change goes to: the session's plan, or a new one (the
    first change starts a plan). None, and the user told, when the address names a
    plan this session could not open (e.g. refused for a while): a new plan would
    replace the user's link and their answers would land elsewhere."""
    if session.token() is None:
        if st.query_params.get("plan"):
            session.mark_not_saved()
            session.flash("error", t("plan.not_opened"))
            return None
        new_plan(plan_title=title)
    return session.token()


def answer(question_id: str, raw: AnswerValue | None, seen: AnswerValue | None) -> None:
    """Save one answer of the session's plan (the first answer creates the plan).
    `seen` is the answer the user saw; if another tab changed it meanwhile, this tab
    is shown the other answer and told so."""
    plan_token = _plan_for_change()
    if plan_token is None:
        session.forget_question_widget(question_id)
        return
    outcome = get_service().save_answer(plan_token, question_id, raw, expected=seen)
    if isinstance(outcome, Saved) and outcome.revision is not None:
        held = session.plan()
        if held is not None:
            given = {k: v for k, v in held.answers.items() if k != question_id}
            if outcome.value is not None:
                given[question_id] = outcome.value
            _held_plan_changed(outcome.revision, answers=given)
    explain_outcome(question_id, outcome)


def _held_plan_changed(revision: int, **changes: Any) -> None:
    """This session's own change, just stored as `revision`. When that is the next
    revision after the plan the session holds, no other change came between, so
    the plan held plus this change is what the store holds: keep it (the next
    run's refresh then need not read the answers again). Otherwise the next
    refresh reads the plan anew."""
    held = session.plan()
    if held is not None and held.token == session.token() and revision == held.revision + 1:
        session.set_plan(dataclasses.replace(held, revision=revision, **changes))


def _explain(widget_key: str, outcome: SaveOutcome, conflict_message: str,
             refusal: Callable[[Invalid], str | None], *, near: bool = False) -> None:
    """Tell the user what became of a change; anything not saved is shown as stored
    again (its widget is seeded from the store on the next run). With `near`, a
    refused or conflicting value is explained under its own widget (which shows
    session.take_note), where the user is looking, not at the top of the page."""
    tell = functools.partial(session.note_at, widget_key) if near else session.flash
    match outcome:
        case Saved():
            session.mark_saved()
            return
        case Conflict():
            tell("warning", t(conflict_message))
        case Invalid():
            message = refusal(outcome)
            if message is not None:
                tell("error", message)
        case PlanGone():
            session.mark_not_saved()
            session.flash("error", t("plan.gone"))
        case Unavailable():
            session.mark_not_saved()
            session.flash("error", t("plan.save_failed"))
    session.forget_widget(widget_key)


def explain_outcome(question_id: str, outcome: SaveOutcome,
                    widget_key: str | None = None) -> None:
    """What became of an answer (given in the widget `widget_key`, by default the
    scan's widget of the question)."""
    def refusal(invalid: Invalid) -> str:
        problem = invalid.problem
        reason = problem_text(get_content(), lang(), problem.code, question_id, problem.detail)
        return t("plan.answer_refused", reason=reason)

    _explain(widget_key or session.question_key(question_id), outcome, "plan.answer_conflict",
             refusal, near=True)


def explain_field_outcome(widget_key: str, outcome: SaveOutcome) -> None:
    """What became of a name or note (an empty name changes nothing, silently: the
    stored name is shown again)."""
    _explain(widget_key, outcome, "plan.field_conflict", lambda _invalid: None)


def save_title() -> None:
    typed = str(session.widget_value(session.TITLE_INPUT) or "")
    had_plan = session.token() is not None
    plan_token = _plan_for_change(title=typed)
    if plan_token is None:
        session.forget_widget(session.TITLE_INPUT)
    elif had_plan:  # a new plan was created with this name already
        outcome = get_service().rename(plan_token, typed,
                                       expected=session.seen(session.TITLE_INPUT))
        explain_field_outcome(session.TITLE_INPUT, outcome)


def go_to_rule(index: int) -> None:
    """Show rule `index`: the view moves to its heading and the focus with it."""
    session.set_rule_index(index, lang())
    focus.request_move(focus.SCAN_RULE)
    plan_token = session.token()
    if plan_token is None:
        return
    revision = get_service().set_current_rule(plan_token, index)
    _held_plan_changed(revision, current_rule=max(0, min(index, len(get_content().rules) - 1)))
    session.mark_saved()
