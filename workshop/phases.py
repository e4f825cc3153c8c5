"""The session as a state machine, and what each phase allows.

lobby → rate (round 1, blind) → reveal → discuss → rate again (round 2, only the
discussed rules) → decide → close. Discuss may go straight to decide when no rule
needs a second round.

Per rule the facilitator opens and locks voting, and may reveal a rule early.
Answers lock at the reveal: a revealed round takes no votes, ever; changing an
answer needs round 2. Moving to `reveal` reveals (and locks) every rule's round 1;
moving from `rerate` to `decide` reveals round 2 of the discussed rules. Every
function returns a new state or raises `PhaseError` with a reason code; nothing is
changed in place.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum


class Phase(StrEnum):
    LOBBY = "lobby"
    RATE = "rate"
    REVEAL = "reveal"
    DISCUSS = "discuss"
    RERATE = "rerate"
    DECIDE = "decide"
    CLOSE = "close"


TRANSITIONS: dict[Phase, frozenset[Phase]] = {
    Phase.LOBBY: frozenset({Phase.RATE}),
    Phase.RATE: frozenset({Phase.REVEAL}),
    Phase.REVEAL: frozenset({Phase.DISCUSS}),
    Phase.DISCUSS: frozenset({Phase.RERATE, Phase.DECIDE}),
    Phase.RERATE: frozenset({Phase.DECIDE}),
    Phase.DECIDE: frozenset({Phase.CLOSE}),
    Phase.CLOSE: frozenset(),
}
# The phases in which the shared screen shows the rule in focus ("now discussing").
FOCUS_SHOWN: frozenset[Phase] = frozenset({Phase.REVEAL, Phase.DISCUSS, Phase.RERATE})
VOTING_ROUND: dict[Phase, int] = {Phase.RATE: 1, Phase.RERATE: 2}
ROUNDS = (1, 2)


class PhaseError(ValueError):
    """An action the current phase or rule state does not allow; `reason` is a code:
    transition | not_voting | rule_closed | rule_locked | revealed | not_discussed |
    no_discussed_rules | unknown_rule | wrong_round | closed."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True)
class RuleState:
    rule_id: str
    statements: tuple[str, ...]  # the scale questions the room rates
    open: bool = True  # takes votes (in a voting phase)
    locked: bool = False  # the facilitator stopped voting on this rule for now
    discussed: bool = False  # chosen for round 2
    revealed: int = 0  # the highest round whose results are shown (0: none)


@dataclass(frozen=True)
class State:
    phase: Phase
    rules: tuple[RuleState, ...]

    def rule(self, rule_id: str) -> RuleState:
        for r in self.rules:
            if r.rule_id == rule_id:
                return r
        raise PhaseError("unknown_rule", rule_id)

    def rule_of(self, statement_id: str) -> RuleState:
        for r in self.rules:
            if statement_id in r.statements:
                return r
        raise PhaseError("unknown_rule", statement_id)

    @property
    def voting_round(self) -> int | None:
        return VOTING_ROUND.get(self.phase)

    def rules_in_round(self, round_: int) -> tuple[RuleState, ...]:
        return self.rules if round_ == 1 else tuple(r for r in self.rules if r.discussed)

    def _with(self, rule: RuleState) -> State:
        return replace(self, rules=tuple(rule if r.rule_id == rule.rule_id else r
                                         for r in self.rules))


def new_state(rules: dict[str, tuple[str, ...]]) -> State:
    return State(Phase.LOBBY, tuple(RuleState(rid, tuple(s)) for rid, s in rules.items()))


def vote_refusal(state: State, statement_id: str, round_: int) -> str | None:
    """Why a vote on this statement in this round is refused now, or None."""
    try:
        rule = state.rule_of(statement_id)
    except PhaseError as exc:
        return exc.reason
    if state.voting_round is None:
        return "not_voting"
    if round_ != state.voting_round:
        return "wrong_round"
    if round_ == 2 and not rule.discussed:
        return "not_discussed"
    if rule.revealed >= round_:
        return "revealed"
    if rule.locked:
        return "rule_locked"
    if not rule.open:
        return "rule_closed"
    return None


