"""The check-in store on SQLite and PostgreSQL: moments over time, answers per
anonymous respondent, stories, learning questions, the decision, a room's answers
fed in one transaction, versions, and the migration up and down."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from content.models import UNKNOWN
from storage.checkins import NetworkStore
from storage.errors import ActionRefused, NetworkNotFound, RespondentNotFound, StorageError
from storage.plans import Base, new_token
from tests.unit.conftest import migrate_to

START = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
PLAN = "p" * 24


@pytest.fixture
def ns(db_url: str) -> Iterator[NetworkStore]:
    store = NetworkStore(db_url)
    yield store
    store.dispose()


def test_the_migration_makes_the_tables_the_models_describe(db_url: str) -> None:
    ns = NetworkStore(db_url)
    with ns.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    ns.dispose()
    assert [d for d in diff if "network" in repr(d)] == []


def test_the_migration_goes_down_to_0005_and_up_again(db_url: str) -> None:
    engine = create_engine(db_url)
    migrate_to(engine, "0005", down=True)
    assert not [t for t in inspect(engine).get_table_names() if t.startswith("network")]
    assert "workshops" in inspect(engine).get_table_names()
    migrate_to(engine, "0008")
    assert {"networks", "network_moments", "network_respondents", "network_answers",
            "network_stories"} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_a_network_has_moments_over_time(ns: NetworkStore) -> None:
    n = ns.create(PLAN, "nl", started_at=START)
    assert n.moments == () and n.respondents == 0 and n.decision is None
    assert n.started_at == START and ns.for_plan(PLAN) == [n]
    ns.open_moment(n.id, "start", at=START)
    ns.open_moment(n.id, "mid", source="workshop", workshop_id="w" * 24,
                   at=START + timedelta(days=60))
    got = ns.get(n.id)
    assert got is not None
    assert [m.moment for m in got.moments] == ["start", "mid"]
    mid = got.moment("mid")
    assert mid is not None and mid.source == "workshop" and mid.workshop_id == "w" * 24
    assert mid.opened_at == START + timedelta(days=60) and mid.is_open
    assert got.version > n.version
    assert ns.get("nope") is None and ns.for_plan("q" * 24) == []


def test_answers_per_respondent_come_back_without_who(ns: NetworkStore) -> None:
    n = ns.create(PLAN, "nl")
    ns.open_moment(n.id, "start")
    people = [ns.new_respondent(n.id) for _ in range(3)]
    values: tuple[int | str, ...] = (4, 2, UNKNOWN)
    for person, value in zip(people, values, strict=True):
        assert ns.answer(person.token, "start", "pulse_safe", value) is True
    v = ns.version(n.id)
    assert ns.answer(people[0].token, "start", "pulse_safe", 4) is False  # idempotent
    assert ns.version(n.id) == v  # nothing changed: nor did the version
    assert ns.answer(people[0].token, "start", "pulse_safe", 5) is True
    assert ns.version(n.id) == (v or 0) + 1
    assert ns.votes(n.id) == {"start": {"pulse_safe": [2, 5, UNKNOWN]}}
    assert ns.respondents_at(n.id) == {"start": 3}
    assert ns.own(people[0].token).answers == {("start", "pulse_safe"): 5}
    assert ns.answer(people[1].token, "start", "pulse_safe", None) is True  # taken back
    assert ns.votes(n.id) == {"start": {"pulse_safe": [5, UNKNOWN]}}
    assert ns.get(n.id).respondents == 3  # type: ignore[union-attr]


def test_a_closed_or_unopened_moment_takes_no_answer(ns: NetworkStore) -> None:
    n = ns.create(PLAN, "en")
    person = ns.new_respondent(n.id)
    with pytest.raises(ActionRefused, match="moment_not_open"):
        ns.answer(person.token, "mid", "pulse_safe", 3)
    ns.open_moment(n.id, "mid")
    ns.answer(person.token, "mid", "pulse_safe", 3)
    ns.close_moment(n.id, "mid")
    with pytest.raises(ActionRefused, match="moment_closed"):
        ns.answer(person.token, "mid", "pulse_safe", 4)
    with pytest.raises(ActionRefused, match="moment_closed"):
        ns.save_story(person.token, "mid", "brought_so_far", "x")
    with pytest.raises(ActionRefused, match="moment_not_open"):
        ns.close_moment(n.id, "end")
    ns.open_moment(n.id, "mid")  # opened again: the answer is still there
    assert ns.votes(n.id) == {"mid": {"pulse_safe": [3]}}


def test_stories_and_learning_questions(ns: NetworkStore) -> None:
    n = ns.create(PLAN, "nl")
    ns.open_moment(n.id, "end")
    a, b = ns.new_respondent(n.id), ns.new_respondent(n.id)
    assert ns.save_story(b.token, "end", "value_applied", "Zo doe ik het nu") is True
    assert ns.save_story(a.token, "end", "value_applied", "Anders nakijken") is True
    assert ns.save_story(a.token, "end", "value_applied", "Anders nakijken") is False
    assert ns.stories(n.id) == {"end": {"value_applied": ["Anders nakijken",
                                                          "Zo doe ik het nu"]}}
    assert ns.save_story(a.token, "end", "value_applied", "") is True  # removed
    assert ns.stories(n.id) == {"end": {"value_applied": ["Zo doe ik het nu"]}}
    ns.set_learning_question(a.token, "Hoe geef ik feedback?", shared=False)
    ns.set_learning_question(b.token, "Hoe begin ik een netwerk?", shared=True)
    assert ns.shared_learning_questions(n.id) == ["Hoe begin ik een netwerk?"]
    own = ns.own(a.token)
    assert (own.learning_question, own.learning_shared) == ("Hoe geef ik feedback?", False)
    assert ns.own(b.token).stories == {("end", "value_applied"): "Zo doe ik het nu"}


def test_unknown_respondents_and_networks_raise_storage_errors(ns: NetworkStore) -> None:
    with pytest.raises(RespondentNotFound):
        ns.answer("x" * 24, "start", "pulse_safe", 3)
    with pytest.raises(RespondentNotFound):
        ns.own("not a token")
    with pytest.raises(NetworkNotFound):
        ns.open_moment("y" * 24, "start")
    with pytest.raises(NetworkNotFound):
        ns.new_respondent("y" * 24)
    assert ns.respondent("x" * 24) is None


def test_a_room_is_fed_as_one_moment_in_one_transaction(ns: NetworkStore) -> None:
    n = ns.create(PLAN, "nl")
    other = ns.create(PLAN, "nl")
    room = {new_token(): {"pulse_safe": 4, "pulse_theme": 5} for _ in range(4)}
    with pytest.raises(ActionRefused, match="moment_not_open"):
        ns.record_answers(n.id, "mid", room)
    ns.open_moment(n.id, "mid", source="workshop")
    assert ns.record_answers(n.id, "mid", room) == 8
    assert ns.record_answers(n.id, "mid", room) == 0  # the same room again: no change
    assert ns.votes(n.id) == {"mid": {"pulse_safe": [4] * 4, "pulse_theme": [5] * 4}}
    assert ns.get(n.id).respondents == 4  # type: ignore[union-attr]
    # A token of another network's respondent is refused, and nothing is written.
    stranger = ns.new_respondent(other.id)
    ns.open_moment(n.id, "end", source="workshop")
    mixed = {new_token(): {"pulse_safe": 1}, stranger.token: {"pulse_safe": 1}}
    with pytest.raises(RespondentNotFound):
        ns.record_answers(n.id, "end", mixed)
    assert "end" not in ns.votes(n.id) and ns.get(n.id).respondents == 4  # type: ignore[union-attr]


def test_a_room_fed_again_changes_and_removes_only_what_differs(ns: NetworkStore) -> None:
    """Recorded again after the room changed its mind: a changed answer is updated,
    one taken back (None) removed, the rest left alone; a room larger than one
    batch of the store's reads (500 tokens) is read and written whole."""
    n = ns.create(PLAN, "nl")
    ns.open_moment(n.id, "mid", source="workshop")
    room = {new_token(): {"pulse_safe": 3, "pulse_theme": 4} for _ in range(620)}
    assert ns.record_answers(n.id, "mid", room) == 2 * 620
    first, second = list(room)[:2]
    again = {first: {"pulse_safe": 5, "pulse_theme": 4}, second: {"pulse_safe": None}}
    assert ns.record_answers(n.id, "mid", again) == 2
    votes = ns.votes(n.id)["mid"]
    assert sorted(votes["pulse_safe"]) == [3] * 618 + [5]
    assert votes["pulse_theme"] == [4] * 620
    assert ns.get(n.id).respondents == 620  # type: ignore[union-attr]


