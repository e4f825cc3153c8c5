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

Which answers the estimate reads (the number questions, the three roles, the meal)
is named in content/investment.yaml; what is missing is listed, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from content.models import UNKNOWN, InvestmentInputs, InvestmentRates
from scoring.answers import Answers


@dataclass(frozen=True)
class RoleCost:
    role: str  # the role's question id
    holder: str  # the chosen option, "unknown" or "unanswered"
    hours: float
    cost: float
    # Somebody holds the role. When nobody does (or it is not known yet) its hours
    # are 0, and every view says the role is missing rather than showing a silent 0.
    held: bool = True


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
    def unheld_roles(self) -> tuple[RoleCost, ...]:
        return tuple(r for r in self.roles if not r.held)

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


def estimate(answers: Answers, rates: InvestmentRates, inputs: InvestmentInputs) -> Estimate:
    values = [_number(answers, qid) for qid in inputs.required]
    missing = tuple(q for q, v in zip(inputs.required, values, strict=True) if v is None)
    p, m, h = (v or 0.0 for v in values)

    participant_hours = p * m * h + p * rates.preparation_hours_per_participant
    roles = []
    at_table = p
    for role in inputs.roles:
        holder_value = answers.get(role.question)
        holder = holder_value if isinstance(holder_value, str) else "unanswered"
        held = holder not in ("unanswered", UNKNOWN, *inputs.no_holder_options)
        per_meeting = float(getattr(rates, role.hours_per_meeting)) + (h if role.attends else 0)
        role_hours = m * per_meeting if held else 0.0
        rate = rates.external_rate if holder == inputs.external_option else rates.internal_rate
        roles.append(RoleCost(role.question, holder, role_hours, role_hours * rate, held))
        if held and role.attends:
            at_table += 1
    shared_meal = answers.get(inputs.meal_question) == inputs.meal_option
    meal_cost = at_table * m * rates.meal_per_person if shared_meal else 0.0
    return Estimate(missing=missing, participant_hours=participant_hours,
                    participant_cost=participant_hours * rates.internal_rate,
                    roles=tuple(roles), meal_cost=meal_cost,
                    location_cost=m * rates.location_per_meeting)
