"""Vergelijk: 2-4 scenarios side by side: a verdict per pair, scores per rule with
deltas, the overlaid radar, what differs (the differing answers side by side
first, then the blockers, findings and advice that follow), and the investment at
the rates saved with the workspace."""

import streamlit as st

from charts import CHART_CONFIG, comparison_radar
from comparison import MAX_SCENARIOS, differences
from comparison.answers_diff import answers_diff
from reports import (
    comparison_csv,
    comparison_document,
    comparison_investment,
    comparison_table,
    comparison_xlsx,
    escape_markdown,
    estimate_missing,
    inline_markdown,
    markdown_table,
    table_markdown,
    to_pdf,
    verdict_phrase,
)
from services import PlanNotFound
from ui import current_plan, session
from ui import rates as ui_rates
from ui.i18n import lang, t
from ui.resources import get_content, get_service

content = get_content()
language = lang()
service = get_service()
st.title(t("compare.page_title"))
workspace = session.workspace()
scenarios = service.scenarios(workspace) if workspace else []
if workspace is None or len(scenarios) < 2:
    st.info(t("compare.need_two"))
    if st.button(t("compare.go_scenarios"), type="primary"):
        current_plan.go("pages/scenarios.py")
    st.stop()

titles = {p.token: p.title for p in scenarios}
chosen = st.multiselect(t("compare.choose"), options=list(titles),
                        default=list(titles)[:MAX_SCENARIOS], max_selections=MAX_SCENARIOS,
                        format_func=lambda tok: titles.get(tok, tok),
                        key=session.compare_pick_key(workspace))
if len(chosen) < 2:
    st.warning(t("compare.need_two_selected"))
    st.stop()

rates = ui_rates.current(workspace)  # saved with the workspace; the editor is below

try:
    result = service.compare(workspace, chosen, language, rates)
except PlanNotFound:  # deleted in another tab since the list was drawn
    st.warning(t("compare.need_two_selected"))
    st.stop()
# Names are the users' own text: made inert wherever they reach Markdown.
names = [escape_markdown(s.name) for s in result.scenarios]

st.subheader(t("compare.verdicts"))
st.markdown("\n".join(f"- {inline_markdown(verdict_phrase(content, result, pair))}"
                      for pair in result.pairs))

st.subheader(t("compare.per_rule"))
table = comparison_table(content, result)
st.markdown(table_markdown(table, content, language))
if table.caption is not None:
    st.caption(inline_markdown(table.caption))

st.plotly_chart(comparison_radar(content, [(s.name, s.readiness) for s in result.scenarios],
                                 language),
                alt=t("compare.radar_alt"), config=CHART_CONFIG, key="compare_radar")

st.subheader(t("compare.investment"))
ui_rates.editor(workspace, rates)
st.markdown(table_markdown(comparison_investment(content, result), content, language))
for s in result.scenarios:
    missing = estimate_missing(content, s.name, s.estimate, language)
    if missing is not None:
        st.warning(inline_markdown(missing.text))

st.subheader(t("compare.differences"))
for pair in result.pairs:
    with st.expander(f"{names[pair.a]} ↔ {names[pair.b]}"):
        # First the answers that differ, side by side; then what follows from them.
        changed = answers_diff(content, [result.scenarios[pair.a].answers,
                                         result.scenarios[pair.b].answers], language)
        st.markdown(f"**{t('compare.answers_differ')}**")
        st.markdown(markdown_table(
            [t("compare.question"), names[pair.a], names[pair.b]],
            [[escape_markdown(d.question), *(escape_markdown(v) for v in d.shown)]
             for d in changed]) if changed else t("compare.answers_same"))
        lines = differences(content, result, pair, language, inert=escape_markdown)
        st.markdown(f"**{t('compare.effects')}**")
        st.markdown("\n".join(f"- {line}" for line in lines) if lines
                    else t("compare.no_differences"))

# Buttons as wide as their labels, wrapping; files are built only when clicked.
row = st.container(horizontal=True)
row.download_button(t("compare.download_pdf"),
                        data=lambda: to_pdf(comparison_document(content, result), content),
                        file_name="vonk-vergelijking.pdf", mime="application/pdf",
                        on_click="ignore")
row.download_button(t("compare.download_csv"),
                        data=lambda: comparison_csv(content, result),
                        file_name="vonk-vergelijking.csv", mime="text/csv", on_click="ignore")
row.download_button(t("compare.download_xlsx"),
                        data=lambda: comparison_xlsx(content, result),
                        file_name="vonk-vergelijking.xlsx", on_click="ignore",
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
