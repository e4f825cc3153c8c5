"""Hoe Vonk scoort / How Vonk scores: bands, caps, blockers, target ranges and what
is the handreiking's and what Vonk's judgement, all read from content/
(content/scoring_explained.py), so the page cannot disagree with the scoring."""

import streamlit as st

from content.scoring_explained import explain_scoring
from ui.i18n import lang, t
from ui.resources import get_content

st.title(t("how.title"))
st.markdown(t("how.intro"))
for section in explain_scoring(get_content(), lang()):
    st.header(section.heading)
    for paragraph in section.paragraphs:
        st.markdown(paragraph)
    if section.table is not None:
        # Text in every column: all left-aligned (a real <table> with headers).
        head, rows = section.table.head, section.table.rows
        st.markdown("\n".join([f"| {' | '.join(head)} |", "|---" * len(head) + "|",
                               *(f"| {' | '.join(row)} |" for row in rows)]))
    for note in section.notes:
        st.caption(note)
