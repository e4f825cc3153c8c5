"""Scenario's: the plans of this workspace side by side in a list; duplicate one to
ask "what if" (the copy becomes the current scenario and the one edited), rename,
add a note, delete (confirmed, restorable), and change any answer of any scenario in
one overview."""

import functools

import streamlit as st

from content.models import PlanFields, max_length
from reports.format import escape_markdown
from ui import current_plan, scenario_actions, session
from ui.i18n import lang, t
from ui.questions import render_question
from ui.resources import get_checkin_service, get_content, get_service

st.title(t("scenario.page_title"))
st.markdown(t("scenario.intro"))
workspace = session.workspace()
if workspace is None:
    st.info(t("scenario.no_workspace"))
    if st.button(t("start.new"), type="primary"):
        current_plan.new_plan()
        st.rerun()
    st.stop()

service = get_service()
scenarios = service.scenarios(workspace)
confirming = session.confirming_delete()
title_max, note_max = max_length(PlanFields, "title"), max_length(PlanFields, "note")

for plan in scenarios:
    current = plan.token == session.token()
    with st.container(border=True):
        label = f"**{escape_markdown(plan.title)}**" + (f" · {t('scenario.current')}"
                                                         if current else "")
        st.markdown(label + f"  \n{t('scenario.answered', count=len(plan.answers))}")
        name_key, note_key = session.scenario_name_key(plan.token), \
            session.scenario_note_key(plan.token)
        session.seed_tracked(name_key, plan.title)
        st.text_input(t("scenario.name"), key=name_key, max_chars=title_max,
                      on_change=scenario_actions.rename, args=(plan.token,))
        session.seed_tracked(note_key, plan.note)
        st.text_area(t("scenario.note"), key=note_key, max_chars=note_max, height=68,
                     on_change=scenario_actions.save_note, args=(plan.token,))
        if confirming == plan.token:
            st.warning(t("scenario.confirm_delete", title=escape_markdown(plan.title)))
            if get_checkin_service().networks_for(plan.token):  # its network pauses too
                st.caption(t("checkin.scenario_has_network"))
            yes, no = st.columns(2)
            yes.button(t("scenario.confirm_yes"), key=f"yes:{plan.token}", type="primary",
                       on_click=scenario_actions.confirm_delete, args=(plan.token, plan.title))
            no.button(t("scenario.confirm_no"), key=f"no:{plan.token}",
                      on_click=scenario_actions.cancel_delete)
            continue
        cols = st.columns(3)
        cols[0].button(t("scenario.open"), key=f"open:{plan.token}", disabled=current,
                       on_click=scenario_actions.open_scenario, args=(plan.token,))
        cols[1].button(t("scenario.duplicate"), key=f"dup:{plan.token}",
                       on_click=scenario_actions.duplicate, args=(plan.token, plan.title))
        cols[2].button(t("scenario.delete"), key=f"del:{plan.token}",
                       disabled=len(scenarios) < 2, help=t("scenario.delete_help"),
                       on_click=scenario_actions.ask_delete, args=(plan.token,))

st.button(t("scenario.new"), on_click=scenario_actions.new_scenario, icon=":material/add:")

deleted_here = service.deleted_scenarios(workspace, session.deleted_here())
if deleted_here:
    st.subheader(t("scenario.deleted_heading"))
    for plan in deleted_here:
        # Button labels are Markdown: the name is the user's own text, made inert.
        st.button(t("scenario.restore_named", title=escape_markdown(plan.title)),
                  key=f"restore:{plan.token}",
                  on_click=scenario_actions.restore, args=(plan.token,),
                  icon=":material/undo:")

# The overview edits the scenario chosen here: any of them, current or not (a new
# copy, or one just made current, is chosen for the user).
tokens, titles = [p.token for p in scenarios], {p.token: p.title for p in scenarios}
target_key = session.edit_target_key(workspace)
if session.widget_value(target_key) not in tokens:
    session.set_widget(target_key, session.token() if session.token() in tokens else tokens[0])
chosen = st.selectbox(t("scenario.edit_choose"), options=tokens, key=target_key,
                      format_func=lambda tok: titles.get(tok, tok))
target = next(p for p in scenarios if p.token == chosen)
st.header(t("scenario.overview", title=escape_markdown(target.title)))
st.caption(t("scenario.overview_help"))
content = get_content()
on_save = functools.partial(scenario_actions.answer, target.token)
for rule in content.rules:
    texts = rule.texts[lang()]
    with st.expander(content.rule_label(rule.id, lang())):
        for q in rule.structure.questions:
            render_question(q, texts.questions[q.id],
                            key=session.edit_question_key(target.token, q.id),
                            value=target.answers.get(q.id), on_save=on_save)
