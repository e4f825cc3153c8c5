"""The network plan as documents: the plan on a page, the call for participants,
the calendar and the first meeting's agenda, in one ``Document`` that every
renderer lays out (Markdown, PDF, Word), and the call alone as text to paste.

Every field's value is the user's own text (prefilled or typed), so it reaches
each format as ``UserText``. The open points come from the plan's one
``Evaluation``, as on the results page.
"""

from __future__ import annotations

from datetime import date

from content.labels import date_text, number
from content.models import Content
from content.netplan import Netplan
from evaluation import Evaluation
from netplan import Agenda, NetworkPlan, first_meeting
from netplan.schedule import Event
from reports.document import (
    Block,
    Bullets,
    Callout,
    Cell,
    Document,
    Emphasis,
    Heading,
    Paragraph,
    Strong,
    Table,
    Text,
    UserText,
    join,
    phrase,
)
from reports.scenario import made_on_block

ROLES: tuple[str, ...] = ("coordinator", "content_lead", "process_facilitator", "responsible")


def _field(content: Content, plan: NetworkPlan, field_id: str) -> Paragraph:
    """"Label: value", the value the user's own text."""
    m = content.messages[plan.lang]
    return Paragraph(join(Strong(f"{m[f'netplan.field.{field_id}']}:"), " ",
                          UserText(plan.text(field_id))))


def _time(moment: Event) -> str:
    return f"{moment.start:%H:%M}–{moment.end:%H:%M}"


def event_title(netplan: Netplan, plan: NetworkPlan, event: Event) -> str:
    """What an entry of the calendar is called (the .ics SUMMARY, the table's row)."""
    t = netplan.texts[plan.lang].texts
    if event.kind == "meeting":
        return t["meeting"].format(n=event.number, total=len(plan.schedule.meetings))
    if event.kind == "follow_up":
        return t["follow_up_event"]
    return t[event.kind]


def rhythm_text(content: Content, plan: NetworkPlan) -> str:
    """"5 bijeenkomsten van 3,5 uur, elke zes weken"."""
    m = content.messages[plan.lang]
    return m["netplan.doc.meetings_line"].format(
        count=number(plan.number("count"), plan.lang),
        hours=number(plan.number("hours"), plan.lang),
        rhythm=m[f"netplan.rhythm.{plan.text('rhythm')}"])


def open_points_blocks(content: Content, evaluation: Evaluation) -> list[Block]:
    """Blockers, open points, findings and first steps: the results page's, from the
    same evaluation."""
    lang, r, g = evaluation.lang, evaluation.readiness, evaluation.guidance
    m = content.messages[lang]
    blocks: list[Block] = [Heading(3, m["netplan.doc.open_points"])]
    hits = [*r.verdict_blockers, *r.open_points]
    for hit in hits:
        blocks.append(Callout("negative" if hit in r.verdict_blockers else "caution",
                              f"{content.blocker_title(lang, hit.blocker_id)} "
                              f"({m['table.rule']} {content.rule(hit.rule_id).number})",
                              content.blocker_text(lang, hit.blocker_id).fix.strip()))
    for f in r.findings:
        ft = content.check_text(lang, f.check_id)
        blocks.append(Callout("caution", f"{ft.title} ({m[f'severity.{f.severity}']})",
                              ft.fix.strip()))
    if g.next_steps:
        blocks += [Paragraph(join(Strong(m["result.next_steps"]))),
                   Bullets([step.text for step in g.next_steps], numbered=True)]
    if not hits and not r.findings and not g.next_steps:
        blocks.append(Paragraph(m["netplan.doc.no_open_points"], "small"))
    return blocks


def plan_blocks(content: Content, netplan: Netplan, plan: NetworkPlan,
                evaluation: Evaluation) -> list[Block]:
    """The plan on a page."""
    m = content.messages[plan.lang]
    texts = netplan.texts[plan.lang].texts
    roles: list[Text] = []
    for role in ROLES:
        name = plan.text(f"{role}_name")
        roles.append(join(Strong(f"{m[f'netplan.field.{role}']}:"), " ", UserText(plan.text(role)),
                          *((f" — {m['netplan.doc.name']}: ", UserText(name)) if name else ())))
    return [
        Heading(2, m["netplan.section.plan"]),
        Paragraph(texts["plan_intro"], "small"),
        Heading(3, m["netplan.doc.aim_theme"]),
        _field(content, plan, "aim"), _field(content, plan, "theme"),
        Heading(3, m["netplan.field.double_focus"]),
        Paragraph(UserText(plan.text("double_focus"))),
        Heading(3, m["netplan.doc.size"]),
        Paragraph(join(Strong(f"{m['netplan.field.participants']}:"), " ",
                       number(plan.number("participants"), plan.lang))),
        _field(content, plan, "hard_core"),
        Heading(3, m["netplan.doc.roles"]),
        Paragraph(m["netplan.doc.roles_intro"], "small"),
        Bullets(roles),
        Heading(3, m["netplan.doc.conditions"]),
        Bullets([join(Strong(f"{m['netplan.doc.meetings']}:"), " ", rhythm_text(content, plan)),
                 join(Strong(f"{m['netplan.field.meal']}:"), " ", UserText(plan.text("meal"))),
                 join(Strong(f"{m['netplan.field.location']}:"), " ",
                      UserText(plan.text("location"))),
                 join(Strong(f"{m['netplan.field.support']}:"), " ",
                      UserText(plan.text("support")))]),
        Heading(3, m["netplan.field.take_and_give"]),
        Paragraph(UserText(plan.text("take_and_give"))),
        Heading(3, m["netplan.doc.end"]),
        _field(content, plan, "end"), _field(content, plan, "follow_up"),
        Paragraph(join(Strong(f"{m['netplan.field.follow_up_date']}:"), " ",
                       date_text(plan.day("follow_up_date"), m))),
        *open_points_blocks(content, evaluation),
    ]


