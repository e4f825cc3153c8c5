"""The workshop store on SQLite and PostgreSQL: versions, idempotent votes checked
against the phase in their own transaction, removal, reset, codes and retention."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text as text_

from content.models import UNKNOWN
from content.workshop import default_workshop_settings
from storage.errors import ActionRefused, ParticipantNotFound, StorageError, WorkshopNotFound
from storage.migrate import upgrade_database
from storage.plans import Base, PlanStore
from storage.workshops import WorkshopStore
from workshop import phases
from workshop.codes import new_code
from workshop.phases import Phase

ANON = default_workshop_settings().anonymity
RULES = {"r01": ("s1", "s2"), "r02": ("s3",)}
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def ws(db_url: str) -> Iterator[WorkshopStore]:
    store = WorkshopStore(db_url)
    yield store
    store.dispose()


def _create(ws: WorkshopStore, code: str | None = None, *, delete_after: datetime = NOW,
            rehearsal: bool = False):
    return ws.create(code_factory=(lambda: code) if code else new_code, secret_hash="h" * 64,
                     language="nl", rules=RULES, anonymity=ANON, rehearsal=rehearsal,
                     facts={"group_size": 9}, source_plan=None,
                     code_expires_at=NOW + timedelta(hours=1), delete_after=delete_after)


def test_the_migration_makes_the_tables_the_models_describe(db_url: str) -> None:
    ws = WorkshopStore(db_url)
    with ws.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    ws.dispose()
    ours = [d for d in diff if "workshop" in repr(d)]
    assert ours == []


def test_create_read_and_find_by_code(ws: WorkshopStore) -> None:
    w = _create(ws, "K7M2NP")
    assert w.phase is Phase.LOBBY and w.version == 0 and w.participants == 0
    assert [r.rule_id for r in w.state.rules] == ["r01", "r02"]
    assert w.state.rule("r01").statements == ("s1", "s2")
    assert w.facts == {"group_size": 9} and w.code == "K7M2NP"
    assert w.code_expires_at == NOW + timedelta(hours=1)
    assert ws.by_code("K7M2NP") == w and ws.by_code("K7M2NQ") is None
    assert ws.by_code("not a code") is None and ws.get("nope") is None
    assert ws.control_hash(w.id) == "h" * 64 and ws.version(w.id) == 0


def test_a_taken_code_is_replaced_by_a_fresh_one(ws: WorkshopStore) -> None:
    _create(ws, "K7M2NP")
    codes = iter(["K7M2NP", "K7M2NP", "ABC123"])
    w = ws.create(code_factory=lambda: next(codes), secret_hash="x", language="en",
                  rules=RULES, anonymity=ANON, rehearsal=False, facts={}, source_plan=None,
                  code_expires_at=NOW, delete_after=NOW)
    assert w.code == "ABC123"


def test_votes_are_idempotent_upserts_that_bump_the_version(ws: WorkshopStore) -> None:
    w = _create(ws)
    p = ws.join(w.id, max_participants=10)
    assert p.seat == 1 and ws.version(w.id) == 1
    with pytest.raises(ActionRefused, match="not_voting"):
        ws.vote(p.token, "s1", 4, 1)  # still in the lobby
    ws.change(w.id, lambda s: phases.advance(s, Phase.RATE))
    v = ws.version(w.id)
    assert ws.vote(p.token, "s1", 4, 1) is True and ws.version(w.id) == v + 1
    assert ws.vote(p.token, "s1", 4, 1) is False and ws.version(w.id) == v + 1
    assert ws.vote(p.token, "s1", UNKNOWN, 1) is True and ws.version(w.id) == v + 2
    assert ws.own_votes(p.token) == {("s1", 1): UNKNOWN}
    assert ws.answered(w.id, 1) == {"s1": 1}
    assert ws.votes(w.id, 1) == {"s1": [UNKNOWN]}


def test_no_vote_after_the_reveal_or_on_a_locked_rule(ws: WorkshopStore) -> None:
    w = _create(ws)
    p = ws.join(w.id, max_participants=10)
    ws.change(w.id, lambda s: phases.advance(s, Phase.RATE))
    ws.change(w.id, lambda s: phases.lock(s, "r02"))
    with pytest.raises(ActionRefused, match="rule_locked"):
        ws.vote(p.token, "s3", 2, 1)
    ws.vote(p.token, "s1", 2, 1)
    ws.change(w.id, lambda s: phases.reveal(s, "r01"))
    with pytest.raises(ActionRefused, match="revealed"):
        ws.vote(p.token, "s1", 5, 1)
    assert ws.votes(w.id, 1) == {"s1": [2]}
    with pytest.raises(ActionRefused, match="transition"):
        ws.change(w.id, lambda s: phases.advance(s, Phase.CLOSE))
    assert ws.get(w.id).phase is Phase.RATE  # type: ignore[union-attr]


def test_reset_deletes_the_rules_votes_of_the_round(ws: WorkshopStore) -> None:
    w = _create(ws)
    a, b = ws.join(w.id, max_participants=10), ws.join(w.id, max_participants=10)
    ws.change(w.id, lambda s: phases.advance(s, Phase.RATE))
    for p in (a, b):
        ws.vote(p.token, "s1", 3, 1)
        ws.vote(p.token, "s3", 5, 1)
    ws.reset_rule(w.id, "r01")
    assert ws.answered(w.id, 1) == {"s3": 2}


def test_removing_a_participant_removes_their_answers(ws: WorkshopStore) -> None:
    w = _create(ws)
    a, b = ws.join(w.id, max_participants=10), ws.join(w.id, max_participants=10)
    ws.change(w.id, lambda s: phases.advance(s, Phase.RATE))
    ws.vote(a.token, "s1", 1, 1)
    ws.vote(b.token, "s1", 5, 1)
    ws.remove_participant(w.id, a.seat)
    assert ws.votes(w.id, 1) == {"s1": [5]} and ws.seats(w.id) == [b.seat]
    assert ws.participant(a.token) is None
    with pytest.raises(ParticipantNotFound):
        ws.vote(a.token, "s1", 2, 1)
    with pytest.raises(ParticipantNotFound):
        ws.remove_participant(w.id, a.seat)
    c = ws.join(w.id, max_participants=10)
    assert c.seat == 3  # seats are never given twice


def test_a_full_or_closed_workshop_takes_no_one(ws: WorkshopStore) -> None:
    w = _create(ws)
    ws.join(w.id, max_participants=1)
    with pytest.raises(ActionRefused, match="full"):
        ws.join(w.id, max_participants=1)
    with pytest.raises(WorkshopNotFound):
        ws.join("x" * 24, max_participants=1)


def test_purge_deletes_expired_workshops_and_keeps_plans(ws: WorkshopStore, db_url: str) -> None:
    old = _create(ws, delete_after=NOW - timedelta(days=1))
    kept = _create(ws, delete_after=NOW + timedelta(days=1))
    p = ws.join(old.id, max_participants=10)
    ws.change(old.id, lambda s: phases.advance(s, Phase.RATE))
    ws.vote(p.token, "s1", 4, 1)
    plans = PlanStore(db_url)
    scenario = plans.create(title="group", answers={"group_size": 9})
    ws.set_scenario(old.id, scenario.token)
    assert ws.purge(NOW) == 1
    assert ws.get(old.id) is None and ws.get(kept.id) is not None
    assert ws.participant(p.token) is None and ws.votes(old.id, 1) == {}
    assert plans.get(scenario.token) is not None  # what was saved as a scenario stays
    plans.dispose()


def test_storage_raises_only_its_own_errors() -> None:
    broken = WorkshopStore("sqlite:////nonexistent-dir/x/y.sqlite3")
    with pytest.raises(StorageError):
        broken.version("x" * 24)
    with pytest.raises(StorageError):
        broken.get("x" * 24)


def test_concurrent_votes_each_bump_the_version_once(ws: WorkshopStore) -> None:
    w = _create(ws)
    people = [ws.join(w.id, max_participants=50) for _ in range(12)]
    ws.change(w.id, lambda s: phases.advance(s, Phase.RATE))
    start = ws.version(w.id)
    assert start is not None

    def vote_twice(p) -> int:
        # The second, identical vote changes nothing and bumps nothing.
        return sum((ws.vote(p.token, "s1", 3, 1), ws.vote(p.token, "s1", 3, 1)))

    with ThreadPoolExecutor(max_workers=6) as pool:
        changed = sum(pool.map(vote_twice, people))
    assert changed == len(people)
    assert ws.version(w.id) == start + len(people)
    assert ws.votes(w.id, 1) == {"s1": [3] * len(people)}


def test_a_vote_racing_the_reveal_is_counted_before_it_or_refused(ws: WorkshopStore) -> None:
    w = _create(ws)
    people = [ws.join(w.id, max_participants=50) for _ in range(10)]
    ws.change(w.id, lambda s: phases.advance(s, Phase.RATE))
    outcomes: list[str] = []

    def vote(p) -> None:
        try:
            ws.vote(p.token, "s3", 5, 1)
            outcomes.append("counted")
        except ActionRefused as refused:
            outcomes.append(refused.reason)

    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(vote, p) for p in people[:5]]
        ws.change(w.id, lambda s: phases.advance(s, Phase.REVEAL))
        futures += [pool.submit(vote, p) for p in people[5:]]
        for f in futures:
            f.result()
    counted = outcomes.count("counted")
    assert outcomes.count("revealed") + outcomes.count("not_voting") == len(people) - counted
    assert counted <= 5  # nothing submitted after the reveal was counted
    frozen = ws.votes(w.id, 1)
    for p in people:
        with pytest.raises(ActionRefused):
            ws.vote(p.token, "s3", 1, 1)
    assert ws.votes(w.id, 1) == frozen


def test_room_and_phone_read_everything_in_one_transaction_and_stay_blind(
        ws: WorkshopStore) -> None:
    """A phone's full run and a screen's recompute are one read each (a count of
    transactions, SQLAlchemy's `begin`), and before a rule is revealed its answers
    are not read at all, only how many answered."""
    from sqlalchemy import event

    w = _create(ws)
    a, b = ws.join(w.id, max_participants=10), ws.join(w.id, max_participants=10)
    ws.change(w.id, lambda s: phases.advance(s, Phase.RATE))
    for p, value in ((a, 2), (b, 4)):
        ws.vote(p.token, "s1", value, 1)
        ws.vote(p.token, "s3", 5, 1)
    begun: list[object] = []
    statements: list[str] = []

    def on_begin(conn: object) -> None:
        begun.append(conn)

    def on_statement(_conn: object, _cursor: object, sql: str, *_rest: object) -> None:
        statements.append(sql)

    event.listen(ws.engine, "begin", on_begin)
    event.listen(ws.engine, "before_cursor_execute", on_statement)
    try:
        room = ws.room(w.id)
        assert len(begun) == 1
        room_sql = list(statements)
        snapshot = ws.phone(a.token)
        assert len(begun) == 2
    finally:
        event.remove(ws.engine, "begin", on_begin)
        event.remove(ws.engine, "before_cursor_execute", on_statement)
    assert room is not None and snapshot is not None
    assert room.workshop == ws.get(w.id) and room.workshop.participants == 2
    assert room.answered == {1: {"s1": 2, "s3": 2}, 2: {}}
    assert room.revealed_votes == {1: {}, 2: {}}  # nothing revealed: no answer read
    assert room_sql and not any("workshop_votes.value" in sql for sql in room_sql)
    assert snapshot.participant == ws.participant(a.token)
    assert snapshot.own == {("s1", 1): 2, ("s3", 1): 5} == ws.own_votes(a.token)
    assert snapshot.room == room
    ws.change(w.id, lambda s: phases.lock(s, "r01"))
    ws.change(w.id, lambda s: phases.reveal(s, "r01"))
    revealed = ws.room(w.id)
    assert revealed is not None
    assert revealed.revealed_votes == {1: {"s1": [2, 4]}, 2: {}}  # r02's s3 stays unread
    assert ws.room("not a workshop id") is None and ws.phone("not a token") is None
    ws.remove_participant(w.id, b.seat)
    assert ws.phone(b.token) is None


def test_the_timer_is_stored_and_bumps_the_version(ws: WorkshopStore) -> None:
    w = _create(ws)
    assert w.timer_ends_at is None
    ends = NOW + timedelta(minutes=3)
    ws.set_timer(w.id, ends)
    stored = ws.get(w.id)
    assert stored is not None and stored.timer_ends_at == ends and stored.version == 1
    room = ws.room(w.id)
    assert room is not None and room.workshop.timer_ends_at == ends
    ws.set_timer(w.id, None)
    assert ws.get(w.id).timer_ends_at is None  # type: ignore[union-attr]
    with pytest.raises(WorkshopNotFound):
        ws.set_timer("not an id", ends)


def test_revision_0012_counts_the_votes_of_existing_workshops_from_their_version(
        new_db_url) -> None:
    """Down to 0011 and up again with a running workshop: going down adds the votes
    back into the workshop's version, going up gives it a tally row counting from
    0, so its version stays the same throughout; its next vote bumps it by one."""
    from sqlalchemy import create_engine, text

    from tests.unit.conftest import migrate_to

    url = new_db_url()
    upgrade_database(url)
    ws = WorkshopStore(url)
    w = _create(ws)
    person = ws.join(w.id, max_participants=50)
    ws.change(w.id, lambda s: phases.advance(s, Phase.RATE))
    ws.vote(person.token, "s1", 4, 1)
    before = ws.version(w.id)
    ws.dispose()
    engine = create_engine(url)
    migrate_to(engine, "0011", down=True)
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT version FROM workshops")) == before
    migrate_to(engine, "0012")
    engine.dispose()
    ws = WorkshopStore(url)
    try:
        assert ws.version(w.id) == before
        assert ws.vote(person.token, "s1", 2, 1)
        assert ws.version(w.id) == before + 1
        assert ws.votes(w.id, 1) == {"s1": [2]}
    finally:
        ws.dispose()


def test_votes_hold_the_workshop_shared_and_a_facilitator_waits_for_them(
        ws: WorkshopStore, db_url: str) -> None:
    """PostgreSQL: a vote in flight (its transaction open after its first
    statement) does not stop another phone's vote, while a reveal waits until that
    vote is committed, and a vote then started after the reveal is refused. (SQLite
    has one writer at a time: there a vote takes the write lock, which the
    concurrency tests above cover.)"""
    if not db_url.startswith("postgresql"):
        pytest.skip("row locks: PostgreSQL only")
    w = _create(ws)
    first, second, third = (ws.join(w.id, max_participants=50) for _ in range(3))
    ws.change(w.id, lambda s: phases.advance(s, Phase.RATE))
    start = ws.version(w.id)
    assert start is not None
    with ThreadPoolExecutor(max_workers=2) as pool, ws.engine.connect() as held:
        in_flight = held.begin()
        held.execute(text_("SET LOCAL lock_timeout = '20s'"))
        assert ws._hold_for_vote(held, first.token) == (w.id, Phase.RATE.value)
        # Another phone's vote goes through while the first vote's transaction is open.
        assert pool.submit(ws.vote, second.token, "s1", 4, 1).result(timeout=20)
        reveal = pool.submit(ws.change, w.id, lambda s: phases.advance(s, Phase.REVEAL))
        done, _ = wait([reveal], timeout=1.0)
        assert not done  # the facilitator's change waits for the vote in flight
        in_flight.commit()
        assert reveal.result(timeout=20).phase is Phase.REVEAL
    with pytest.raises(ActionRefused):
        ws.vote(third.token, "s1", 4, 1)
    assert ws.version(w.id) == start + 2  # the vote and the reveal
    assert ws.votes(w.id, 1) == {"s1": [4]}


def test_the_rule_in_focus_is_stored_and_bumps_the_version(ws: WorkshopStore) -> None:
    """Revision 0013: the facilitator's rule in focus lives with the workshop, so the
    shared screen and every control view read the same one."""
    w = _create(ws)
    assert w.focus_rule is None
    changed = ws.set_focus(w.id, "r02")
    assert changed.focus_rule == "r02" and changed.version == w.version + 1
    room = ws.room(w.id)
    assert room is not None and room.workshop.focus_rule == "r02"
    with pytest.raises(ActionRefused) as refused:
        ws.set_focus(w.id, "r99")  # not a rule of this workshop
    assert refused.value.reason == "unknown_rule"
    after = ws.get(w.id)
    assert after is not None and after.focus_rule == "r02" and after.version == changed.version
    assert ws.set_focus(w.id, None).focus_rule is None
    with pytest.raises(WorkshopNotFound):
        ws.set_focus("not an id", "r01")


def test_a_phase_change_moves_the_focus_in_the_same_transaction(ws: WorkshopStore) -> None:
    w = _create(ws)
    ws.change(w.id, lambda s: phases.advance(s, Phase.RATE))
    ws.set_focus(w.id, "r02")
    moved = ws.change(w.id, lambda s: phases.advance(s, Phase.REVEAL),
                      lambda state, focus: phases.refocus(state, focus))
    assert moved.phase is Phase.REVEAL and moved.focus_rule == "r02"  # kept
    # A refocus naming a rule the workshop lacks is refused, and nothing changes.
    with pytest.raises(ActionRefused):
        ws.change(w.id, lambda s: phases.advance(s, Phase.DISCUSS), lambda s, f: "r99")
    kept = ws.get(w.id)
    assert kept is not None and kept.phase is Phase.REVEAL and kept.focus_rule == "r02"
    # Without a refocus the focus stays as it is.
    ws.change(w.id, lambda s: phases.advance(s, Phase.DISCUSS))
    assert ws.get(w.id).focus_rule == "r02"  # type: ignore[union-attr]
    ws.change(w.id, lambda s: phases.advance(s, Phase.DECIDE),
              lambda state, focus: phases.refocus(state, focus))
    assert ws.get(w.id).focus_rule is None  # type: ignore[union-attr]