def can_vote(state: State, statement_id: str, round_: int) -> bool:
    return vote_refusal(state, statement_id, round_) is None


def results_shown(state: State, rule_id: str, round_: int) -> bool:
    """Whether the results of this rule's round may leave the server."""
    return state.rule(rule_id).revealed >= round_


def advance(state: State, to: Phase) -> State:
    """Move to the phase `to`, revealing what the move reveals."""
    if to not in TRANSITIONS[state.phase]:
        raise PhaseError("transition", f"{state.phase} → {to}")
    rules = state.rules
    if to is Phase.REVEAL:
        rules = tuple(replace(r, revealed=max(r.revealed, 1)) for r in rules)
    elif to is Phase.RERATE:
        if not any(r.discussed for r in rules):
            raise PhaseError("no_discussed_rules")
        rules = tuple(replace(r, open=True, locked=False) if r.discussed else r for r in rules)
    elif to is Phase.DECIDE and state.phase is Phase.RERATE:
        rules = tuple(replace(r, revealed=2) if r.discussed else r for r in rules)
    return State(to, rules)


def refocus(state: State, focus: str | None, wanted: str | None = None) -> str | None:
    """The rule in focus once the phase of `state` is entered, from the focus before
    and the rule the caller would start with (`wanted`, e.g. the most divided).
    Outside FOCUS_SHOWN none (the facilitator's controls start at the first rule,
    the shared screen shows none). Into reveal or discuss: `wanted`, else the
    focus before, else the first rule. Into rate again (only the discussed rules
    are voted): the focus before when it is one of them, else `wanted` when it is,
    else the first of them."""
    if state.phase not in FOCUS_SHOWN:
        return None
    if state.phase is Phase.RERATE:
        candidates = [r.rule_id for r in state.rules_in_round(2)]
        order = (focus, wanted)
    else:
        candidates = [r.rule_id for r in state.rules]
        order = (wanted, focus)
    return next((c for c in order if c in candidates), candidates[0] if candidates else None)


def _voting_rule(state: State, rule_id: str) -> tuple[RuleState, int]:
    round_ = state.voting_round
    if round_ is None:
        raise PhaseError("not_voting", str(state.phase))
    rule = state.rule(rule_id)
    if round_ == 2 and not rule.discussed:
        raise PhaseError("not_discussed", rule_id)
    if rule.revealed >= round_:
        raise PhaseError("revealed", rule_id)
    return rule, round_


def set_open(state: State, rule_id: str, is_open: bool) -> State:
    """Open or close a rule for votes (only in a voting phase, before its reveal)."""
    rule, _ = _voting_rule(state, rule_id)
    return state._with(replace(rule, open=is_open, locked=False if is_open else rule.locked))


def lock(state: State, rule_id: str) -> State:
    """Stop votes on a rule for now (answers given stay; `set_open(..., True)` reopens)."""
    rule, _ = _voting_rule(state, rule_id)
    return state._with(replace(rule, locked=True))


def reveal(state: State, rule_id: str) -> State:
    """Reveal one rule's current round early: its answers lock for good."""
    rule, round_ = _voting_rule(state, rule_id)
    return state._with(replace(rule, revealed=round_, locked=True))


def mark_discussed(state: State, rule_id: str, discussed: bool = True) -> State:
    """Choose a rule for round 2 (in the discuss phase only)."""
    if state.phase is not Phase.DISCUSS:
        raise PhaseError("transition", f"discussing in {state.phase}")
    return state._with(replace(state.rule(rule_id), discussed=discussed))


def reset(state: State, rule_id: str) -> tuple[State, int]:
    """Start a rule's current round over (its votes of that round are to be deleted
    by the caller): only while that round is being voted and not yet revealed.
    Returns the new state and the round to clear."""
    rule, round_ = _voting_rule(state, rule_id)
    return state._with(replace(rule, open=True, locked=False)), round_
