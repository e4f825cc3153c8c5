"""Netwerkplan: from a finished scan to the working documents. The plan on a page,
the call for participants (a text to paste), the calendar (.ics) and the first
meeting's agenda; every field prefilled from the answers, editable, and saved at
once. The open points come from the same evaluation as Resultaat."""

import streamlit as st

from reports import inline_markdown, table_markdown, to_markdown
from reports.document import Block, Document, Heading
from reports.netplan import agenda_blocks, calendar_table, open_points_blocks
from ui import current_plan, netplan_fields, session
from ui import rates as ui_rates
from ui.i18n import lang, t
from ui.resources import get_content, get_netplan_service, get_service

content = get_content()
answers = current_plan.answers()
st.title(t("netplan.title", title=current_plan.title_md()))
token = session.token()
if not answers or token is None:
    st.info(t("netplan.empty"))
    if st.button(t("netplan.go_scan"), type="primary"):
        current_plan.go("pages/scan.py")
    st.stop()

service = get_netplan_service()
netplan = service.netplan
plan = service.view(token, answers, lang())
evaluation = get_service().evaluate(answers, lang(), ui_rates.current(session.workspace()))
read_only = current_plan.read_only()
st.markdown(t("netplan.intro"))


def draw(field_id: str, *, options: list[str] | None = None, help_text: str | None = None
         ) -> None:
    assert token is not None
    netplan_fields.draw(token, plan, netplan.field(field_id), disabled=read_only,
                        options=options, help_text=help_text)


def markdown_of(blocks: list[Block]) -> str:
    """Blocks of the document under the page's own section headings (one level down)."""
    shifted = [Heading(b.level + 1, b.text) if isinstance(b, Heading) else b for b in blocks]
    return to_markdown(Document(title="", blocks=shifted, lang=lang()), content)


st.header(t("netplan.section.plan"))
for field_id in ("aim", "theme", "double_focus"):
    draw(field_id)
draw("participants", help_text=t("netplan.help.participants"))
draw("hard_core")
st.subheader(t("netplan.doc.roles"))
st.caption(t("netplan.roles_intro"))
for role in ("coordinator", "content_lead", "process_facilitator", "responsible"):
    left, right = st.columns(2)
    with left:
        draw(role)
    with right:
        draw(f"{role}_name")
st.subheader(t("netplan.doc.conditions"))
for field_id in ("meal", "location", "support", "take_and_give", "end", "follow_up"):
    draw(field_id)
st.subheader(t("netplan.doc.open_points"))
st.caption(t("netplan.open_points_intro"))
st.markdown(markdown_of(open_points_blocks(content, evaluation)[1:]))

st.header(t("netplan.section.call"))
for field_id in ("call_profile", "call_result", "call_asks", "call_sign_up"):
    draw(field_id)
st.markdown(t("netplan.call_copy"))
st.code(service.call_text(plan), language=None, wrap_lines=True)

st.header(t("netplan.section.calendar"))
st.caption(inline_markdown(netplan.texts[lang()].texts["calendar_intro"]))
left, right = st.columns(2)
with left:
    draw("start_date")
    draw("rhythm", options=netplan.rhythm_ids)
    draw("count")
with right:
    draw("start_time")
    draw("hours", help_text=t("netplan.help.hours"))
    draw("follow_up_date", help_text=t("netplan.help.follow_up_date",
                                       weeks=netplan.structure.defaults.follow_up_weeks))
if plan.day("follow_up_date") <= plan.schedule.last:
    st.warning(t("netplan.follow_up_early"))
draw("skipped", options=[d.isoformat() for d in plan.schedule.slots],
     help_text=t("netplan.help.skipped"))
st.markdown(table_markdown(calendar_table(content, netplan, plan), content, lang()))

st.header(t("netplan.section.agenda"))
st.markdown(markdown_of(agenda_blocks(content, netplan, plan)[1:]))

st.header(t("netplan.section.downloads"))
st.caption(t("netplan.downloads_intro"))
title = current_plan.title()
slug = "vonk-netwerkplan-" + token[:8]
row = st.container(horizontal=True)
row.download_button(t("netplan.download_docx"), data=lambda: service.docx(plan, evaluation, title),
                    file_name=f"{slug}.docx", on_click="ignore", icon=":material/description:",
                    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
row.download_button(t("netplan.download_pdf"), data=lambda: service.pdf(plan, evaluation, title),
                    file_name=f"{slug}.pdf", mime="application/pdf", on_click="ignore",
                    icon=":material/picture_as_pdf:")
row.download_button(t("netplan.download_md"),
                    data=lambda: service.markdown(plan, evaluation, title),
                    file_name=f"{slug}.md", mime="text/markdown", on_click="ignore",
                    icon=":material/article:")
row.download_button(t("netplan.download_ics"), data=lambda: service.calendar(token, plan),
                    file_name=f"{slug}.ics", mime="text/calendar", on_click="ignore",
                    help=t("netplan.download_ics_help"), icon=":material/calendar_month:")

# Once the network meets: its check-ins (a first-time user finds them from here).
st.subheader(t("checkin.from_netplan_heading"))
st.markdown(t("checkin.from_netplan"))
st.page_link("pages/checkin.py", label=t("checkin.from_netplan_button"),
             icon=":material/event_repeat:")

saved = session.saved_at()
if saved:
    st.caption(t("plan.saved_at", time=saved))
current_plan.show_personal_link("netwerkplan")