def call_blocks(content: Content, plan: NetworkPlan) -> list[Block]:
    """The call for participants (rule 4): aim, profile, intended result, the
    dates, what taking part asks, how to sign up."""
    m = content.messages[plan.lang]
    dates = [f"{date_text(e.start.date(), m)}, {_time(e)}"
             for e in plan.schedule.events if e.kind == "meeting"]
    return [
        Heading(3, phrase(m["netplan.doc.call_heading"], theme=UserText(plan.text("theme")))),
        Paragraph(UserText(plan.text("aim"))),
        Paragraph(join(Strong(f"{m['netplan.field.call_profile']}:"), " ",
                       UserText(plan.text("call_profile")))),
        Paragraph(join(Strong(f"{m['netplan.field.call_result']}:"), " ",
                       UserText(plan.text("call_result")))),
        Paragraph(join(Strong(f"{m['netplan.doc.dates']}:"), " ", rhythm_text(content, plan))),
        Bullets(list(dates)),
        Paragraph(join(Strong(f"{m['netplan.field.call_asks']}:"), " ",
                       UserText(plan.text("call_asks")))),
        Paragraph(join(Strong(f"{m['netplan.field.call_sign_up']}:"), " ",
                       UserText(plan.text("call_sign_up")))),
    ]


def call_document(content: Content, plan: NetworkPlan) -> Document:
    """The call alone: the text to paste into an e-mail or the intranet."""
    m = content.messages[plan.lang]
    return Document(title=m["netplan.section.call"], blocks=call_blocks(content, plan),
                    lang=plan.lang)


def calendar_table(content: Content, netplan: Netplan, plan: NetworkPlan) -> Table:
    m = content.messages[plan.lang]
    return Table(head=[m["netplan.doc.what"], m["netplan.doc.date"], m["netplan.doc.time"]],
                 rows=[[Cell("text", event_title(netplan, plan, e)),
                        Cell("text", date_text(e.start.date(), m)),
                        Cell("text", _time(e))] for e in plan.schedule.events])


def agenda_of(netplan: Netplan, plan: NetworkPlan) -> Agenda:
    from datetime import time

    return first_meeting(netplan, time.fromisoformat(plan.text("start_time")),
                         plan.number("hours"), int(plan.number("participants")))


def agenda_blocks(content: Content, netplan: Netplan, plan: NetworkPlan) -> list[Block]:
    m = content.messages[plan.lang]
    texts = netplan.texts[plan.lang]
    agenda = agenda_of(netplan, plan)
    sources = {b.id: b.source for b in netplan.structure.agenda}
    blocks: list[Block] = [Heading(2, m["netplan.section.agenda"]),
                           Paragraph(texts.texts["agenda_intro"], "small")]
    if agenda.over_by:
        blocks.append(Callout("caution", m["netplan.doc.agenda_over_title"],
                              texts.texts["agenda_over"].format(minutes=agenda.over_by)))
    for item in agenda.items:
        text = texts.agenda[item.block_id]
        source = content.section_heading(plan.lang, sources[item.block_id])
        stop = "" if source.endswith(("?", "!", ".")) else "."
        blocks += [
            Heading(3, f"{item.start:%H:%M}–{item.end:%H:%M} · {text.title}"
                       f" ({m['netplan.doc.minutes'].format(n=item.minutes)})"),
            Paragraph(text.body),
            Paragraph(join(Emphasis(f"{m['advice.source']}: {source}{stop}"),
                           f" {text.judgement}"), "small"),
        ]
    return blocks


def netplan_document(content: Content, netplan: Netplan, plan: NetworkPlan,
                     evaluation: Evaluation, title: str, made_on: date | None = None) -> Document:
    """Everything in one document: the plan on a page, the call, the calendar and
    the first meeting's agenda. `title` is the user's own text (the plan's name)."""
    m = content.messages[plan.lang]
    name = title or m["plan.default_title"]
    heading = join(f"{m['netplan.doc.heading']}: ", UserText(name))
    texts = netplan.texts[plan.lang].texts
    blocks: list[Block] = [
        Heading(1, heading),
        made_on_block(content, plan.lang, made_on),
        *plan_blocks(content, netplan, plan, evaluation),
        Heading(2, m["netplan.section.call"]),
        Paragraph(texts["call_intro"], "small"),
        *call_blocks(content, plan),
        Heading(2, m["netplan.section.calendar"]),
        Paragraph(texts["calendar_intro"], "small"),
        calendar_table(content, netplan, plan),
        *agenda_blocks(content, netplan, plan),
        Paragraph(join(Emphasis(m["report.footer"])), "small"),
    ]
    return Document(title=heading, blocks=blocks, lang=plan.lang)
