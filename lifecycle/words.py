"""A statement's view at one moment, and a change between moments, in words: the
same sentences on the screen's table, in the chart's hover and in the network's
PDF and Markdown (messages `checkin.cell_*` and `checkin.change_text`). The
anonymity thresholds are already in the views (`TooFew`): these words only say
what each view allows."""

from __future__ import annotations

from content.checkins import Checkins, Moment
from content.labels import number
from content.models import UNKNOWN
from lifecycle.over_time import Change
from workshop.aggregate import Summary, TooFew, Unanimous, View


def moment_title(checkins: Checkins, moment: Moment, lang: str) -> str:
    return checkins.texts[lang].moments[moment].title


def view_text(messages: dict[str, str], view: View, lang: str) -> str:
    """"3,5 · verdeeld (A 0,12; 5 antwoorden)", or the too-few / unanimous case."""
    m = messages
    if isinstance(view, TooFew):
        return m["checkin.cell_too_few"].format(answered=view.answered, minimum=view.minimum)
    if isinstance(view, Unanimous):
        if view.value == UNKNOWN:
            return m["checkin.cell_all_unknown"].format(answered=view.answered)
        return m["checkin.cell_unanimous"].format(value=view.value, answered=view.answered)
    assert isinstance(view, Summary)
    return m["checkin.cell_summary"].format(
        median=number(view.median, lang), label=m[f"checkin.label_{view.label}"],
        agreement=number(view.agreement, lang, decimals=2), answered=view.answered)


def change_text(messages: dict[str, str], checkins: Checkins, change: Change,
                lang: str) -> str:
    """"meer eens, hoger (Startcheck → Oogst)"."""
    m = messages
    return m["checkin.change_text"].format(
        agreement=m[f"checkin.trend_{change.agreement}"],
        median=m[f"checkin.median_{change.median}"],
        since=moment_title(checkins, change.since, lang),
        to=moment_title(checkins, change.to, lang))