def test_the_decision_with_its_follow_up_date(ns: NetworkStore) -> None:
    n = ns.create(PLAN, "nl")
    got = ns.set_decision(n.id, "change_shape", date(2027, 3, 1), at=START)
    assert got.decision is not None
    assert (got.decision.choice, got.decision.follow_up, got.decision.decided_at) == \
        ("change_shape", date(2027, 3, 1), START)
    got = ns.set_decision(n.id, "stop", None)
    assert got.decision is not None and got.decision.follow_up is None


def test_deleting_a_network_deletes_everything_answered_in_it(ns: NetworkStore) -> None:
    n, kept = ns.create(PLAN, "nl"), ns.create(PLAN, "nl")
    for network in (n, kept):
        ns.open_moment(network.id, "start")
    a, b = ns.new_respondent(n.id), ns.new_respondent(kept.id)
    ns.answer(a.token, "start", "pulse_safe", 2)
    ns.answer(b.token, "start", "pulse_safe", 5)
    ns.delete(n.id)
    assert ns.get(n.id) is None and ns.respondent(a.token) is None
    assert ns.votes(n.id) == {} and ns.votes(kept.id) == {"start": {"pulse_safe": [5]}}


def test_concurrent_answers_each_bump_the_version_once(ns: NetworkStore) -> None:
    n = ns.create(PLAN, "nl")
    ns.open_moment(n.id, "mid")
    people = [ns.new_respondent(n.id) for _ in range(10)]
    start = ns.version(n.id) or 0

    def twice(person) -> int:
        return sum((ns.answer(person.token, "mid", "pulse_room", 3),
                    ns.answer(person.token, "mid", "pulse_room", 3)))

    with ThreadPoolExecutor(max_workers=5) as pool:
        assert sum(pool.map(twice, people)) == len(people)
    assert ns.version(n.id) == start + len(people)
    assert ns.votes(n.id) == {"mid": {"pulse_room": [3] * len(people)}}


def test_storage_raises_only_its_own_errors() -> None:
    broken = NetworkStore("sqlite:////nonexistent-dir/x/y.sqlite3")
    with pytest.raises(StorageError):
        broken.get("x" * 24)
    with pytest.raises(StorageError):
        broken.votes("x" * 24)
