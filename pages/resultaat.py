"""Resultaat: overall band, blockers, design check, next steps, charts, advice and
the investment at the workspace's rates.
Everything on the page and in its downloads comes from one evaluation."""

import streamlit as st

from exchange import export_json
from reports import (
    estimate_missing,
    inline_markdown,
    investment_table,
    scenario_document,
    table_markdown,
    to_markdown,
    to_pdf,
)
from ui import current_plan, results_view, session
from ui import rates as ui_rates
from ui.i18n import lang, t
from ui.resources import get_content, get_service
from ui.shell import page_object

content = get_content()
answers = current_plan.answers()

st.title(t("result.title", title=current_plan.title_md()))
if not answers:
    st.info(t("result.empty"))
    if st.button(t("result.go_scan"), type="primary"):
        current_plan.go("pages/scan.py")
    st.stop()

workspace = session.workspace()
rates = ui_rates.current(workspace)  # saved with the workspace (the comparison's too)
evaluation = get_service().evaluate(answers, lang(), rates)
readiness, guidance = evaluation.readiness, evaluation.guidance

results_view.overall(content, evaluation)
results_view.blockers_and_findings(content, readiness)
results_view.next_steps(guidance)
results_view.charts(content, readiness)
results_view.all_advice(content, guidance)
results_view.per_rule_details(content, readiness, guidance)
results_view.tips(guidance)

st.subheader(t("result.investment"))
st.caption(t("result.investment_help"))
title, language = current_plan.title(), lang()
# The report's own table: one plan's column is "estimate" (the name is the page's).
st.markdown(table_markdown(investment_table(content, [(t("report.estimate"), evaluation.estimate)],
                                            language), content, language))
missing = estimate_missing(content, title, evaluation.estimate, language)
if missing is not None:
    st.warning(inline_markdown(missing.text))
if workspace is not None:
    ui_rates.editor(workspace, rates)

st.subheader(t("netplan.from_result"))
st.markdown(t("netplan.from_result_text"))
st.page_link(page_object("pages/netwerkplan.py"), label=t("netplan.from_result_button"),
             icon=":material/event_note:")

st.subheader(t("result.downloads"))
slug = "vonk-" + (session.token() or "plan")[:8]
row = st.container(horizontal=True)  # buttons as wide as their labels, wrapping
row.download_button(
    # Files are built only when clicked (deferred, off the page's own run).
    t("result.download_json"), data=lambda: export_json(title, language, answers),
    file_name=f"{slug}.json", mime="application/json", help=t("result.download_json_help"),
    on_click="ignore", icon=":material/download:")
row.download_button(
    t("result.download_md"),
    data=lambda: to_markdown(scenario_document(content, evaluation, title), content),
    file_name=f"{slug}.md", mime="text/markdown", on_click="ignore",
    icon=":material/description:")
row.download_button(
    t("result.download_pdf"),
    data=lambda: to_pdf(scenario_document(content, evaluation, title), content),
    file_name=f"{slug}.pdf", mime="application/pdf", on_click="ignore",
    icon=":material/picture_as_pdf:")
if session.token() is not None:
    current_plan.show_personal_link("resultaat")
