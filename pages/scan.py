"""Scan: the wizard through the golden rules, one rule per step."""

import streamlit as st

from content.models import PlanFields, max_length
from ui import current_plan, focus, session
from ui.fragments import page_part
from ui.i18n import lang, t
from ui.questions import render_question
from ui.resources import get_content
from ui.scan_nav import rule_label, rule_progress, rule_status
from ui.shell import page_object

content = get_content()
rules = content.rules
current_plan.take_rule_from_url()  # "?rule=N": a link from the handreiking page

st.title(t("scan.title"))
if session.token() is None:
    st.info(t("scan.no_plan"))

read_only = current_plan.read_only()
if read_only:
    st.warning(t("plan.deleted_readonly"), icon=":material/delete:")
    st.button(t("plan.restore"), on_click=current_plan.restore, icon=":material/undo:",
              type="primary", key="restore_plan")
session.seed_tracked(session.TITLE_INPUT, current_plan.stored_title(), current_plan.title())
st.text_input(t("plan.title_label"), key=session.TITLE_INPUT,
              max_chars=max_length(PlanFields, "title"), help=t("plan.title_help"),
              on_change=current_plan.save_title, disabled=read_only)


def _frame() -> tuple[object, ...]:
    """What the page draws above the rule that an answer or a move may change."""
    return (session.token(), current_plan.read_only(), current_plan.title())


@page_part("scan", _frame)
def rule_step() -> None:
    """The progress, the rule with its questions, the buttons and when it was saved:
    an answer or a move reruns only this (ui/fragments.py)."""
    read_only = current_plan.read_only()
    index = session.rule_index(len(rules))
    rule = rules[index]
    texts = rule.texts[lang()]
    answers = current_plan.answers()

    answered, total = rule_progress(content, answers)
    st.progress(answered / total if total else 0.0,
                text=t("scan.progress", answered=answered, total=total))

    pick_key = session.jump_menu_key(lang())
    # Set by go_to_rule() on every move and removed when another plan opens; seed it once.
    session.seed(pick_key, index)
    st.selectbox(t("scan.jump_label"), options=list(range(len(rules))), key=pick_key,
                 format_func=[rule_label(content, r) for r in rules].__getitem__,
                 on_change=lambda: current_plan.go_to_rule(session.widget_value(pick_key)))

    heading = t("scan.rule_heading", number=rule.number, total=len(rules), title=texts.title)
    st.header(heading, anchor=focus.SCAN_RULE)
    focus.move_if_requested(focus.SCAN_RULE, heading)
    st.markdown(f"*{texts.summary}*")
    st.caption(rule_status(content, rule, answers))
    st.page_link(page_object("pages/handreiking.py"), label=t("scan.read_rule", number=rule.number),
                 icon=":material/menu_book:",
                 query_params=current_plan.link_params(rule=rule.number))

    for q in rule.structure.questions:
        with st.container(border=True):
            render_question(q, texts.questions[q.id], key=session.question_key(q.id),
                            value=answers.get(q.id), on_save=current_plan.answer,
                            disabled=read_only)

    cols = st.columns(2)
    if index > 0:
        cols[0].button(t("scan.prev"), on_click=current_plan.go_to_rule, args=(index - 1,),
                       key="prev_rule", width="stretch")
    if index < len(rules) - 1:
        cols[1].button(t("scan.next"), on_click=current_plan.go_to_rule, args=(index + 1,),
                       key="next_rule", type="primary", width="stretch")
    elif cols[1].button(t("scan.to_result"), type="primary", key="to_result", width="stretch"):
        current_plan.go("pages/resultaat.py")

    if session.token() is not None:
        saved = session.saved_at()
        if saved:
            st.caption(t("plan.saved_at", time=saved))


rule_step()
if session.token() is not None:
    # Outside the part: it changes only with the plan, and then the whole page runs.
    current_plan.show_personal_link()
