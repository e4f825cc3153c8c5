"""Het scherm: the shared screen on the projector. Read-only, opened by its own link
(?ws=…, no secret): the QR code and the join code, "N joined / k of N answered"
while the room rates, then per rule the revealed result, most divided first; the
facilitator's timer when one runs (stored with the workshop). In reveal, discuss
and rate again the rule in focus (set on the control view, stored with the
workshop) comes first, big, under "Now discussing": its result and, when Vonk
picked it for discussion, its questions for the room; the other rules follow.
Nothing private is ever on it: no control link, no token, no answer of anyone;
before a reveal only the counts of who answered (the service gives nothing more).
The keyboard shortcuts live on the facilitator's control view."""

from __future__ import annotations

import streamlit as st

from services.workshop import Progress, Results, RuleResult
from ui import session
from ui import workshop_view as wv
from ui.i18n import t
from ui.resources import get_workshop_service
from workshop.phases import FOCUS_SHOWN, Phase

svc = get_workshop_service()
BIG_QR = (Phase.LOBBY, Phase.RATE)  # later a line with the code is enough for late joiners
VOTING = (Phase.RATE, Phase.RERATE)


def _rule_progress(results: Results, rule: RuleResult) -> str:
    second = results.phase is Phase.RERATE
    waiting = [s.round2 if second else s.round1 for s in rule.statements]
    counts = [p.answered for p in waiting if isinstance(p, Progress)]
    if not counts:
        return ""
    return t("workshop.progress", answered=min(counts), of=results.participants)


def _with_url(key: str, **params: str) -> str:
    """The text with the join page's address kept on one line (escaped)."""
    marker = "\x00"
    text = wv.esc(t(key, url=marker, **params))
    return text.replace(marker, f'<span class="ws-url">{wv.esc(wv.join_page_url())}</span>')


def _join_panel(results: Results, *, large: bool) -> None:
    url = wv.join_url(results.code)
    alt = t("workshop.screen.qr_alt", url=url)
    if large:
        left, right = st.columns([2, 3], vertical_alignment="center")
        left.html(wv.qr_html(url, alt))
        right.html(
            f'<p class="ws-key">{_with_url("workshop.screen.join_at")}</p>'
            f'<p class="ws-code"><span class="ws-sr">{wv.esc(t("workshop.screen.code_aria"))}: '
            f"</span>{wv.esc(results.code)}</p>"
            f'<p class="ws-big">{wv.esc(t("workshop.screen.joined", n=results.participants))}</p>')
    else:
        joined = t("workshop.screen.joined", n=results.participants)
        st.html(f'<p class="ws-key">{_with_url("workshop.screen.join_small", code=results.code)}'
                f" · {wv.esc(joined)}</p>")


def _voting(results: Results) -> None:
    second = results.phase is Phase.RERATE
    rules = [r for r in results.rules if (r.discussed if second else True)]
    lines = []
    for rule in rules:
        if rule.revealed >= (2 if second else 1):
            continue
        state = t("workshop.screen.locked") if rule.locked or not rule.open else \
            _rule_progress(results, rule)
        lines.append(f'<p class="ws-key"><strong>{wv.esc(wv.rule_label(rule.rule_id))}</strong>'
                     f" · {wv.esc(state)}</p>")
    heading = t("workshop.screen.round", n=2 if second else 1)
    st.html(f'<p class="ws-big">{wv.esc(heading)}</p>' + "".join(lines))


def _in_focus(results: Results) -> str | None:
    """The rule the room discusses, when this phase shows one."""
    rule_ids = {r.rule_id for r in results.rules}
    if results.phase in FOCUS_SHOWN and results.focus in rule_ids:
        return results.focus
    return None


def _focus_band(workshop_id: str, results: Results, rule_id: str, *, prompts: bool) -> None:
    """The rule in focus, big: its result as the service gives it (before a reveal
    only "k of N answered") and, in reveal and discuss, its questions (with
    `prompts`: not for a check-in moment, whose room looks back on its network)."""
    rule = next(r for r in results.rules if r.rule_id == rule_id)
    picked = [] if results.phase is Phase.RERATE or not prompts else \
        wv.remembered("screen_prompts", results.version,
                      lambda: svc.discussion_prompts(workshop_id, results))
    questions = next((p for p in picked if p.rule_id == rule_id), None)
    st.html(wv.focus_html(t(f"workshop.screen.focus_{results.phase.value}"), rule,
                          questions))


def _revealed(results: Results, skip: str | None = None) -> None:
    by_id = {r.rule_id: r for r in results.rules}
    order = [r for r in results.by_disagreement if r != skip]
    if results.phase in (Phase.DISCUSS, Phase.RERATE, Phase.DECIDE, Phase.CLOSE):
        order = [r for r in order if by_id[r].discussed] + \
            [r for r in order if not by_id[r].discussed]
    if not order:
        return
    heading = t("workshop.screen.others" if skip else "workshop.screen.results")
    st.html(f'<p class="ws-big">{wv.esc(heading)} · {wv.esc(t("workshop.screen.order"))}</p>')
    for rule_id in order:
        rule = by_id[rule_id]
        mark = f" · {t('workshop.screen.discussed')}" if rule.discussed else ""
        st.html(f'<p class="ws-rule">{wv.esc(wv.rule_label(rule_id) + mark)}</p>'
                + wv.statements_html(rule.statements))


@st.fragment(run_every=svc.settings.polling.screen_seconds)
def live(workshop_id: str, prompts: bool) -> None:
    """One version read a tick; the results again only when the version moved; a
    new phase starts a full run (re-arming the timer). With `prompts`, the rule in
    focus shows its questions for the room."""
    version = svc.version(workshop_id)
    if version is None:
        st.rerun()
    results = wv.remembered("screen", version, lambda: svc.results(workshop_id))
    if results.phase != session.drawn("screen"):
        wv.forget("screen")
        st.rerun()
    timer = wv.timer_html(svc.timer_left(results))  # counts down on every tick
    if timer:
        st.html(timer)
    focus = _in_focus(results)
    # While the room talks the rule in focus comes first (a projector's height is
    # precious), the line to join under it; while it votes the line stays on top.
    join_first = focus is None or results.phase in VOTING
    if results.phase is Phase.CLOSE:
        st.html(f'<p class="ws-big">{wv.esc(t("workshop.screen.closed"))}</p>')
    elif join_first:
        _join_panel(results, large=results.phase in BIG_QR)
    if focus is not None:
        _focus_band(workshop_id, results, focus, prompts=prompts)
        if not join_first:
            _join_panel(results, large=False)
    if results.phase in VOTING:
        _voting(results)
    _revealed(results, skip=focus)
    anonymity = t("workshop.screen.anonymity", figure=results.anonymity.min_figure,
                  distribution=results.anonymity.min_distribution)
    st.html(f'<p class="ws-anon">{wv.esc(anonymity)}</p>')


workshop_id = st.query_params.get("ws") or ""
workshop = svc.workshop(workshop_id)
wv.frame(workshop.language if workshop is not None else None, wide=True)
if workshop is None:
    st.error(t("workshop.screen.unknown"))
    st.stop()
session.set_drawn("screen", workshop.phase)
wv.forget("screen")
with st.container(key="ws_screen"):
    live(workshop_id, not workshop.for_moment)
wv.refresh_button("screen_refresh")
