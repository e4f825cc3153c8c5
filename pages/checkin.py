"""Check-ins: start the network of the current plan, open its moments, answer the
start check, the pulse or the harvest alone, record the decision, and see the
network over time (chart, table, stories), and delete it (asked first, undone
from here: ui/checkin_delete.py). A participant's link (?network=ID) shows only
the answering and the network's own view; of a deleted network nothing but that
it was deleted. A network whose plan is a deleted scenario is paused (read-only)."""

from __future__ import annotations

from datetime import timedelta
from typing import NoReturn
from urllib.parse import urlencode

import streamlit as st

from charts import CHART_CONFIG, over_time_alt_text, over_time_figure, over_time_table
from content.checkins import DECISIONS, MOMENTS, Moment, default_checkins
from content.labels import date_text
from content.models import SCALE, UNKNOWN
from reports.format import escape_markdown
from services.checkins import StoriesHidden
from services.plans import public_base_url
from ui import checkin_actions as act
from ui import checkin_delete, current_plan, session
from ui.checkin_workshop import checkin_section
from ui.i18n import lang, t, url_params
from ui.resources import get_checkin_service, get_content
from ui.shell import show_flashes

content, checkins, service = get_content(), default_checkins(), get_checkin_service()
texts = checkins.texts[lang()]
messages = content.messages[lang()]
st.title(t("checkin.title"))
st.markdown(texts.explanation)
early_messages = st.container()


def stop_here() -> NoReturn:
    """End the page here, with this run's messages (e.g. "deleted, undo below") at
    the top: the shell draws them only after a page that runs to its end."""
    with early_messages:
        show_flashes()
    st.stop()


network_id = st.query_params.get(session.CHECKIN_NETWORK_PARAM)
plan_token = session.token()
network = None
if network_id:
    network = service.network(network_id)
    if network is None:
        st.error(t("checkin.network_gone"))
        stop_here()
    if network.deleted:  # its initiator may undo; anyone else sees nothing of it
        checkin_delete.deleted_notice(service, network, plan_token)
        stop_here()
elif plan_token is None:
    st.info(t("checkin.need_plan"))
    stop_here()
else:
    mine = service.networks_for(plan_token)
    if not mine:
        if current_plan.read_only():  # a deleted scenario starts no network
            st.warning(t("checkin.plan_deleted_no_network"), icon=":material/delete:")
            st.button(t("plan.restore"), on_click=current_plan.restore, type="primary",
                      icon=":material/undo:", key="checkin_restore_plan")
        else:
            st.markdown(t("checkin.start_for_plan", title=current_plan.title_md()))
            st.button(t("checkin.start_network"), type="primary", key="checkin_start",
                      on_click=act.start_network, args=(plan_token,))  # explained below
            st.caption(t("checkin.start_network_help"))
        checkin_delete.deleted_list(service, plan_token)
        stop_here()
    network = mine[-1]
    st.query_params[session.CHECKIN_NETWORK_PARAM] = network.id
assert network is not None
owner = plan_token is not None and plan_token == network.plan_token
paused = service.plan_deleted(network)  # its plan is a deleted scenario: read-only
if paused:
    checkin_delete.paused_notice(owner)


def moment_title(moment: Moment) -> str:
    return texts.moments[moment].title


# ------------------------------------------------------------- the initiator
if owner and not paused:
    assert plan_token is not None
    st.caption(t("checkin.network_of", date=date_text(network.started_at.date(), messages)))
    with st.container(border=True):
        st.markdown(f"**{t('checkin.participant_link')}**  \n{t('checkin.participant_link_help')}")
        try:
            seen_url = st.context.url
        except (AttributeError, RuntimeError):
            seen_url = None
        query = urlencode({**url_params(), session.CHECKIN_NETWORK_PARAM: network.id})
        st.code(f"{public_base_url(seen_url)}/checkin?{query}", language=None)
    st.subheader(t("checkin.moments"))
    for moment in MOMENTS:
        state = network.moment(moment)
        label = t("checkin.moment_not_opened") if state is None else \
            t("checkin.moment_open") if state.is_open else t("checkin.moment_closed")
        cols = st.columns([3, 2])
        cols[0].markdown(t("checkin.moment_state", moment=moment_title(moment), state=label))
        if state is None or not state.is_open:
            cols[1].button(t("checkin.open_moment", moment=moment_title(moment)),
                           key=f"checkin_open_{moment}", on_click=act.open_moment,
                           args=(network.id, plan_token, moment))
        else:
            cols[1].button(t("checkin.close_moment", moment=moment_title(moment)),
                           key=f"checkin_close_{moment}", on_click=act.close_moment,
                           args=(network.id, plan_token, moment))

