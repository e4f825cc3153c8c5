"""The network over time (lifecycle/): hand-computed views and changes per moment,
the anonymity thresholds at every moment, and properties of the wording of a change."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content.checkins import ChangeSteps, default_checkins
from content.models import UNKNOWN
from content.workshop import default_workshop_settings
from lifecycle import change_between, over_time
from workshop.aggregate import Summary, TooFew, Unanimous, aggregate

SETTINGS = default_workshop_settings()
ANON, CUT = SETTINGS.anonymity, SETTINGS.agreement
STEPS = default_checkins().change
ITEMS = [("pulse_safe", "r06"), ("pulse_theme", "r05")]


def test_the_steps_are_the_contents() -> None:
    assert (STEPS.agreement_step, STEPS.median_step) == (0.2, 1.0)
    assert (ANON.min_figure, CUT.agree_from, CUT.opposed_below) == (3, 0.5, 0.0)


def test_agree_at_the_start_opposed_in_the_middle_by_hand() -> None:
    """Start 4,4,4,5,5: layer {4,5} (depth 2, adjacent: A = 0.75) weighs 4/5, the
    rest all 4 (A = 1) 1/5 → A = 0.8, median 4, "eens".
    Middle 1,1,3,5,5: layer {1,3,5} (TU = 2, TDU = 4 of the ten triples: U = −10/18,
    A = U·(1 − 2/4) = −5/18) weighs 3/5; layer {1,5} (U = −4/3, A = −1) weighs 2/5
    → A = −1/6 − 2/5 = −17/30, median 3, "tegengesteld".
    So: "we are now opposed", the median one point lower."""
    view = over_time({"start": {"pulse_safe": [4, 4, 4, 5, 5]},
                      "mid": {"pulse_safe": [1, 1, 3, 5, 5]}}, ITEMS, ANON, CUT, STEPS)
    assert view.moments == ("start", "mid")
    item = view.item("pulse_safe")
    start, mid = item.view_at("start"), item.view_at("mid")
    assert isinstance(start, Summary) and isinstance(mid, Summary)
    assert math.isclose(start.agreement, 0.8) and start.median == 4 and start.label == "agree"
    assert math.isclose(mid.agreement, -17 / 30) and mid.median == 3 and mid.label == "opposed"
    (change,) = item.changes
    assert (change.since, change.to, change.agreement, change.median) == \
        ("start", "mid", "now_opposed", "lower")
    assert math.isclose(change.shift.agreement_change, -17 / 30 - 0.8)
    assert change.small_group  # five answers: one answer moves every figure
    assert [i.item_id for i in view.items] == ["pulse_safe"]  # nobody answered pulse_theme


def test_same_label_more_agreement_by_hand() -> None:
    """Start 3,3,4,4,5: layer {3,4,5} (U = 1, A = 0.5) weighs 3/5, layer {3,4}
    (A = 0.75) 2/5 → A = 0.6 ("eens"). End 4,4,4,4,5: layer {4,5} (0.75) 2/5, rest
    all 4 (1) 3/5 → A = 0.9. ΔA = 0.3 ≥ 0.2 with the same label: "we agree more";
    median 4 both times: the same."""
    view = over_time({"end": {"pulse_theme": [4, 4, 4, 4, 5]},
                      "start": {"pulse_theme": [3, 3, 4, 4, 5]}}, ITEMS, ANON, CUT, STEPS)
    assert view.moments == ("start", "end")  # in the moments' own order
    (change,) = view.item("pulse_theme").changes
    assert math.isclose(change.shift.agreement_before, 0.6)
    assert math.isclose(change.shift.agreement_after, 0.9)
    assert (change.agreement, change.median) == ("agree_more", "same")


def test_a_moment_with_too_few_answers_is_passed_over_not_read_as_a_change() -> None:
    view = over_time({"start": {"pulse_safe": [2, 3, 3, 4]},
                      "mid": {"pulse_safe": [5, 5]},
                      "end": {"pulse_safe": [4, 4, 5, 5]}}, ITEMS, ANON, CUT, STEPS)
    item = view.item("pulse_safe")
    mid = item.view_at("mid")
    assert isinstance(mid, TooFew) and mid.answered == 2  # only how many answered
    (change,) = item.changes
    assert (change.since, change.to) == ("start", "end")
    assert change.median == "higher"  # 3 → 4.5


def test_unanimity_keeps_its_form_and_only_unknown_shows_no_change() -> None:
    view = over_time({"start": {"pulse_safe": [4, 4, 4]},
                      "end": {"pulse_safe": [UNKNOWN] * 3}}, ITEMS, ANON, CUT, STEPS)
    item = view.item("pulse_safe")
    assert isinstance(item.view_at("start"), Unanimous)
    assert item.changes == ()  # "weet ik niet" from all: no figure to compare


def test_exactly_one_step_counts_and_a_label_change_wins() -> None:
    before = aggregate([3, 3, 3, 4, 4], ANON, CUT)
    after = aggregate([4, 4, 4, 5, 5], ANON, CUT)
    change = change_between("start", before, "mid", after, STEPS)
    assert change is not None and change.median == "higher"  # 3 → 4, exactly one step
    divided = aggregate([1, 2, 3, 4, 5], ANON, CUT)  # spread evenly: A = 0, "verdeeld"
    assert isinstance(divided, Summary) and divided.label == "divided"
    back = change_between("mid", after, "end", divided, STEPS)
    assert back is not None and back.agreement == "now_divided"
    again = change_between("start", divided, "end", after, STEPS)
    assert again is not None and again.agreement == "now_agree"


def test_the_steps_come_from_the_content() -> None:
    before = aggregate([3, 3, 4, 4, 5], ANON, CUT)
    after = aggregate([4, 4, 4, 4, 5], ANON, CUT)  # ΔA = 0.3
    wide = ChangeSteps(agreement_step=0.5, median_step=1.0)
    change = change_between("start", before, "end", after, wide)
    assert change is not None and change.agreement == "steady"


def test_an_unknown_moment_is_refused() -> None:
    with pytest.raises(ValueError, match="not a moment"):
        over_time({"later": {"pulse_safe": [1, 2, 3]}}, ITEMS, ANON, CUT, STEPS)  # type: ignore[dict-item]


# ------------------------------------------------------------------ properties
votes = st.lists(st.one_of(st.integers(1, 5), st.just(UNKNOWN)), min_size=0, max_size=14)
UP = {"now_agree", "agree_more"}
DOWN = {"agree_less", "now_divided", "now_opposed"}


@given(votes, votes)
def test_a_change_read_backwards_is_the_opposite(a: list, b: list) -> None:
    va, vb = aggregate(a, ANON, CUT), aggregate(b, ANON, CUT)
    forward = change_between("start", va, "end", vb, STEPS)
    backward = change_between("start", vb, "end", va, STEPS)
    assert (forward is None) == (backward is None)
    if forward is None or backward is None:
        return
    assert (forward.agreement in UP) == (backward.agreement in DOWN)
    assert (forward.agreement == "steady") == (backward.agreement == "steady")
    flip = {"higher": "lower", "lower": "higher", "same": "same"}
    assert backward.median == flip[forward.median]


@given(votes, st.randoms())
def test_the_order_of_respondents_does_not_matter_and_no_change_without_one(
        a: list, rnd) -> None:
    shuffled = list(a)
    rnd.shuffle(shuffled)
    view = over_time({"start": {"pulse_safe": a}, "end": {"pulse_safe": shuffled}},
                     ITEMS, ANON, CUT, STEPS)
    if not a:
        assert view.items == ()
        return
    item = view.item("pulse_safe")
    assert item.view_at("start") == item.view_at("end")
    for change in item.changes:
        assert (change.agreement, change.median) == ("steady", "same")


@given(st.dictionaries(st.sampled_from(["start", "mid", "end"]), votes, min_size=1))
def test_no_moment_shows_more_than_the_anonymity_rules_allow(answers: dict) -> None:
    view = over_time({m: {"pulse_safe": v} for m, v in answers.items()},
                     ITEMS, ANON, CUT, STEPS)
    for item in view.items:
        for _, v in item.views:
            if v.answered < ANON.min_figure:
                assert isinstance(v, TooFew)
            if isinstance(v, Summary) and v.answered < ANON.min_distribution:
                assert v.counts is None and v.unknown is None
        for change in item.changes:
            assert not isinstance(item.view_at(change.since), TooFew)
            assert not isinstance(item.view_at(change.to), TooFew)
