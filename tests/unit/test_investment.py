"""The investment estimate: the arithmetic, the roles, and missing inputs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content.loader import default_content
from content.models import Content, InvestmentRates
from investment import estimate
from tests.conftest import ready_plan

RATES = InvestmentRates(internal_rate=70, external_rate=125, meal_per_person=25,
                        location_per_meeting=100, preparation_hours_per_participant=2,
                        coordinator_hours_per_meeting=3, content_lead_prep_per_meeting=2,
                        facilitator_prep_per_meeting=2)
INPUTS = default_content().investment.inputs  # which answers count (content/investment.yaml)


def test_hand_calculated_example() -> None:
    """8 participants, 5 meetings of 4 hours, internal coordinator, external content
    lead and facilitator, shared meal, venue 100 per meeting."""
    answers = {"group_size": 8, "meeting_count": 5, "meeting_hours": 4,
               "coordinator": "named_internal", "content_lead": "external",
               "process_facilitator": "external", "meal": "shared_meal"}
    e = estimate(answers, RATES, INPUTS)
    assert e.complete
    assert e.participant_hours == 8 * 5 * 4 + 8 * 2 == 176
    roles = {r.role: r for r in e.roles}
    assert roles["coordinator"].hours == 15 and roles["coordinator"].cost == 15 * 70
    assert roles["content_lead"].hours == 5 * (4 + 2) == 30
    assert roles["content_lead"].cost == 30 * 125
    assert roles["process_facilitator"].cost == 30 * 125
    assert e.meal_cost == (8 + 2) * 5 * 25  # participants plus lead and facilitator
    assert e.location_cost == 500
    assert e.total_hours == 176 + 15 + 30 + 30
    assert e.total_cost == 176 * 70 + 15 * 70 + 2 * 30 * 125 + 1250 + 500


def test_monthly_four_hours_versus_fortnightly_two() -> None:
    """The HR adviser's question: same calendar time, different meeting lengths."""
    base = {"group_size": 10, "coordinator": "named_internal", "content_lead": "nobody",
            "process_facilitator": "named_internal"}
    monthly = estimate({**base, "meeting_count": 6, "meeting_hours": 4}, RATES, INPUTS)
    fortnightly = estimate({**base, "meeting_count": 12, "meeting_hours": 2}, RATES, INPUTS)
    assert monthly.participant_hours == fortnightly.participant_hours
    roles_m = {r.role: r.hours for r in monthly.roles}
    roles_f = {r.role: r.hours for r in fortnightly.roles}
    assert roles_f["coordinator"] == 2 * roles_m["coordinator"]  # twice the invitations
    assert roles_f["process_facilitator"] > roles_m["process_facilitator"]


def test_nobody_in_a_role_costs_nothing_and_missing_inputs_are_listed() -> None:
    e = estimate({"group_size": 9, "coordinator": "nobody"}, RATES, INPUTS)
    assert e.missing == ("meeting_count", "meeting_hours")
    assert not e.complete
    assert all(r.hours == 0 for r in e.roles)


def test_shipped_defaults_load(content: Content) -> None:
    e = estimate(ready_plan(), content.investment.rates, INPUTS)
    assert e.complete and e.total_cost > 0


@given(st.integers(2, 60), st.integers(1, 30), st.sampled_from([0.5, 1, 2, 3, 3.5, 4, 8]),
       st.sampled_from(["named_internal", "external", "nobody"]))
def test_costs_grow_with_participants(people: int, meetings: int, hours: float,
                                      holder: str) -> None:
    answers = {"group_size": people, "meeting_count": meetings, "meeting_hours": hours,
               "coordinator": holder, "content_lead": holder, "process_facilitator": holder}
    one_more = {**answers, "group_size": people + 1}
    assert estimate(one_more, RATES, INPUTS).total_cost > \
        estimate(answers, RATES, INPUTS).total_cost
    assert estimate(answers, RATES, INPUTS).total_cost >= 0


def test_external_roles_cost_more_than_internal() -> None:
    base = {"group_size": 9, "meeting_count": 4, "meeting_hours": 3}
    internal = estimate({**base, "process_facilitator": "named_internal"}, RATES, INPUTS)
    external = estimate({**base, "process_facilitator": "external"}, RATES, INPUTS)
    assert external.total_cost - internal.total_cost == pytest.approx(4 * 5 * (125 - 70))