# ------------------------------------------- with the group, in a live workshop
checkin_section(network, plan_token, owner and not paused)  # paused: nothing to start

# ----------------------------------------------------------------- answering
st.header(t("checkin.answer_heading"))
open_moments = [m for m in MOMENTS if (s := network.moment(m)) is not None and s.is_open]
if paused:
    st.caption(t("checkin.answer_paused"))
elif not open_moments:
    st.info(t("checkin.nothing_open"))
else:
    moment_key = session.checkin_moment_key(network.id)
    if session.widget_value(moment_key) not in open_moments:
        session.set_widget(moment_key, open_moments[-1])
    chosen: Moment = st.radio(t("checkin.choose_moment"), options=open_moments,
                              key=moment_key, format_func=moment_title, horizontal=True)
    st.markdown(f"**{moment_title(chosen)}** — {texts.moments[chosen].intro}")
    st.caption(t("checkin.anonymous_note", minimum=service.settings.anonymity.min_figure))
    token = act.respondent_token(network.id)
    own = service.own(token) if token else None
    scale_labels: dict[int | str, str] = {v: f"{v} · {messages[f'scale.{v}']}" for v in SCALE}
    scale_labels[UNKNOWN] = messages["answer.unknown"]
    with st.form(f"checkin_form_{network.id}_{chosen}", border=True):
        if chosen == "start":
            lq = texts.learning_question
            session.seed(session.checkin_learning_key(network.id),
                         own.learning_question if own else "")
            st.text_input(lq.label, key=session.checkin_learning_key(network.id), help=lq.help,
                          max_chars=checkins.limits.learning_question_max_chars)
            session.seed(session.checkin_share_key(network.id),
                         own.learning_shared if own else False)
            st.checkbox(lq.share, key=session.checkin_share_key(network.id))
        st.subheader(t("checkin.statements"))
        st.caption(t("checkin.statement_help"))
        for item_id in checkins.statements_at(chosen):
            key = session.checkin_answer_key(network.id, chosen, item_id)
            session.seed(key, own.answers.get((chosen, item_id)) if own else None)
            st.radio(checkins.statement_text(item_id, lang(), content),
                     options=[*SCALE, UNKNOWN], key=key, horizontal=True,
                     format_func=scale_labels.__getitem__)
        stories = checkins.stories_at(chosen)
        if stories:
            st.subheader(t("checkin.stories"))
        cycles = {st_.id: st_.cycle for st_ in checkins.structure.stories}
        for story_id in stories:
            story = texts.stories[story_id]
            cycle = cycles.get(story_id)
            if cycle is not None:  # the value-creation cycle this story is about
                ct = texts.cycles[cycle]
                st.markdown(f"**{ct.name}** — {ct.explanation}")
            if story_id == "learning_question_back" and own and own.learning_question:
                st.markdown(t("checkin.your_learning_question",
                              question=escape_markdown(own.learning_question)))
            key = session.checkin_story_key(network.id, chosen, story_id)
            session.seed(key, own.stories.get((chosen, story_id), "") if own else "")
            st.text_area(story.prompt, key=key, help=story.help,
                         max_chars=checkins.limits.story_max_chars, height=100)
        st.form_submit_button(t("checkin.save"), type="primary",
                              on_click=act.save_answers, args=(network.id, chosen))

# ------------------------------------------------------------------ decision
end = network.moment("end")
if owner and end is not None and not paused:
    assert plan_token is not None
    st.header(t("checkin.decision_heading"))
    dt = texts.decision
    with st.form(f"checkin_decision_{network.id}", border=True):
        key = session.checkin_decision_key(network.id)
        session.seed(key, network.decision.choice if network.decision else None)
        st.radio(dt.label, options=list(DECISIONS), key=key, help=dt.help,
                 format_func=dt.options.__getitem__)
        today = service.clock().date()
        fkey = session.checkin_follow_up_key(network.id)
        session.seed(fkey, network.decision.follow_up if network.decision else None)
        st.date_input(dt.follow_up_label, key=fkey, help=dt.follow_up_help, min_value=today,
                      max_value=today + timedelta(days=checkins.limits.follow_up_max_days),
                      format="DD-MM-YYYY" if lang() == "nl" else "YYYY-MM-DD")
        st.form_submit_button(t("checkin.decision_save"), on_click=act.save_decision,
                              args=(network.id, plan_token))

