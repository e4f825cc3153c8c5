"""Scan: the wizard through the ten golden rules, one rule per step."""

import streamlit as st

from ui import plan_state
from ui.i18n import lang, t
from ui.questions import render_question
from ui.resources import get_content
from ui.scan_nav import go_to, jump_menu_key, rule_label, rule_progress, rule_status

content = get_content()
rules = content.rules
index = min(max(int(st.session_state.get(plan_state.RULE_IDX, 0) or 0), 0), len(rules) - 1)
rule = rules[index]
texts = rule.texts[lang()]

st.title(t("scan.title"))
if plan_state.token() is None:
    st.info(t("scan.no_plan"))

st.session_state.setdefault("title_input", plan_state.title())
st.text_input(t("plan.title_label"), key="title_input", max_chars=120,
              help=t("plan.title_help"),
              on_change=lambda: plan_state.save_title(st.session_state["title_input"]))

answered, total = rule_progress(content, plan_state.answers())
st.progress(answered / total if total else 0.0,
            text=t("scan.progress", answered=answered, total=total))

pick_key = jump_menu_key()
# Set by go_to() on every move and removed when another plan opens; seed it once.
st.session_state.setdefault(pick_key, index)
st.selectbox(t("scan.jump_label"), options=list(range(len(rules))), key=pick_key,
             format_func=[rule_label(r) for r in rules].__getitem__,
             on_change=lambda: go_to(st.session_state[pick_key]))

st.header(t("scan.rule_heading", number=rule.number, total=len(rules), title=texts.title))
st.markdown(f"*{texts.summary}*")
st.caption(rule_status(content, rule, plan_state.answers()))

for q in rule.structure.questions:
    with st.container(border=True):
        render_question(q, texts.questions[q.id])

cols = st.columns(2)
if index > 0:
    cols[0].button(t("scan.prev"), on_click=go_to, args=(index - 1,), key="prev_rule",
                   width="stretch")
if index < len(rules) - 1:
    cols[1].button(t("scan.next"), on_click=go_to, args=(index + 1,), key="next_rule",
                   type="primary", width="stretch")
elif cols[1].button(t("scan.to_result"), type="primary", key="to_result", width="stretch"):
    plan_state.go("pages/resultaat.py")

if plan_state.token() is not None:
    saved = st.session_state.get(plan_state.SAVED_AT)
    if saved:
        st.caption(t("plan.saved_at", time=saved))
    with st.expander(t("plan.link_heading")):
        st.caption(t("plan.link_help"))
        st.code(plan_state.resume_link(), language=None)
