"""Workshop leiden: the facilitator's control view, opened by the private link
(?ws=…&key=…). Nothing here works without the secret: a missing, wrong or
tampered key gets a message and nothing else (the service checks it again on
every action). Phases lobby → rate → reveal → discuss → rate again → decide →
close; per rule open, lock, reveal, reset and choose for round 2; a timer;
rehearsal; remove a participant; after the reveal the results by disagreement
with Vonk's own scoring of the group's median answers beside them.

After a reveal the rule in focus shows its discussion prompts (when Vonk picked
it: divided or low). The rule in focus is stored with the workshop (the service
sets it): the shared screen shows it as the rule being discussed, and a reloaded
view or a second facilitator tab starts from it (a change elsewhere starts a full
run here). Moving to reveal puts the most divided rule in focus, moving to
discuss the first Vonk picks. The discuss phase lists the picked rules and why,
each one click from the focus. The decide phase, and the close after it: the
agreed actions (what, who as a role, by when), saving the group's result as a
scenario (the actions go into its note; listed read-only after), and the
workshop report as PDF and the distributions as CSV and XLSX. Widgets in
ui/workshop_decide.py; this page only says where and when.

Headings: the title (h1), a section per part (h2), items inside (h3).

Keyboard (on this view, never on the read-only screen): N next rule, B back
(previous rule), V reveal the rule in focus, L lock it, F the next phase."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import streamlit as st

from content.labels import score_text
from content.models import PlanFields, max_length
from reports import escape_markdown
from services import StorageUnavailable
from services.plans import extract_token
from services.workshop import (
    ActionRefused,
    InvalidSetup,
    NotAuthorised,
    Progress,
    Results,
    RulePrompts,
    WorkshopNotFound,
)
from ui import checkin_workshop, results_view, session
from ui import workshop_decide as wd
from ui import workshop_view as wv
from ui.i18n import lang, t
from ui.resources import get_content, get_service, get_workshop_service
from workshop.phases import FOCUS_SHOWN, TRANSITIONS, Phase

svc = get_workshop_service()
PAGE = "workshop-leiden"
SCREEN_PAGE = "workshop-scherm"
VOTING = (Phase.RATE, Phase.RERATE)


def _act(action: Callable[[], Any], done: str | None = None) -> bool:
    """Run one facilitator action and say what became of it; True when it was done."""
    try:
        action()
    except NotAuthorised:
        session.workshop_note("error", t("workshop.control.not_authorised"))
    except ActionRefused as refused:
        session.workshop_note("warning", t(f"workshop.refused.{refused.reason}"))
    except InvalidSetup as invalid:
        session.workshop_note("error", t("workshop.control.invalid", field=invalid.field))
    except WorkshopNotFound:
        session.workshop_note("error", t("workshop.screen.unknown"))
    else:
        if done:
            session.workshop_note("success", done)
        return True
    return False


# ------------------------------------------------------------------ header
def links(workshop_id: str, secret: str, code: str, *, expanded: bool) -> None:
    """The links: the screen's and the participants' (both safe to show), and this
    view's own (private), with the warning not to project this view."""
    st.warning(t("workshop.control.private"), icon=":material/lock:")
    screen = wv.page_link(SCREEN_PAGE, ws=workshop_id)
    with st.expander(t("workshop.control.links"), expanded=expanded):
        _link_columns(workshop_id, secret, code, screen)


def _link_columns(workshop_id: str, secret: str, code: str, screen: str) -> None:
    cols = st.columns(2)
    with cols[0]:
        st.markdown(f"**{t('workshop.control.screen_link')}**")
        st.caption(t("workshop.control.screen_link_help"))
        st.code(screen, language=None, wrap_lines=True)
        st.link_button(t("workshop.control.open_screen"), screen, icon=":material/present_to_all:")
    with cols[1]:
        st.markdown(f"**{t('workshop.control.join_link')}**")
        st.caption(t("workshop.control.join_link_help", code=code))
        st.code(wv.join_url(code), language=None, wrap_lines=True)
    st.markdown(f"**{t('workshop.control.control_link')}**")
    st.caption(t("workshop.control.control_link_help"))
    st.code(wv.page_link(PAGE, ws=workshop_id, key=secret), language=None, wrap_lines=True)


