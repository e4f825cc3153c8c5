"""The investment estimate of a planned network: hours of participants and of each
role, and their cost at rates the user can set. Pure Python, no UI.

    participant hours = participants × meetings × meeting hours
                        + participants × preparation hours (one contribution each)
    coordinator hours = meetings × coordinator hours per meeting (if there is one)
    content lead      = meetings × (meeting hours + preparation)   (if there is one)
    facilitator       = meetings × (meeting hours + preparation)   (if there is one)
    costs             = hours × internal or external rate (by who holds the role),
                        + meal per person per meeting (if there is a shared meal)
                        + venue per meeting

The inputs come from the plan's own answers (group_size, meeting_count,
meeting_hours, the three roles, meal); what is missing is listed, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from content.models import InvestmentRates
from scoring.answers import Answers

ROLES = ("coordinator", "content_lead", "process_facilitator")
REQUIRED = ("group_size", "meeting_count", "meeting_hours")


@dataclass(frozen=True)
class RoleCost:
    role: str
    holder: str  # named_internal | external | nobody | unknown | unanswered
    hours: float
    cost: float


@dataclass(frozen=True)
class Estimate:
    missing: tuple[str, ...]  # question ids the estimate needs but the plan lacks
    participant_hours: float
    participant_cost: float
    roles: tuple[RoleCost, ...]
    meal_cost: float
    location_cost: float

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def role_hours(self) -> float:
        return sum(r.hours for r in self.roles)

    @property
    def total_hours(self) -> float:
        return self.participant_hours + self.role_hours

    @property
    def total_cost(self) -> float:
        return self.participant_cost + sum(r.cost for r in self.roles) + \
            self.meal_cost + self.location_cost


def _number(answers: Answers, qid: str) -> float | None:
    value = answers.get(qid)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) \
        else None


def estimate(answers: Answers, rates: InvestmentRates) -> Estimate:
    participants = _number(answers, "group_size")
    meetings = _number(answers, "meeting_count")
    hours = _number(answers, "meeting_hours")
    missing = tuple(q for q, v in zip(REQUIRED, (participants, meetings, hours), strict=True)
                    if v is None)
    p, m, h = participants or 0.0, meetings or 0.0, hours or 0.0

    participant_hours = p * m * h + p * rates.preparation_hours_per_participant
    per_meeting = {
        "coordinator": rates.coordinator_hours_per_meeting,
        "content_lead": h + rates.content_lead_prep_per_meeting,
        "process_facilitator": h + rates.facilitator_prep_per_meeting,
    }
    roles = []
    for role in ROLES:
        holder_value = answers.get(role)
        holder = holder_value if isinstance(holder_value, str) else "unanswered"
        role_hours = 0.0 if holder in ("nobody", "unanswered", "unknown") else m * per_meeting[role]
        rate = rates.external_rate if holder == "external" else rates.internal_rate
        roles.append(RoleCost(role, holder, role_hours, role_hours * rate))

    at_table = p + sum(1 for r in roles if r.role != "coordinator" and r.hours > 0)
    meal_cost = at_table * m * rates.meal_per_person if answers.get("meal") == "shared_meal" \
        else 0.0
    return Estimate(missing=missing, participant_hours=participant_hours,
                    participant_cost=participant_hours * rates.internal_rate,
                    roles=tuple(roles), meal_cost=meal_cost,
                    location_cost=m * rates.location_per_meeting)
