"""Drawing pieces of the results page. Everything shown comes from one
`Evaluation` (evaluation/) and the report tables (reports/); this module only lays
them out for the screen."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

import plotly.graph_objects as go
import streamlit as st

from charts import CHART_CONFIG, bar_figure, chart_alt_text, radar_figure
from content.labels import answer_label, pct, score_text
from content.labels import band_label as content_band_label
from content.models import Content
from evaluation import Evaluation
from evaluation.explain import cap_intro, verdict_line
from guidance import AdviceItem, Guidance
from reports import escape_markdown, rule_table, table_markdown
from scoring.engine import BlockerHit, Readiness, RuleScore
from ui.i18n import lang, t
from ui.resources import get_content

# How a band's tone (content/scoring.yaml) is shown: a box and an icon.
TONE_BOX = {"negative": st.error, "caution": st.warning, "positive": st.success}
TONE_ICON = {"negative": ":material/block:", "caution": ":material/pending:",
             "positive": ":material/check_circle:"}
SEVERITY_BOX = {"high": st.error, "medium": st.warning, "low": st.info}


T = TypeVar("T")
# Pieces of the page made from one result (texts, tables, figures), per object:
# id -> (a weak reference to it, its pieces by key). The plan service keeps one
# Evaluation per set of answers, language and rates, so a rerun that changes none
# of them finds its pieces made; they go when the result object goes.
_PIECES: dict[int, tuple[weakref.ref[Any], dict[Hashable, Any]]] = {}


def once_per(owner: object, key: Hashable, build: Callable[[], T]) -> T:
    """`build()` made once per `owner` object (a frozen part of an Evaluation) and
    `key`; `key` must name everything else the piece depends on (the language)."""
    ident = id(owner)
    entry = _PIECES.get(ident)
    if entry is None or entry[0]() is not owner:
        # The callback runs when `owner` is freed, before its id can be reused.
        entry = (weakref.ref(owner, lambda _ref: _PIECES.pop(ident, None)), {})
        _PIECES[ident] = entry
    pieces = entry[1]
    if key not in pieces:
        pieces[key] = build()
    return cast(T, pieces[key])


def band_label(band: str | None) -> str:
    return content_band_label(get_content().messages[lang()], band)


def overall(content: Content, evaluation: Evaluation) -> None:
    """The verdict. No overall score while too little is answered for one (the
    band then shows only when a blocker decides it), and every cap that bites is
    named: why the band is lower than the average alone gives."""
    r = evaluation.readiness
    tone = content.scoring.tone(r.band)
    box = TONE_BOX[tone] if tone else st.info
    line = verdict_line(content, r, lang())
    box(f"### {line}", icon=TONE_ICON[tone] if tone else ":material/info:")
    st.caption(t("result.completeness", answered=r.answered, total=r.total,
                 pct=pct(r.completeness)))
    if r.band is None:
        st.info(t("result.no_verdict", pct=pct(content.scoring.min_completeness_for_verdict)))
    if evaluation.cap_reasons:
        intro = cap_intro(content, r, lang())
        st.info(intro + "\n\n" + "\n".join(f"- {line}" for line in evaluation.cap_reasons),
                icon=":material/info:")


def _blocker_boxes(content: Content, hits: tuple[BlockerHit, ...], box: Callable[..., object],
                   icon: str) -> None:
    language = lang()
    for hit in hits:
        bt = content.blocker_text(language, hit.blocker_id)
        rule_no = content.rule(hit.rule_id).number
        box(f"**{bt.title}** ({t('table.rule')} {rule_no})\n\n{bt.fix}", icon=icon)


def blockers_and_findings(content: Content, r: Readiness) -> None:
    language = lang()
    if r.verdict_blockers:
        st.subheader(t("result.blockers"))
        st.caption(t("result.blockers_intro"))
        _blocker_boxes(content, r.verdict_blockers, st.error, ":material/block:")
    if r.open_points:
        st.subheader(t("result.open_points"))
        st.caption(t("result.open_points_intro"))
        _blocker_boxes(content, r.open_points, st.warning, ":material/help:")
    st.subheader(t("result.findings"))
    if not r.findings:
        # "No clashes" is an all-clear only once enough is answered to mean it.
        st.caption(t("result.no_findings") if r.enough_answered
                   else t("result.findings_incomplete"))
        return
    st.caption(t("result.findings_intro"))
    for f in r.findings:
        ft = content.check_text(language, f.check_id)
        numbers = ", ".join(str(content.rule(rid).number) for rid in f.rules)
        SEVERITY_BOX[f.severity](
            f"**{ft.title}** — {t(f'severity.{f.severity}')} ({t('table.rule')} {numbers})\n\n"
            f"{ft.explanation}\n\n**{t('result.fix')}:** {ft.fix}")


def next_steps(g: Guidance) -> None:
    st.subheader(t("result.next_steps"))
    if g.next_steps:
        st.markdown("\n".join(f"{i}. {s.text}" for i, s in enumerate(g.next_steps, 1)))
    if g.fewer_steps is not None:  # say why there are fewer than three
        st.caption(t(f"result.fewer_steps.{g.fewer_steps}"))


def all_advice(content: Content, g: Guidance) -> None:
    """Every advice of the plan in one list, in the order of the steps (impact)."""
    if not g.advice:
        return
    with st.expander(f"{t('result.all_advice')} ({len(g.advice)})"):
        st.caption(t("result.all_advice_intro"))
        st.markdown("\n".join(
            f"{i}. " + t("result.all_advice_item", title=a.title, step=a.step,
                         number=content.rule(a.rule_id).number)
            for i, a in enumerate(g.advice, 1)))


class _BuiltFigure(go.Figure):
    """A figure that is never changed once built, with its dict form made once.
    st.plotly_chart turns every figure into a dict (``to_dict``: a deep copy and a
    scan for arrays, ~0.7-1 ms a chart) on every run before writing its JSON; for
    a cached figure that dict is the same each time, so it is made here, once, and
    only read afterwards (Streamlit 1.67 writes it to JSON and reads its width and
    height). Should Streamlit stop calling ``to_dict``, the chart is still right,
    only not faster."""

    def __init__(self, figure: go.Figure):
        super().__init__(figure)
        self._as_dict = super().to_dict()

    def to_dict(self) -> dict[str, Any]:
        return self._as_dict


@st.cache_resource(max_entries=512, show_spinner=False)
def _figures(scores: tuple[tuple[float | None, str | None], ...], language: str, large: bool,
             _readiness: Readiness) -> tuple[go.Figure, go.Figure]:
    """Both charts for one set of (score, band) per rule, built once per process
    (~25 ms of plotly work otherwise). The figures only depend on `scores`, the
    cache key; `_readiness` is not hashed. Shared read-only: st.plotly_chart only
    serialises them."""
    content = get_content()
    return (_BuiltFigure(radar_figure(content, _readiness, language, large=large)),
            _BuiltFigure(bar_figure(content, _readiness, language, large=large)))


def charts(content: Content, r: Readiness, *, large: bool = False) -> None:
    language = lang()
    st.subheader(t("result.per_rule"))

    def build() -> tuple[str, go.Figure, go.Figure, str]:
        figures = _figures(tuple((x.score, x.band) for x in r.rules), language, large, r)
        return (chart_alt_text(content, r, language), *figures,
                table_markdown(rule_table(content, r, language), content, language))

    alt, radar_fig, bar_fig, table_md = once_per(r, ("charts", language, large), build)
    radar, bars, table = st.tabs([t("result.tab_radar"), t("result.tab_bars"),
                                  t("result.tab_table")])
    config = CHART_CONFIG
    with radar:
        st.plotly_chart(radar_fig, alt=alt, config=config, key="radar_chart")
    with bars:
        st.plotly_chart(bar_fig, alt=alt, config=config, key="bar_chart")
    with table:
        st.markdown(table_md)


def _rule_cap_line(content: Content, r: Readiness, rs: RuleScore) -> str:
    """Why a rule's band is lower than its score gives: its blockers."""
    if rs.band is None or rs.band == rs.band_by_score:
        return ""
    titles = ", ".join(content.blocker_title(lang(), b.blocker_id)
                       for b in r.blockers if b.rule_id == rs.rule_id)
    return t("result.rule_capped", band=band_label(rs.band), blockers=titles) + "\n\n"


