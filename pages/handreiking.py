"""Handreiking: the ten golden rules in Vonk's words, with a table of contents, a
link from each rule to that rule in the scan (and, from the scan, back here at the
rule: ``?rule=N``), the source named with its link, and the practice tips grouped
by where they come from (the two interviews, the summary) with who said them."""

import streamlit as st

from reports.format import escape_markdown
from ui import current_plan, focus
from ui.i18n import lang, t
from ui.resources import get_content

content = get_content()
language = lang()

wanted = st.query_params.get("rule")
if wanted is not None:  # from "Lees regel N in de handreiking" in the scan
    del st.query_params["rule"]
    if wanted.isdigit():
        focus.request_move(focus.rule_anchor(int(wanted)))

st.title(t("handreiking.title"))
st.markdown(t("handreiking.intro"))
st.markdown(t("handreiking.source_line"))

st.subheader(t("handreiking.toc"), anchor="inhoud")
toc = [f"{rule.number}. [{escape_markdown(rule.texts[language].title)}]"
       f"(#{focus.rule_anchor(rule.number)})" for rule in content.rules]
st.markdown("\n".join(toc) + f"\n\n[{t('handreiking.toc_tips')}](#tips)")

for rule in content.rules:
    texts = rule.texts[language]
    section = content.sections[rule.structure.section]
    heading = t("handreiking.rule_heading", number=rule.number, title=texts.title)
    st.header(heading, anchor=focus.rule_anchor(rule.number))
    focus.move_if_requested(focus.rule_anchor(rule.number), heading)
    st.markdown(f"*{texts.summary}*")
    st.markdown(texts.explanation)
    st.caption(t("handreiking.source", heading=section.heading))
    st.page_link("pages/scan.py", label=t("handreiking.to_scan", number=rule.number),
                 icon=":material/checklist:",
                 query_params=current_plan.link_params(rule=rule.number))

st.header(t("handreiking.toc_tips"), anchor="tips")
st.markdown(t("handreiking.tips_intro"))
sources = list(dict.fromkeys(tip.source for tip in content.tips))
for source in sources:
    st.subheader(t(f"handreiking.from.{source}"))
    st.caption(t(f"handreiking.who.{source}"))
    st.markdown("\n".join(f"- {content.tip_texts[language][tip.id].text}"
                          for tip in content.tips if tip.source == source))
