"""Handreiking: the ten golden rules in Vonk's words, with the interview tips."""

import streamlit as st

from ui.i18n import lang, t
from ui.resources import get_content

content = get_content()
language = lang()

st.title(t("handreiking.title"))
st.markdown(t("handreiking.intro"))
for rule in content.rules:
    texts = rule.texts[language]
    section = content.sections[rule.structure.section]
    st.header(t("handreiking.rule_heading", number=rule.number, title=texts.title))
    st.markdown(f"*{texts.summary}*")
    st.markdown(texts.explanation)
    st.caption(t("handreiking.source", heading=section.heading))

st.header(t("handreiking.tips_heading"))
for tip in content.tips:
    st.markdown(f"- {content.tip_texts[language][tip.id].text}")
st.caption(t("handreiking.more"))
