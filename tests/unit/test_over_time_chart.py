"""The over-time chart (charts/over_time.py): points only where the anonymity rules
allow a figure, moments told apart by shape as well as colour, and the table and
the text alternative carrying the same figures in words, in both languages."""

from __future__ import annotations

import pytest

from charts.over_time import over_time_alt_text, over_time_figure, over_time_table
from content.checkins import default_checkins
from content.models import UNKNOWN, Content
from content.workshop import default_workshop_settings
from lifecycle import OverTime, over_time

CHECKINS = default_checkins()
SETTINGS = default_workshop_settings()
ITEMS = [("pulse_safe", "r06"), ("pulse_theme", "r05"), ("pulse_room", "r09")]


def _view() -> OverTime:
    return over_time({
        "start": {"pulse_safe": [4, 4, 4, 5, 5], "pulse_theme": [3, 3], "pulse_room": [4] * 3},
        "mid": {"pulse_safe": [1, 1, 3, 5, 5], "pulse_theme": [3, 3, 4, 4, 5],
                "pulse_room": [UNKNOWN] * 3},
    }, ITEMS, SETTINGS.anonymity, SETTINGS.agreement, CHECKINS.change)


def test_points_only_where_a_figure_may_be_shown(content: Content) -> None:
    fig = over_time_figure(content, CHECKINS, _view(), "nl", SETTINGS.agreement)
    markers = [t for t in fig.data if t.mode == "markers"]
    cut_offs = [t.name for t in fig.data if t.mode == "lines" and t.showlegend is not False]
    assert cut_offs == ["eens vanaf 0,5", "tegengesteld onder 0"]
    assert len(markers) == 4  # two moments × two panels
    start_median = next(t for t in markers if t.legendgroup == "start" and t.xaxis == "x")
    mid_median = next(t for t in markers if t.legendgroup == "mid" and t.xaxis == "x")
    assert list(start_median.x) == [4, 4]  # pulse_safe, pulse_room (unanimous 4)
    assert list(mid_median.x) == [3, 4]  # pulse_safe, pulse_theme; all "weet ik niet" has none
    assert start_median.marker.symbol != mid_median.marker.symbol
    assert start_median.marker.color != mid_median.marker.color
    assert start_median.name == "Startcheck" and start_median.showlegend
    mid_agreement = next(t for t in markers if t.legendgroup == "mid" and t.xaxis == "x2")
    assert mid_agreement.x[0] == pytest.approx(-17 / 30)
    links = [t for t in fig.data if t.mode == "lines" and t.showlegend is False]
    assert len(links) == 2  # only pulse_safe has two points; one line per panel


def test_the_table_says_in_words_what_the_chart_leaves_out(content: Content) -> None:
    headers, rows = over_time_table(content, CHECKINS, _view(), "nl")
    assert headers == ["Stelling", "Regel", "Startcheck", "Tussentijdse pulse",
                       "Laatste verandering"]
    safe, theme, room = rows
    assert safe[0].startswith("Ik durf in dit netwerk")
    assert safe[1] == content.rule_label("r06", "nl", short=True)
    assert safe[2] == "4 · eens (A 0,80; 5 antwoorden)"
    assert safe[3] == "3 · tegengesteld (A −0,57; 5 antwoorden)"
    assert safe[4] == "nu tegengesteld, lager (Startcheck → Tussentijdse pulse)"
    assert theme[2] == "2 antwoorden; een cijfer vanaf 3" and theme[4] == "—"
    assert room[2] == "iedereen eens: 4 (3 antwoorden)"
    assert room[3] == "iedereen: weet ik niet (3 antwoorden)"


def test_english_and_the_text_alternative(content: Content) -> None:
    headers, rows = over_time_table(content, CHECKINS, _view(), "en")
    assert headers[2:4] == ["Start check", "Mid-term pulse"]
    assert rows[0][2] == "4 · agree (A 0.80; 5 answers)"
    alt = over_time_alt_text(content, CHECKINS, _view(), "en")
    assert "Start check, Mid-term pulse" in alt and "3 of the 3 statements" in alt
    assert "1 × now opposed" in alt
    empty = over_time({}, ITEMS, SETTINGS.anonymity, SETTINGS.agreement, CHECKINS.change)
    assert "none yet" in over_time_alt_text(content, CHECKINS, empty, "en")
    points = [t for t in over_time_figure(content, CHECKINS, empty, "en", SETTINGS.agreement).data
              if t.mode == "markers"]
    assert points == []


def test_every_label_a_view_or_an_outcome_can_name_is_in_both_catalogues(
        content: Content) -> None:
    """The page and the chart build these keys from codes (f"checkin.trend_{...}")."""
    from typing import get_args

    from content.workshop import AGREEMENT_LABELS
    from lifecycle import AgreementTrend, MedianTrend

    keys = [f"checkin.trend_{t}" for t in get_args(AgreementTrend)] + \
        [f"checkin.median_{t}" for t in get_args(MedianTrend)] + \
        [f"checkin.label_{label}" for label in AGREEMENT_LABELS] + \
        [f"checkin.decision_{code}" for code in ("unknown_choice", "follow_up_past",
                                                 "follow_up_too_far", "not_at_end")] + \
        [f"checkin.refused_{reason}" for reason in ("moment_not_open", "moment_closed")]
    for lang in ("nl", "en"):
        assert [k for k in keys if k not in content.messages[lang]] == []
