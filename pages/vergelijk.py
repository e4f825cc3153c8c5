"""Vergelijk: 2-4 scenarios side by side: a verdict per pair, scores per rule with
deltas, the overlaid radar, what differs, the advice no longer needed, and the
investment at rates the user sets."""

import streamlit as st

from charts import comparison_radar
from comparison import MAX_SCENARIOS, compare, differences, verdict
from content.models import InvestmentRates
from reports.comparison_table import comparison_rows, investment_rows, score_with_delta
from reports.format import band_label, escape_markdown, markdown_table, score_text
from reports.pdf import comparison_pdf
from reports.table import to_csv, to_xlsx_bytes
from ui import plan_state
from ui.i18n import lang, t
from ui.resources import get_content, get_store

content = get_content()
language = lang()
st.title(t("compare.page_title"))
workspace = plan_state.workspace()
scenarios = get_store().scenarios(workspace) if workspace else []
if len(scenarios) < 2:
    st.info(t("compare.need_two"))
    if st.button(t("compare.go_scenarios"), type="primary"):
        plan_state.go("pages/scenarios.py")
    st.stop()

by_token = {p.token: p for p in scenarios}
chosen = st.multiselect(t("compare.choose"), options=list(by_token),
                        default=list(by_token)[:MAX_SCENARIOS], max_selections=MAX_SCENARIOS,
                        format_func=lambda tok: by_token[tok].title if tok in by_token else tok,
                        key=f"compare_pick:{workspace}")
if len(chosen) < 2:
    st.warning(t("compare.need_two_selected"))
    st.stop()

defaults = content.investment
with st.expander(t("compare.rates")):
    st.caption(t("compare.rates_help"))
    values = {}
    for field in InvestmentRates.model_fields:
        st.session_state.setdefault(f"rate:{field}", float(getattr(defaults, field)))
        values[field] = st.number_input(t(f"rate.{field}"), min_value=0.0, max_value=10_000.0,
                                        step=1.0, key=f"rate:{field}")
rates = InvestmentRates(**values)

result = compare(content, [(by_token[tok].title, by_token[tok].answers) for tok in chosen],
                 language, rates)
# Names are the users' own text: made inert wherever they reach Markdown.
names = [escape_markdown(s.name) for s in result.scenarios]

st.subheader(t("compare.verdicts"))
st.markdown("\n".join(f"- {verdict(content, result, pair, language, inert=escape_markdown)}"
                      for pair in result.pairs))

st.subheader(t("compare.per_rule"))
rule_rows = [[f"{row.number}. {content.rule(row.rule_id).texts[language].short}",
              *(score_with_delta(sc, d, i == 0)
                for i, (sc, d) in enumerate(zip(row.scores, row.deltas, strict=True)))]
             for row in result.rows]
rule_rows.append([f"**{t('result.overall')}**",
                  *(score_text(s.readiness.overall) for s in result.scenarios)])
rule_rows.append([f"**{t('table.band')}**",
                  *(band_label(content.messages[language], s.readiness.band)
                    for s in result.scenarios)])
st.markdown(markdown_table([t("table.rule"), *names], rule_rows))
st.caption(t("compare.delta_help", first=names[0]))

st.plotly_chart(comparison_radar(content, [(s.name, s.readiness) for s in result.scenarios],
                                 language),
                alt=t("compare.radar_alt"), config={"displaylogo": False}, key="compare_radar")

st.subheader(t("compare.investment"))
st.markdown(markdown_table(["", *names], investment_rows(
    content, [s.estimate for s in result.scenarios], language)))
for s in result.scenarios:
    if s.estimate.missing:
        st.warning(t("compare.estimate_missing", name=escape_markdown(s.name),
                     missing=", ".join(t(f"compare.input_{q}") for q in s.estimate.missing)))

st.subheader(t("compare.differences"))
for pair in result.pairs:
    with st.expander(f"{names[pair.a]} ↔ {names[pair.b]}"):
        lines = differences(content, result, pair, language, inert=escape_markdown)
        st.markdown("\n".join(f"- {line}" for line in lines) if lines
                    else t("compare.no_differences"))

table_head, table_rows = comparison_rows(content, result, language)
cols = st.columns(3)  # files are built only when clicked
cols[2].download_button(t("compare.download_pdf"),
                        data=lambda: comparison_pdf(content, result, language),
                        file_name="vonk-vergelijking.pdf", mime="application/pdf",
                        on_click="ignore")
cols[0].download_button(t("compare.download_csv"), data=lambda: to_csv(table_head, table_rows),
                        file_name="vonk-vergelijking.csv", mime="text/csv", on_click="ignore")
cols[1].download_button(t("compare.download_xlsx"),
                        data=lambda: to_xlsx_bytes(table_head, table_rows),
                        file_name="vonk-vergelijking.xlsx", on_click="ignore",
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
