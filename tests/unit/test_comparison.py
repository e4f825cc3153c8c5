"""Comparing scenarios: deltas, differing blockers and findings, advice no longer
needed, verdicts."""

from __future__ import annotations

import pytest

from comparison import compare, verdict
from content.models import Content
from tests.conftest import ready_plan


def scenarios() -> list[tuple[str, dict[str, object]]]:
    a = {**ready_plan(), "group_size": 14, "hard_core": "no_core", "coordinator": "nobody"}
    b = {**ready_plan(), "group_size": 9}
    return [("A", a), ("B", b)]


def test_deltas_are_against_the_first_scenario(content: Content) -> None:
    c = compare(content, scenarios(), "nl")
    r6 = next(r for r in c.rows if r.rule_id == "r06")
    assert r6.scores[1] == 100 and r6.scores[0] is not None and r6.scores[0] < 100
    # The delta is the difference of the scores as the table shows them (whole points).
    assert r6.deltas[0] == 0 and r6.deltas[1] == 100 - round(r6.scores[0])


def test_differences_and_advice_no_longer_needed(content: Content) -> None:
    c = compare(content, scenarios(), "nl")
    pair = c.pairs[0]
    assert pair.better == 1
    assert pair.blockers_only[0] == ("no_coordinator",) and pair.blockers_only[1] == ()
    assert "large_group_no_core" in pair.findings_only[0]
    assert {"smaller_group", "appoint_coordinator"} <= set(pair.advice_not_needed[1])


def test_verdict_names_the_reason(content: Content) -> None:
    c = compare(content, scenarios(), "nl")
    text = verdict(content, c, c.pairs[0], "nl")
    assert text.startswith("B is klaar om te starten; A is nog niet klaar")
    assert "er is geen coördinator" in text
    en = verdict(content, compare(content, scenarios(), "en"), c.pairs[0], "en")
    assert en.startswith("B is ready to start; A is not ready yet") and "no coordinator" in en


def test_equal_scenarios(content: Content) -> None:
    c = compare(content, [("X", ready_plan()), ("Y", ready_plan())], "en")
    assert c.pairs[0].better is None
    assert verdict(content, c, c.pairs[0], "en") == "X and Y are both ready to start."


def test_four_scenarios_give_six_pairs_and_five_is_refused(content: Content) -> None:
    four = [(str(i), ready_plan()) for i in range(4)]
    assert len(compare(content, four, "nl").pairs) == 6
    with pytest.raises(ValueError):
        compare(content, [*four, ("5", ready_plan())], "nl")
    with pytest.raises(ValueError):
        compare(content, four[:1], "nl")


def test_investment_is_part_of_the_comparison(content: Content) -> None:
    small = {**ready_plan(), "group_size": 8, "process_facilitator": "named_internal"}
    large = {**ready_plan(), "group_size": 14, "process_facilitator": "external"}
    c = compare(content, [("8", small), ("14", large)], "nl")
    assert c.scenarios[1].estimate.total_cost > c.scenarios[0].estimate.total_cost


def test_same_band_different_scores(content: Content) -> None:
    a = {**ready_plan(), "group_size": 8}
    # A medium finding: a serious (high) one would cap B below "ready" (scoring.yaml).
    b = {**ready_plan(), "group_size": 7, "attendance": "drop_in"}
    c = compare(content, [("A", a), ("B", b)], "nl")
    assert c.scenarios[0].readiness.band == c.scenarios[1].readiness.band == "ready"
    text = verdict(content, c, c.pairs[0], "nl")
    assert text.startswith("A en B zijn allebei klaar om te starten, maar A scoort")
    assert "kleine groep met vrije inloop" in text


def test_an_open_point_is_not_called_a_blocker(content: Content) -> None:
    """A coordinator not answered yet is an open critical point; "nobody" is a blocker.
    What differs says which is which."""
    from comparison import differences

    open_plan = {k: v for k, v in ready_plan().items() if k != "coordinator"}
    result = compare(content, [("A", ready_plan()), ("B", open_plan),
                               ("C", {**ready_plan(), "coordinator": "nobody"})], "nl")
    m = content.messages["nl"]
    lines = [line for pair in result.pairs for line in differences(content, result, pair, "nl")]
    open_title = content.blocker_title("nl", "open_coordinator")
    assert m["compare.only_open"].format(name="B", title=open_title) in lines
    assert not any("blokkade" in line and open_title in line for line in lines)
    assert any(line.startswith("Alleen in C: blokkade") for line in lines)