def _why_markdown(content: Content, r: Readiness, rs: RuleScore) -> str:
    language = lang()
    rule = content.rule(rs.rule_id)
    texts = rule.texts[language]
    intro = t("result.why_no_score") if rs.score is None else t("result.why_intro")
    lines = [f"**{t('result.why')}**  \n{_rule_cap_line(content, r, rs)}{intro}", ""]
    notes = []
    questions = {q.id: q for q in rule.structure.questions}
    for c in sorted(rs.contributions, key=lambda c: -c.lost_points):
        q, qt = questions[c.question_id], texts.questions[c.question_id]
        answer = answer_label(content, q, qt, c.answer, language)
        if q.kind == "text":
            answer = escape_markdown(answer)
        if c.status == "scored":
            effect = (t("result.why_lost", points=f"{c.lost_points:.0f}")
                      if round(c.lost_points) > 0 else t("result.why_full"))
        else:
            effect = t({"unknown": "result.why_unknown", "unanswered": "result.why_unanswered",
                        "info": "result.why_info"}[c.status])
        lines.append(f"- {qt.label} — *{answer}* → **{effect}**")
        if qt.judgement and c.status == "scored" and (
                c.outside_source_range or q.kind in ("multi", "choice")
                or (c.score is not None and round(c.score) < 100)):
            notes.append(f"> :material/balance: **{t('result.judgement')}** {qt.judgement}")
    return "\n".join(lines) + "".join(f"\n\n{note}" for note in notes)


def _advice_markdown(content: Content, items: tuple[AdviceItem, ...]) -> str:
    language = lang()
    if not items:
        return f"**{t('result.advice')}**  \n{t('result.no_advice')}"
    blocks = [f"**{t('result.advice')}**"]
    for a in items:
        blocks.append(f"##### {a.title}\n\n{a.body}\n\n*{t('advice.step')}:* {a.step}  \n"
                      f"*{t('advice.source')}:* {content.section_heading(language, a.source)}")
    return "\n\n".join(blocks)


def per_rule_details(content: Content, r: Readiness, g: Guidance) -> None:
    language = lang()

    def build() -> tuple[Guidance, list[tuple[str, str]]]:
        pieces = []
        for rs in r.rules:
            texts = content.rule(rs.rule_id).texts[language]
            label = t("result.rule_expander", number=rs.number, title=texts.title,
                      score=score_text(rs.score), band=band_label(rs.band))
            # One element per rule: the explanation, then the advice.
            pieces.append((label, _why_markdown(content, r, rs) + "\n\n" +
                           _advice_markdown(content, g.by_rule.get(rs.rule_id, ()))))
        return g, pieces

    made_for, pieces = once_per(r, ("per_rule", language, id(g)), build)
    if made_for is not g:  # another Guidance that happened to get the same id
        made_for, pieces = build()
    for label, body in pieces:
        with st.expander(label, expanded=False):
            st.markdown(body)


def tips(g: Guidance) -> None:
    if g.tips:
        st.subheader(t("result.tips"))
        st.markdown("\n".join(f"- {tip.text}" for tip in g.tips))
