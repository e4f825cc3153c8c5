"""A network's check-ins over time as a document for the network itself: per
statement the view at each moment (median and agreement, in the screen's own
words) and the change between moments, with the stories, the shared learning
questions and the decision beside them. One ``Document``, laid out by the PDF and
Markdown renderers like every report.

The anonymity thresholds are the screen's: the builder takes the same
`OverTime` (figures only from the live workshop's minimum) and the same
`StoriesShown`/`StoriesHidden` the check-in page draws, so a moment with too few
answers says so here in the same words and shows nothing more. Answers, stories
and learning questions carry no name; the users' own texts are ``UserText``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from content.checkins import Checkins, Moment
from content.labels import date_text
from content.models import Content
from lifecycle import OverTime, StoriesHidden, StoriesShown, change_text, moment_title, view_text
from reports.document import (
    Block,
    Bullets,
    Document,
    Heading,
    Paragraph,
    Strong,
    Text,
    UserText,
    join,
    phrase,
)
from reports.scenario import made_on_block


@dataclass(frozen=True)
class NetworkReport:
    """What the network's own view holds (services.checkins.NetworkView), without
    the storage types."""

    title: str  # the plan's title (user text); "" in a participant's copy
    started: date
    over_time: OverTime
    respondents: dict[Moment, int]
    stories: dict[Moment, StoriesShown | StoriesHidden]
    learning_questions: tuple[str, ...] | None  # None: too few respondents
    decision: tuple[str, date | None] | None  # (choice, follow-up date)
    minimum: int  # the anonymity threshold of a figure
    small_group_below: int


def _statement_blocks(content: Content, checkins: Checkins, report: NetworkReport,
                      lang: str) -> list[Block]:
    m = content.messages[lang]
    view = report.over_time
    blocks: list[Block] = [Heading(2, m["checkin.doc.per_statement"])]
    if not view.has_figures:
        blocks.append(Paragraph(m["checkin.no_figures"].format(minimum=report.minimum), "small"))
    for item in view.items:
        blocks.append(Heading(3, checkins.statement_text(item.item_id, lang, content)))
        if item.rule_id:
            blocks.append(Paragraph(join(f"{m['checkin.table_rule']}: ",
                                         content.rule_label(item.rule_id, lang)), "small"))
        lines: list[Text] = []
        for moment in view.moments:
            at = item.view_at(moment)
            lines.append(join(Strong(f"{moment_title(checkins, moment, lang)}:"), " ",
                              m["checkin.cell_not_asked"] if at is None
                              else view_text(m, at, lang)))
        blocks.append(Bullets(lines))
        changes = "; ".join(change_text(m, checkins, c, lang) for c in item.changes) \
            or m["checkin.doc.no_change"]
        blocks.append(Paragraph(join(Strong(f"{m['checkin.doc.change']}:"), " ", changes)))
    if any(0 < n < report.small_group_below for n in report.respondents.values()):
        blocks.append(Paragraph(m["checkin.small_group"].format(n=report.small_group_below),
                                "small"))
    return blocks


def _story_blocks(content: Content, checkins: Checkins, report: NetworkReport,
                  lang: str) -> list[Block]:
    m = content.messages[lang]
    texts = checkins.texts[lang]
    blocks: list[Block] = [Heading(2, m["checkin.stories_heading"])]
    shown = False
    for moment, stories in report.stories.items():
        title = moment_title(checkins, moment, lang)
        if isinstance(stories, StoriesHidden):
            blocks.append(Paragraph(m["checkin.stories_hidden"].format(
                moment=title, minimum=stories.minimum, count=stories.respondents), "small"))
            continue
        for story_id, story_texts in stories.texts.items():
            shown = True
            blocks += [Heading(3, f"{title} — {texts.stories[story_id].prompt}"),
                       Bullets([UserText(x) for x in story_texts])]
    if not shown and not any(isinstance(s, StoriesHidden) for s in report.stories.values()):
        blocks.append(Paragraph(m["checkin.stories_none"], "small"))
    blocks.append(Heading(2, m["checkin.learning_questions_heading"]))
    if report.learning_questions is None:
        blocks.append(Paragraph(m["checkin.learning_questions_hidden"].format(
            minimum=report.minimum), "small"))
    elif not report.learning_questions:
        blocks.append(Paragraph(m["checkin.learning_questions_none"], "small"))
    else:
        blocks.append(Bullets([UserText(q) for q in report.learning_questions]))
    return blocks


def checkin_document(content: Content, checkins: Checkins, report: NetworkReport, lang: str,
                     *, made_on: date | None = None) -> Document:
    """The network's check-ins over time, for the network itself."""
    m = content.messages[lang]
    texts = checkins.texts[lang]
    # A participant's copy has no plan title (it is the initiator's own words).
    title = phrase(m["checkin.doc.title"], title=UserText(report.title)) if report.title \
        else m["checkin.doc.title_plain"]
    blocks: list[Block] = [
        Heading(1, title),
        Paragraph(m["checkin.network_of"].format(date=date_text(report.started, m)), "small"),
        made_on_block(content, lang, made_on),
        Paragraph(m["checkin.doc.own_picture"]),
        Paragraph(m["checkin.over_time_intro"]),
        Paragraph(m["checkin.doc.thresholds"].format(minimum=report.minimum), "small"),
    ]
    if report.respondents:
        blocks.append(Bullets([m["checkin.respondents"].format(
            moment=moment_title(checkins, mo, lang), count=n)
            for mo, n in report.respondents.items()]))
    blocks += _statement_blocks(content, checkins, report, lang)
    blocks += _story_blocks(content, checkins, report, lang)
    if report.decision is not None:
        choice, follow_up = report.decision
        blocks += [Heading(2, m["checkin.decision_heading"]),
                   Paragraph(m["checkin.decision_recorded"].format(
                       choice=texts.decision.options[choice])),  # type: ignore[index]
                   Paragraph(m["checkin.decision_follow_up"].format(
                       date=date_text(follow_up, m) if follow_up
                       else m["checkin.no_follow_up_date"]))]
    return Document(title=title, blocks=blocks, lang=lang)