# ------------------------------------------------------------------ live status
def _timer_line(results: Results) -> str | None:
    left = svc.timer_left(results)
    if left is None:
        return None
    if left == 0:
        return t("workshop.control.timer_done")
    return t("workshop.control.timer_left", time=wv.clock_text(left))


@st.fragment(run_every=svc.settings.polling.control_seconds)
def live(workshop_id: str) -> None:
    """The room at a glance: one version read a tick, the results again only when it
    moved; a phase or a focus changed elsewhere (another tab) starts a full run."""
    version = svc.version(workshop_id)
    if version is None:
        st.rerun()  # deleted meanwhile: the full run says so
    results = wv.remembered("control", version, lambda: svc.results(workshop_id))
    if (results.phase, results.focus) != session.drawn("control"):
        wv.forget("control")
        st.rerun()
    cols = st.columns(3)
    cols[0].metric(t("workshop.control.phase"), t(f"workshop.phase.{results.phase.value}"))
    cols[1].metric(t("workshop.control.participants"), results.participants)
    timer = _timer_line(results)
    if timer is not None:
        cols[2].metric(t("workshop.control.timer"), timer)
    rows = []
    for rule in results.rules:
        second = results.phase is Phase.RERATE and rule.discussed
        items = [s.round2 if second and s.round2 is not None else s.round1
                 for s in rule.statements]
        waiting = [p.answered for p in items if isinstance(p, Progress)]
        state = [t("workshop.control.state_revealed") if rule.revealed >= (2 if second else 1)
                 else t("workshop.control.state_locked") if rule.locked
                 else t("workshop.control.state_open") if rule.open
                 else t("workshop.control.state_closed")]
        if rule.discussed:
            state.append(t("workshop.control.state_discussed"))
        if results.phase in FOCUS_SHOWN and rule.rule_id == results.focus:
            state.append(t("workshop.control.state_on_screen"))
        answered = t("workshop.progress", answered=min(waiting), of=results.participants) \
            if waiting else "–"
        rows.append(f"| {escape_markdown(wv.rule_label(rule.rule_id))} | {', '.join(state)} | "
                    f"{answered} |")
    st.markdown(f"| {t('table.rule')} | {t('workshop.control.state')} | "
                f"{t('workshop.control.answered')} |\n|---|---|---|\n" + "\n".join(rows))


# ------------------------------------------------------------------ controls
def _set_focus(workshop_id: str, secret: str, rule_id: str) -> None:
    """Put `rule_id` in focus for everyone (stored); this run draws it at once."""
    if _act(lambda: svc.set_focus(workshop_id, secret, rule_id)):
        st.session_state[session.WORKSHOP_FOCUS] = rule_id


def _chosen_focus(workshop_id: str, secret: str) -> None:
    """The rule picked in the focus list (its new value), stored."""
    _set_focus(workshop_id, secret, str(st.session_state.get(session.WORKSHOP_FOCUS) or ""))


def _advance(workshop_id: str, secret: str, target: Phase) -> None:
    """Move to the next phase; the service moves the focus with it (into discuss
    the first rule Vonk picks, so its prompts are the first thing seen)."""
    _act(lambda: svc.advance(workshop_id, secret, target),
         t("workshop.control.moved", phase=t(f"workshop.phase.{target.value}")))


def phase_controls(workshop_id: str, secret: str, phase: Phase) -> None:
    st.header(t("workshop.control.phases"))
    st.caption(t("workshop.control.phases_help"))
    order = list(Phase)
    targets = sorted(TRANSITIONS[phase], key=order.index)
    if not targets:
        st.info(t("workshop.control.closed"))
    row = st.container(horizontal=True)
    for i, target in enumerate(targets):
        row.button(t(f"workshop.control.to.{target.value}"), key=f"phase_{target.value}",
                   type="primary" if i == 0 else "secondary",
                   shortcut="F" if i == 0 else None,
                   on_click=_advance, args=(workshop_id, secret, target))