# ----------------------------------------------------------------- over time
st.header(t("checkin.over_time"))
st.markdown(t("checkin.over_time_intro"))
view = service.view(network.id)
for moment, count in view.respondents.items():
    st.caption(t("checkin.respondents", moment=moment_title(moment), count=count))
if not view.over_time.has_figures:
    st.info(t("checkin.no_figures", minimum=view.minimum))
else:
    st.plotly_chart(over_time_figure(content, checkins, view.over_time, lang(),
                                     service.settings.agreement),
                    config=CHART_CONFIG, key="checkin_chart")
    st.caption(over_time_alt_text(content, checkins, view.over_time, lang()))
    small = service.settings.agreement.small_group_below
    if any(0 < n < small for n in view.respondents.values()):
        st.caption(t("checkin.small_group", n=small))
    with st.expander(t("checkin.show_table")):
        head, rows = over_time_table(content, checkins, view.over_time, lang())
        # Text in every column: all left-aligned (markdown_table right-aligns numbers).
        lines = ["| " + " | ".join(escape_markdown(h) for h in head) + " |",
                 "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(escape_markdown(c) for c in row) + " |" for row in rows]
        st.markdown("\n".join(lines))

st.subheader(t("checkin.stories_heading"))
any_story = False
for moment, stories_at in view.stories.items():
    if isinstance(stories_at, StoriesHidden):
        st.caption(t("checkin.stories_hidden", moment=moment_title(moment),
                     minimum=stories_at.minimum, count=stories_at.respondents))
        continue
    for story_id, story_texts in stories_at.texts.items():
        any_story = True
        prompt = escape_markdown(texts.stories[story_id].prompt)
        st.markdown(f"**{moment_title(moment)} — {prompt}**")
        st.markdown("\n".join(f"- {escape_markdown(x)}" for x in story_texts))
if not any_story and not any(isinstance(s, StoriesHidden) for s in view.stories.values()):
    st.caption(t("checkin.stories_none"))

st.subheader(t("checkin.learning_questions_heading"))
if view.learning_questions is None:
    st.caption(t("checkin.learning_questions_hidden", minimum=view.minimum))
elif not view.learning_questions:
    st.caption(t("checkin.learning_questions_none"))
else:
    st.markdown("\n".join(f"- {escape_markdown(q)}" for q in view.learning_questions))

if view.decision is not None:
    st.markdown(t("checkin.decision_recorded",
                  choice=escape_markdown(texts.decision.options[view.decision.choice])))  # type: ignore[index]
    st.markdown(t("checkin.decision_follow_up", date=date_text(view.decision.follow_up, messages)
                  if view.decision.follow_up else t("checkin.no_follow_up_date")))

# ----------------------------------------------------------------- downloads
st.subheader(t("checkin.downloads"))
st.caption(t("checkin.downloads_help"))
# Made on click, outside this run: what they need is bound now.
shown_id, shown_lang, shown_token = network.id, lang(), plan_token
slug = "vonk-checkins-" + shown_id[:8]
row = st.container(horizontal=True)
# The plan's title (the initiator's words) is in the initiator's copy only.
row.download_button(t("checkin.download_pdf"),
                    data=lambda: service.pdf(shown_id, shown_lang, plan_token=shown_token),
                    file_name=f"{slug}.pdf", mime="application/pdf", on_click="ignore",
                    icon=":material/picture_as_pdf:", key="checkin_pdf")
row.download_button(t("checkin.download_md"),
                    data=lambda: service.markdown(shown_id, shown_lang, plan_token=shown_token),
                    file_name=f"{slug}.md", mime="text/markdown", on_click="ignore",
                    icon=":material/article:", key="checkin_md")

# --------------------------------------------------- deleting (the initiator)
if owner:
    assert plan_token is not None
    checkin_delete.delete_section(service, network, plan_token)
    checkin_delete.deleted_list(service, plan_token)
