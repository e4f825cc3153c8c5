"""Resultaat: overall band, blockers, design check, next steps, charts, advice."""

import streamlit as st

from exchange import export_json
from guidance import build_guidance
from investment import estimate
from reports import results_markdown
from reports.pdf import scenario_pdf
from scoring import assess
from ui import plan_state, results_view
from ui.i18n import lang, t
from ui.resources import get_content

content = get_content()
answers = plan_state.answers()

st.title(t("result.title", title=plan_state.title_md()))
if not answers:
    st.info(t("result.empty"))
    if st.button(t("result.go_scan"), type="primary"):
        plan_state.go("pages/scan.py")
    st.stop()

readiness = assess(content, answers)
guidance = build_guidance(content, readiness, answers, lang())

results_view.overall(content, readiness)
results_view.blockers_and_findings(content, readiness)
results_view.next_steps(guidance)
results_view.charts(content, readiness)
results_view.per_rule_details(content, readiness, guidance)
results_view.tips(guidance)

st.subheader(t("result.downloads"))
slug = "vonk-" + (plan_state.token() or "plan")[:8]
title, language = plan_state.title(), lang()
cols = st.columns(3)
cols[0].download_button(
    # Files are built only when clicked (deferred, off the page's own run).
    t("result.download_json"), data=lambda: export_json(title, language, answers),
    file_name=f"{slug}.json", mime="application/json", help=t("result.download_json_help"),
    on_click="ignore", icon=":material/download:")
cols[1].download_button(
    t("result.download_md"),
    data=lambda: results_markdown(content, readiness, guidance, answers, title, language),
    file_name=f"{slug}.md", mime="text/markdown", on_click="ignore",
    icon=":material/description:")
cols[2].download_button(
    t("result.download_pdf"),
    data=lambda: scenario_pdf(content, readiness, guidance,
                              estimate(answers, content.investment), title, language),
    file_name=f"{slug}.pdf", mime="application/pdf", on_click="ignore",
    icon=":material/picture_as_pdf:")
if plan_state.token() is not None:
    with st.expander(t("plan.link_heading")):
        st.caption(t("plan.link_help"))
        st.code(plan_state.resume_link("resultaat"), language=None)