def _move_focus(workshop_id: str, secret: str, rule_ids: list[str], step: int) -> None:
    """N and B: the next or the previous rule from the one drawn (or moved to by a
    key pressed just before), stored."""
    current = st.session_state.get(session.WORKSHOP_FOCUS)
    index = rule_ids.index(current) if current in rule_ids else 0
    _set_focus(workshop_id, secret, rule_ids[max(0, min(len(rule_ids) - 1, index + step))])


def _rule_action(action: str, workshop_id: str, secret: str) -> None:
    """One action on the rule in focus as it is when the button is pressed (a key
    pressed right after N or B acts on the rule moved to)."""
    rule_id = str(st.session_state.get(session.WORKSHOP_FOCUS) or "")
    label = wv.rule_label(rule_id) if rule_id else ""
    if action == "lock":
        _act(lambda: svc.lock_rule(workshop_id, secret, rule_id),
             t("workshop.control.locked", rule=label))
    elif action == "open":
        _act(lambda: svc.open_rule(workshop_id, secret, rule_id),
             t("workshop.control.opened", rule=label))
    elif action == "reveal":
        _act(lambda: svc.reveal_rule(workshop_id, secret, rule_id),
             t("workshop.control.revealed", rule=label))
    elif action == "reset":
        _act(lambda: svc.reset_rule(workshop_id, secret, rule_id),
             t("workshop.control.was_reset", rule=label))
    elif action == "discuss":
        workshop = svc.workshop(workshop_id)
        chosen = workshop is not None and any(r.rule_id == rule_id and r.discussed
                                              for r in workshop.state.rules)
        _act(lambda: svc.discuss_rule(workshop_id, secret, rule_id, not chosen))


# A widget's option labels in the language of this run, bound when drawn (AppTest
# formats options outside the run, where the session's language is not known).
def _rule_label_in(language: str) -> Callable[[str], str]:
    content = get_content()
    return lambda rule_id: content.rule_label(rule_id, language)


def _words_in(language: str, key: str, param: str | None = None) -> Callable[[Any], str]:
    """The catalogue text `key` for an option: with `param`, the option fills it in;
    else the option completes the key ("…sort_{}")."""
    words = get_content().messages[language]
    if param is not None:
        return lambda option: words[key].format(**{param: option})
    return lambda option: words[key.format(option)]


def focused(results: Results) -> str:
    """The rule the controls act on: the one stored in focus, else the first."""
    rule_ids = [r.rule_id for r in results.rules]
    return results.focus if results.focus in rule_ids else rule_ids[0]


