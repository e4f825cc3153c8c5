"""A check-in moment run as a live workshop: which statements the room rates, in
which blocks, and which answers go back into the moment. Pure: no Streamlit, no
database.

The workshop core works on "rules", each a block of statements the facilitator
opens, locks and reveals together. A moment's statements are grouped per golden
rule they belong to (`content/checkins.yaml`, `rule`; the start check's scan
statements by their own rule), in the handreiking's order, so the screen reads
as it does for a workshop on the rules: "6. Veiligheid" with its statements under
it. A statement without a rule goes in one block of its own, last. The block ids
are rule ids, but the workshop knows it rates a moment (its network and moment
are stored with it): its statements are check-in statements, never a plan's
answers, so nothing scores them as a plan.

What the room's answers become: per participant, their answers in the latest
revealed round of each revealed block (round 2 where the block was discussed and
revealed again, as the screen showed last), nothing of a block that was never
revealed, and nothing of a participant who answered none of those."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from workshop.aggregate import Vote
from workshop.phases import State


def moment_blocks(items: Iterable[tuple[str, str | None]], rule_order: Sequence[str],
                  other: str) -> dict[str, tuple[str, ...]]:
    """The moment's statements (`(statement id, rule id or None)`, in the moment's
    order) as workshop blocks: one per rule, in `rule_order`; statements without a
    known rule in the block `other`, last. Each statement once."""
    by_rule: dict[str, list[str]] = {}
    seen: set[str] = set()
    known = set(rule_order)
    for statement_id, rule_id in items:
        if statement_id in seen:
            continue
        seen.add(statement_id)
        block = rule_id if rule_id in known else other
        by_rule.setdefault(block, []).append(statement_id)
    order = [r for r in rule_order if r in by_rule] + ([other] if other in by_rule else [])
    return {block: tuple(by_rule[block]) for block in order}


def rounds_to_read(state: State) -> dict[int, tuple[str, ...]]:
    """Per round, the blocks whose answers of that round go into the moment: for
    each revealed block its latest revealed round. Unrevealed blocks are absent,
    so their answers are never read."""
    out: dict[int, list[str]] = {}
    for rule in state.rules:
        if rule.revealed >= 1:
            out.setdefault(min(rule.revealed, 2), []).append(rule.rule_id)
    return {rnd: tuple(ids) for rnd, ids in sorted(out.items())}


def room_answers(state: State,
                 by_round: Mapping[int, Mapping[str, Mapping[str, Vote]]]
                 ) -> dict[str, dict[str, Vote]]:
    """The answers to record, per participant key: from `by_round` (round →
    participant → statement → answer) only each revealed block's latest revealed
    round (`rounds_to_read`), whatever else `by_round` holds. Participants with
    no such answer are left out."""
    wanted = {sid: rnd for rnd, rule_ids in rounds_to_read(state).items()
              for rule in state.rules if rule.rule_id in rule_ids for sid in rule.statements}
    out: dict[str, dict[str, Vote]] = {}
    for rnd, participants in by_round.items():
        for key, answers in participants.items():
            for sid, value in answers.items():
                if wanted.get(sid) == rnd:
                    out.setdefault(key, {})[sid] = value
    return {key: dict(sorted(answers.items())) for key, answers in sorted(out.items())}