def rule_controls(workshop_id: str, secret: str, results: Results,
                  picked: list[RulePrompts]) -> None:
    st.header(t("workshop.control.rule_heading"))
    st.caption(t("workshop.control.keys"))
    rule_ids = [r.rule_id for r in results.rules]
    # The stored focus (another tab's too), else the first rule (nothing stored).
    st.session_state[session.WORKSHOP_FOCUS] = focused(results)
    if results.phase in FOCUS_SHOWN:
        st.caption(t("workshop.control.focus_on_screen"))
    nav = st.container(horizontal=True, vertical_alignment="bottom")
    nav.button(t("workshop.control.back"), key="focus_back", shortcut="B",
               icon=":material/arrow_back:", on_click=_move_focus,
               args=(workshop_id, secret, rule_ids, -1))
    with nav:
        focus = st.selectbox(t("workshop.control.focus"), rule_ids, key=session.WORKSHOP_FOCUS,
                             format_func=_rule_label_in(lang()), on_change=_chosen_focus,
                             args=(workshop_id, secret))
    nav.button(t("workshop.control.next"), key="focus_next", shortcut="N",
               icon=":material/arrow_forward:", on_click=_move_focus,
               args=(workshop_id, secret, rule_ids, 1))
    rule = next(r for r in results.rules if r.rule_id == focus)
    phase = results.phase
    row = st.container(horizontal=True)

    def button(action: str, label: str, icon: str, shortcut: str | None = None,
               help_: str | None = None, primary: bool = False) -> None:
        row.button(t(label), key=f"rule_{action}", shortcut=shortcut, icon=icon, help=help_,
                   type="primary" if primary else "secondary",
                   on_click=_rule_action, args=(action, workshop_id, secret))

    if phase in VOTING:
        if rule.open and not rule.locked:
            button("lock", "workshop.control.lock", ":material/lock:", "L")
        else:
            button("open", "workshop.control.open", ":material/lock_open:")
        button("reveal", "workshop.control.reveal", ":material/visibility:", "V")
        button("reset", "workshop.control.reset", ":material/restart_alt:",
               help_=t("workshop.control.reset_help"))
    elif phase is Phase.DISCUSS:
        # The step round 2 waits for, marked as such until a rule is chosen.
        button("discuss", "workshop.control.undiscuss" if rule.discussed
               else "workshop.control.discuss", ":material/forum:",
               primary=not any(r.discussed for r in results.rules))
    else:
        st.caption(t("workshop.control.no_rule_actions"))
    st.html(wv.statements_html(rule.statements, compact=True))
    if rule.revealed >= 1:
        item = wd.prompts_for(picked, rule.rule_id)
        if item is not None:
            wd.discussion_prompts(item, heading_level=3, title=t("wsdecide.prompts_heading"))
        else:
            st.caption(t("wsdecide.not_picked"))


def _start_timer(workshop_id: str, secret: str) -> None:
    """The minutes as typed when the button was pressed."""
    _act(lambda: svc.start_timer(workshop_id, secret, st.session_state.get("timer_minutes")))


def _stop_timer(workshop_id: str, secret: str) -> None:
    _act(lambda: svc.stop_timer(workshop_id, secret))


def timer(workshop_id: str, secret: str) -> None:
    """The facilitator's timer: stored with the workshop, so the shared screen (on
    any server) counts down with it."""
    with st.expander(t("workshop.control.timer")):
        bounds = svc.settings.timer
        st.number_input(t("workshop.control.timer_minutes"), min_value=1,
                        max_value=bounds.max_minutes, value=bounds.default_minutes,
                        step=1, key="timer_minutes")
        row = st.container(horizontal=True)
        row.button(t("workshop.control.timer_start"), key="timer_start",
                   icon=":material/timer:", on_click=_start_timer, args=(workshop_id, secret))
        row.button(t("workshop.control.timer_stop"), key="timer_stop",
                   on_click=_stop_timer, args=(workshop_id, secret))
        st.caption(t("workshop.control.timer_help"))


def _remove(workshop_id: str, secret: str) -> None:
    """The seat chosen when the button was pressed (read then, not when drawn)."""
    seat = int(st.session_state.get(session.WORKSHOP_SEAT) or 0)
    _act(lambda: svc.remove_participant(workshop_id, secret, seat),
         t("workshop.control.removed", n=seat))


def _simulate(workshop_id: str, secret: str) -> None:
    count = int(st.session_state.get(session.WORKSHOP_SIMULATE) or 1)
    _act(lambda: svc.simulate(workshop_id, secret, count),
         t("workshop.control.simulated", n=count))


def people(workshop_id: str, secret: str, rehearsal: bool) -> None:
    with st.expander(t("workshop.control.people")):
        seats = svc.participants(workshop_id, secret)
        st.caption(t("workshop.control.people_help", n=len(seats)))
        if seats:
            row = st.container(horizontal=True, vertical_alignment="bottom")
            with row:
                st.selectbox(t("workshop.control.seat"), seats, key=session.WORKSHOP_SEAT,
                             format_func=_words_in(lang(), "workshop.control.seat_label", "n"))
            row.button(t("workshop.control.remove"), key="remove_participant",
                       icon=":material/person_remove:", on_click=_remove,
                       args=(workshop_id, secret))
        if rehearsal:
            st.markdown(f"**{t('workshop.control.rehearsal')}**")
            st.caption(t("workshop.control.rehearsal_help"))
            row = st.container(horizontal=True, vertical_alignment="bottom")
            with row:
                st.number_input(t("workshop.control.simulate_count"), min_value=1,
                                max_value=svc.settings.max_simulated,
                                value=svc.settings.simulate_default,
                                key=session.WORKSHOP_SIMULATE)
            row.button(t("workshop.control.simulate"), key="simulate", icon=":material/group_add:",
                       on_click=_simulate, args=(workshop_id, secret))


# ------------------------------------------------------------------ results
def results_section(workshop_id: str, results: Results, from_plan: bool, *,
                    scored: bool = True) -> None:
    """The revealed results; with `scored` (a workshop on the rules, not a check-in
    moment's) Vonk's scoring of the group's plan beside them."""
    revealed = [r for r in results.rules if r.revealed >= 1]
    if not revealed:
        return
    content = get_content()
    st.header(t("workshop.control.results"))
    st.caption(t("workshop.control.anonymity", figure=results.anonymity.min_figure,
                 distribution=results.anonymity.min_distribution))
    group = svc.group_result(workshop_id) if scored else None
    sort = st.segmented_control(t("workshop.control.sort"), ["disagreement", "number"],
                                default="disagreement", key="results_sort", required=True,
                                format_func=_words_in(lang(), "workshop.control.sort_{}"))
    by_id = {r.rule_id: r for r in revealed}
    order = [r for r in results.by_disagreement if r in by_id] if sort == "disagreement" \
        else [r.rule_id for r in revealed]
    scores = {rs.rule_id: rs for rs in group.readiness.rules} if group else {}
    for rule_id in order:
        rule = by_id[rule_id]
        left, right = st.columns([3, 2])
        left.markdown(f"### {escape_markdown(wv.rule_label(rule_id))}")
        left.html(wv.statements_html(rule.statements))
        rs = scores.get(rule_id)
        if rs is not None:
            line = t("workshop.control.vonk_score", score=score_text(rs.score),
                     band=results_view.band_label(rs.band))
            right.markdown(f"**{t('workshop.control.vonk_rule')}**  \n{line}")
    if group is None:
        return
    evaluation = get_service().evaluate(group.answers, lang())
    st.header(t("workshop.control.vonk_heading"))
    st.caption(t("workshop.control.vonk_help"))
    if not from_plan:
        st.caption(t("workshop.control.vonk_no_facts"))
    results_view.overall(content, evaluation)
    results_view.blockers_and_findings(content, evaluation.readiness)


def discuss_section(workshop_id: str, secret: str, results: Results,
                    picked: list[RulePrompts]) -> None:
    """The discuss phase: which rules Vonk picked and why, each one click from the
    focus; the rule in focus (below) shows its questions for the room."""
    st.header(t("wsdecide.discuss_heading"))
    st.caption(t("wsdecide.discuss_help"))
    wd.discussion_list(picked, focus=focused(results),
                       on_focus=partial(_set_focus, workshop_id, secret),
                       chosen={r.rule_id for r in results.rules if r.discussed})


def decide_section(workshop_id: str, secret: str, code: str, source_plan: str | None,
                   scenario: str | None) -> None:
    """The decide phase (and the close after it): the agreed actions, then saving
    the room's result as a scenario, whose note takes the actions (so they are
    only listed once it is saved), then the downloads."""
    wd.actions_editor(svc, workshop_id, secret, heading_level=2,
                      read_only=scenario is not None)
    if scenario is not None:
        st.caption(t("wsdecide.actions_in_scenario"))
    save_section(workshop_id, secret, source_plan, scenario)
    st.header(t("wsdecide.downloads_heading"))
    st.caption(t("wsdecide.downloads_help"))
    wd.export_buttons(svc, workshop_id, secret, code=code)


def save_section(workshop_id: str, secret: str, source_plan: str | None,
                 scenario: str | None) -> None:
    st.header(t("workshop.control.save_heading"))
    if scenario is not None:
        link = wv.page_link("resultaat", plan=scenario, **({"lang": lang()} if lang() != "nl"
                                                              else {}))
        st.success(t("workshop.control.saved"), icon=":material/check_circle:")
        st.markdown(f"[{t('workshop.control.open_scenario')}]({link})")
        st.code(link, language=None, wrap_lines=True)
        return
    st.caption(t("workshop.control.save_help") + " " + t("wsdecide.save_takes_actions"))
    with st.form("save_scenario", border=False):
        title = st.text_input(t("workshop.control.scenario_title"),
                              max_chars=max_length(PlanFields, "title"),
                              value=t("workshop.control.scenario_default"))
        workspace = st.text_input(t("workshop.control.workspace"),
                                  help=t("workshop.control.workspace_help"))
        submitted = st.form_submit_button(t("workshop.control.save"), type="primary")
    if submitted:
        target = _workspace(workspace, source_plan)
        if workspace.strip() and target is None:
            st.error(t("workshop.control.workspace_unknown"))
            return
        try:
            svc.save_scenario(workshop_id, secret, title=title.strip() or
                              t("workshop.control.scenario_default"), workspace=target)
        except ActionRefused as refused:
            st.warning(t(f"workshop.refused.{refused.reason}"))
            return
        except StorageUnavailable:
            st.error(t("plan.storage_unavailable"))
            return
        st.rerun()  # drawn again with the link to the scenario


def _workspace(typed: str, source_plan: str | None) -> str | None:
    """The workspace a scenario goes to: the one of a pasted link, else that of the
    plan the workshop started from, else a new one (None)."""
    token = extract_token(typed) if typed.strip() else source_plan
    if token is None:
        return None
    plan = get_service().open(token)
    return None if plan is None else (plan.workspace or plan.token)


# ------------------------------------------------------------------ page
workshop_id = st.query_params.get("ws") or ""
secret = st.query_params.get("key") or ""
workshop = svc.workshop(workshop_id)
wv.frame(workshop.language if workshop is not None else None, wide=True)
if workshop is None or not svc.authorised(workshop_id, secret):
    st.title(t("workshop.control.title_plain"))
    st.error(t("workshop.control.not_authorised"))
    st.stop()

results = svc.results(workshop_id)
session.set_drawn("control", (results.phase, results.focus))
wv.remember("control", results.version, results)
st.title(t("workshop.control.title", code=results.code))
if workshop.rehearsal:
    st.info(t("workshop.control.is_rehearsal"), icon=":material/theater_comedy:")
checkin_workshop.control_banner(workshop)
note = session.take_workshop_note()
if note is not None:
    {"error": st.error, "warning": st.warning, "success": st.success}[note[0]](note[1])
links(workshop_id, secret, results.code, expanded=results.phase is Phase.LOBBY)
live(workshop_id)
wv.refresh_button("control_refresh")
phase_controls(workshop_id, secret, results.phase)
# Nothing before a reveal; none for a check-in moment (the prompts are about
# setting up a network, and a running one looks back on itself).
picked = [] if workshop.for_moment else svc.discussion_prompts(workshop_id, results)
if results.phase is Phase.DISCUSS:
    discuss_section(workshop_id, secret, results, picked)
if results.phase in (Phase.DECIDE, Phase.CLOSE):
    if workshop.for_moment:  # a check-in moment: into the check-in, never a scenario
        checkin_workshop.record_section(workshop, secret)
    else:
        decide_section(workshop_id, secret, results.code, workshop.source_plan,
                       workshop.scenario_token)
rule_controls(workshop_id, secret, results, picked)
results_section(workshop_id, results, workshop.source_plan is not None,
                scored=not workshop.for_moment)
timer(workshop_id, secret)
people(workshop_id, secret, workshop.rehearsal)
