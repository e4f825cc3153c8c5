"""Deleting a network, undoing it, and how long a network is kept (issue 11), on
SQLite and PostgreSQL: the store's soft delete, restore and purge, the migration
that adds them (0010), the use cases (only the plan's holder deletes; a deleted
network shows and takes nothing; undo within the window only), a network paused
because its plan is a deleted scenario, and the purge at start-up."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select, text

from content.checkins import default_checkins
from content.models import Content
from services import startup
from services.checkins import (
    Answered,
    CheckinService,
    DecisionInvalid,
    MomentRefused,
    NetworkNotFound,
    NotAuthorised,
    PlanDeleted,
)
from services.plans import PlanService
from storage import PlanStore
from storage.checkins import NetworkRow, NetworkStore
from storage.errors import ActionRefused
from storage.plans import new_token
from tests.unit.conftest import Clock, migrate_to

START = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
RETENTION = default_checkins().retention
UNDO = timedelta(days=RETENTION.deleted_undo_days)
KEEP = timedelta(days=RETENTION.inactive_days)
PLAN = "p" * 24
TABLES = ("networks", "network_moments", "network_respondents", "network_answers",
          "network_stories")


@pytest.fixture
def ns(db_url: str) -> Iterator[NetworkStore]:
    store = NetworkStore(db_url)
    yield store
    store.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def service(store: PlanStore, content: Content, clock: Clock) -> Iterator[CheckinService]:
    networks = NetworkStore(store.engine.url.render_as_string(hide_password=False))
    yield CheckinService(networks, PlanService(store, content), content, clock=clock)
    networks.dispose()


@pytest.fixture
def plan_token(store: PlanStore) -> str:
    return store.create(title="Scenario zonder Jan", answers={"group_size": 8}).token


def _rows(store: NetworkStore, network_id: str) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {t: conn.scalar(text(f"SELECT COUNT(*) FROM {t} WHERE "
                                    f"{'id' if t == 'networks' else 'network_id'} = :n"),
                               {"n": network_id}) for t in TABLES}


def _filled(store: NetworkStore, at: datetime = START) -> tuple[str, str]:
    """A network with one respondent who answered, wrote a story and a learning
    question."""
    n = store.create(PLAN, "nl", started_at=at)
    store.open_moment(n.id, "mid", at=at)
    who = store.new_respondent(n.id).token
    store.answer(who, "mid", "pulse_safe", 4)
    store.save_story(who, "mid", "brought_so_far", "Nieuwe collega's leren kennen")
    store.set_learning_question(who, "Hoe geef ik feedback?", True)
    return n.id, who


# ------------------------------------------------------------------ storage
def test_the_migration_adds_the_columns_and_dates_the_last_activity(db_url: str) -> None:
    engine = create_engine(db_url)
    migrate_to(engine, "0008", down=True)
    assert "deleted_at" not in {c["name"] for c in inspect(engine).get_columns("networks")}
    store = NetworkStore(db_url)
    later = START + timedelta(days=40)
    with engine.begin() as conn:  # a network of revision 0008, answered 40 days on
        conn.execute(text("INSERT INTO networks (id, plan_token, language, version, "
                          "started_at) VALUES (:i, :p, 'nl', 0, :s)"),
                     {"i": "n" * 24, "p": PLAN, "s": START})
        conn.execute(text("INSERT INTO network_respondents (token, network_id, "
                          "learning_question, learning_shared, created_at) VALUES "
                          "(:t, :i, '', false, :s)"), {"t": "r" * 24, "i": "n" * 24, "s": START})
        conn.execute(text("INSERT INTO network_answers (respondent_token, moment, item_id, "
                          "network_id, value, updated_at) VALUES (:t, 'mid', 'pulse_safe', "
                          ":i, '4', :u)"), {"t": "r" * 24, "i": "n" * 24, "u": later})
    migrate_to(engine, "0010")
    got = store.get("n" * 24)
    assert got is not None and not got.deleted and got.last_activity == later
    assert store.for_plan(PLAN) == [got]
    migrate_to(engine, "0008", down=True)  # and down again, keeping the network
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT COUNT(*) FROM network_answers")) == 1
    migrate_to(engine, "0010")
    store.dispose()
    engine.dispose()


def test_a_deleted_network_keeps_everything_takes_nothing_and_comes_back(
        ns: NetworkStore) -> None:
    network_id, who = _filled(ns)
    before = _rows(ns, network_id)
    version = ns.version(network_id)
    deleted = ns.soft_delete(network_id, at=START + timedelta(hours=1))
    assert deleted.deleted and deleted.deleted_at == START + timedelta(hours=1)
    assert ns.version(network_id) == (version or 0) + 1  # a polling screen notices
    assert ns.for_plan(PLAN) == [] and [n.id for n in ns.for_plan(PLAN, deleted=True)] == \
        [network_id]
    assert _rows(ns, network_id) == before  # nothing a user entered is lost
    for change in (lambda: ns.answer(who, "mid", "pulse_safe", 2),
                   lambda: ns.save_story(who, "mid", "brought_so_far", "x"),
                   lambda: ns.set_learning_question(who, "y", False),
                   lambda: ns.new_respondent(network_id),
                   lambda: ns.open_moment(network_id, "end"),
                   lambda: ns.close_moment(network_id, "mid"),
                   lambda: ns.set_decision(network_id, "stop", None),
                   lambda: ns.record_answers(network_id, "mid", {new_token(): {"pulse_safe": 1}}),
                   lambda: ns.soft_delete(network_id)):
        with pytest.raises(NetworkNotFound):
            change()
    assert _rows(ns, network_id) == before
    back = ns.restore(network_id)
    assert not back.deleted and ns.for_plan(PLAN) == [back]
    assert ns.own(who).answers[("mid", "pulse_safe")] == 4
    assert ns.own(who).learning_question == "Hoe geef ik feedback?"
    assert ns.answer(who, "mid", "pulse_safe", 2)  # it takes answers again
    with pytest.raises(NetworkNotFound):
        ns.restore("x" * 24)


def test_the_purge_removes_what_is_past_its_window_and_only_that(ns: NetworkStore) -> None:
    deleted_long_ago, _ = _filled(ns)
    deleted_recently, _ = _filled(ns)
    quiet, _ = _filled(ns)
    quiet_but_follow_up_ahead, _ = _filled(ns)
    busy, who = _filled(ns)
    ns.soft_delete(deleted_long_ago, at=START)
    ns.soft_delete(deleted_recently, at=START + timedelta(days=10))
    ns.open_moment(quiet_but_follow_up_ahead, "end")
    ns.set_decision(quiet_but_follow_up_ahead, "renew", date(2027, 12, 1))
    for network_id in (quiet, quiet_but_follow_up_ahead):  # nothing happened since START
        with ns.engine.begin() as conn:
            conn.execute(NetworkRow.__table__.update().where(NetworkRow.id == network_id)
                         .values(changed_at=START))
    ns.answer(who, "mid", "pulse_safe", 3)  # activity now moves the retention
    now = datetime.now(UTC)
    assert ns.get(busy) is not None and ns.get(busy).last_activity > now - timedelta(minutes=1)
    assert ns.purge(deleted_before=START + timedelta(days=5),
                    inactive_before=START + timedelta(days=1)) == 2
    for gone in (deleted_long_ago, quiet):
        assert ns.get(gone) is None and set(_rows(ns, gone).values()) == {0}
    # the follow-up date lies after the cut-off: kept for the follow-up meeting
    assert ns.get(quiet_but_follow_up_ahead) is not None
    assert ns.get(deleted_recently) is not None and ns.get(busy) is not None
    assert ns.purge(deleted_before=START + timedelta(days=5),
                    inactive_before=START + timedelta(days=1)) == 0


def test_a_network_whose_plan_is_deleted_takes_no_answers(store: PlanStore) -> None:
    plan = store.create(title="Plan", answers={})
    ns = NetworkStore(store.engine.url.render_as_string(hide_password=False))
    n = ns.create(plan.token, "nl")
    ns.open_moment(n.id, "mid")
    who = ns.new_respondent(n.id).token
    store.delete(plan.token)
    for change in (lambda: ns.answer(who, "mid", "pulse_safe", 2),
                   lambda: ns.save_story(who, "mid", "brought_so_far", "x"),
                   lambda: ns.set_learning_question(who, "y", False),
                   lambda: ns.record_answers(n.id, "mid", {new_token(): {"pulse_safe": 1}})):
        with pytest.raises(ActionRefused) as refused:
            change()
        assert refused.value.reason == "plan_deleted"
    store.restore(plan.token)
    assert ns.answer(who, "mid", "pulse_safe", 2)
    ns.dispose()


# ------------------------------------------------------------------ use cases
def test_only_the_plans_holder_deletes_and_restores(service: CheckinService,
                                                   plan_token: str, store: PlanStore) -> None:
    n = service.start_network(plan_token, language="nl")
    other = store.create(title="Ander", answers={}).token
    with pytest.raises(NotAuthorised):
        service.delete_network(n.id, other)
    with pytest.raises(NetworkNotFound):
        service.delete_network("x" * 24, plan_token)
    service.delete_network(n.id, plan_token)
    with pytest.raises(NotAuthorised):
        service.restore_network(n.id, other)
    assert service.network(n.id) is not None and service.network(n.id).deleted  # type: ignore[union-attr]
    assert service.restore_network(n.id, plan_token).deleted is False


def test_a_deleted_network_shows_nothing_to_anyone(service: CheckinService,
                                                  plan_token: str) -> None:
    n = service.start_network(plan_token, language="nl")
    who = service.join(n.id).token
    assert service.answer(who, "start", "pulse_safe", 4) == Answered(True)
    service.delete_network(n.id, plan_token)
    assert service.networks_for(plan_token) == []
    for read in (lambda: service.view(n.id), lambda: service.pdf(n.id, "nl"),
                 lambda: service.markdown(n.id, "en", plan_token=plan_token),
                 lambda: service.join(n.id),
                 lambda: service.answer(who, "start", "pulse_safe", 2)):
        with pytest.raises(NetworkNotFound):
            read()
    service.restore_network(n.id, plan_token)
    assert service.own(who).answers[("start", "pulse_safe")] == 4
    assert service.view(n.id).respondents["start"] == 1


def test_undo_lasts_the_window_then_the_network_is_purged(service: CheckinService,
                                                        plan_token: str, clock: Clock) -> None:
    first = service.start_network(plan_token, language="nl")
    second = service.start_network(plan_token, language="nl")
    service.delete_network(first.id, plan_token)
    clock.now = START + timedelta(days=1)
    service.delete_network(second.id, plan_token)
    assert [n.id for n in service.deleted_networks(plan_token)] == [second.id, first.id]
    assert service.restorable_until(service.network(first.id)) == START + UNDO  # type: ignore[arg-type]
    clock.now = START + UNDO  # the first one's window is over, not yet purged
    assert [n.id for n in service.deleted_networks(plan_token)] == [second.id]
    assert service.deleted_state(first.id) is None
    assert service.deleted_state(second.id) is not None
    with pytest.raises(NetworkNotFound):
        service.restore_network(first.id, plan_token)
    assert service.purge_expired() == 1
    assert service.network(first.id) is None and service.network(second.id) is not None
    clock.now = START + timedelta(days=1) + UNDO - timedelta(seconds=1)
    assert service.restore_network(second.id, plan_token).deleted is False


def test_deleting_one_network_purges_the_others_past_their_window(
        service: CheckinService, plan_token: str, clock: Clock) -> None:
    old = service.start_network(plan_token, language="nl")
    service.delete_network(old.id, plan_token)
    clock.now = START + UNDO + timedelta(days=1)
    new = service.start_network(plan_token, language="nl")
    service.delete_network(new.id, plan_token)
    assert service.network(old.id) is None and service.network(new.id) is not None


def test_kept_until_counts_from_the_last_activity_or_the_follow_up(
        service: CheckinService, plan_token: str, clock: Clock) -> None:
    n = service.start_network(plan_token, language="nl")
    n = service.network(n.id)  # type: ignore[assignment]
    assert n is not None
    keep = timedelta(days=RETENTION.inactive_days + 1)
    assert service.kept_until(n) == n.last_activity.date() + keep
    service.open_moment(n.id, plan_token, "end")
    follow_up = clock.now.date() + timedelta(days=200)
    decided = service.record_decision(n.id, plan_token, "renew", follow_up)
    assert not isinstance(decided, DecisionInvalid)
    n = service.network(n.id)  # type: ignore[assignment]
    assert n is not None and service.kept_until(n) == follow_up + keep


def test_the_view_of_a_purged_network_by_retention(service: CheckinService, plan_token: str,
                                                    clock: Clock) -> None:
    n = service.start_network(plan_token, language="nl")
    with service.store.engine.begin() as conn:  # no activity since the start
        conn.execute(NetworkRow.__table__.update().where(NetworkRow.id == n.id)
                     .values(changed_at=START))
    clock.now = START + KEEP - timedelta(days=1)
    assert service.purge_expired() == 0
    clock.now = START + KEEP + timedelta(days=1)
    assert service.purge_expired() == 1 and service.network(n.id) is None
    assert service.plans.open(plan_token) is not None  # the plan itself stays


def test_a_network_whose_plan_is_deleted_is_paused_until_it_is_restored(
        service: CheckinService, plan_token: str, store: PlanStore) -> None:
    n = service.start_network(plan_token, language="nl")
    who = service.join(n.id).token
    service.answer(who, "start", "pulse_safe", 4)
    service.open_moment(n.id, plan_token, "mid")
    store.delete(plan_token)
    network = service.network(n.id)
    assert network is not None and service.plan_deleted(network)
    assert service.answer(who, "start", "pulse_safe", 2) == MomentRefused("plan_deleted")
    assert service.save_story(who, "mid", "brought_so_far", "x") == MomentRefused("plan_deleted")
    assert service.set_learning_question(who, "Waarom?", shared=False) == \
        MomentRefused("plan_deleted")
    for change in (lambda: service.open_moment(n.id, plan_token, "end"),
                   lambda: service.close_moment(n.id, plan_token, "start"),
                   lambda: service.record_decision(n.id, plan_token, "stop", None)):
        with pytest.raises(PlanDeleted):
            change()
    assert service.record_moment_answers(n.id, plan_token, "end", {"k" * 24: {
        "pulse_safe": 3}}) == MomentRefused("plan_deleted")
    assert service.network(n.id).moment("end") is None  # type: ignore[union-attr]
    assert service.view(n.id).respondents["start"] == 1  # still readable
    store.restore(plan_token)
    assert not service.plan_deleted(network)
    assert service.answer(who, "start", "pulse_safe", 2) == Answered(True)
    assert service.open_moment(n.id, plan_token, "end").moment("end") is not None


# ------------------------------------------------------------------ start-up
def test_start_up_purges_the_networks_past_their_windows(monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    monkeypatch.delenv("VONK_DATABASE_URL", raising=False)
    monkeypatch.setenv("VONK_DATA_DIR", str(tmp_path / "data"))
    startup.prepare_storage()
    from storage import database_url

    ns = NetworkStore(database_url())
    now = datetime.now(UTC)
    old, _ = _filled(ns, at=now)
    kept, _ = _filled(ns, at=now)
    ns.soft_delete(old, at=now - UNDO - timedelta(minutes=1))
    ns.soft_delete(kept, at=now)
    startup.prepare_all()  # as ui/server.prepare_server runs it
    assert ns.get(old) is None and ns.get(kept) is not None
    assert startup.purge_expired_networks(lambda: now + UNDO + timedelta(minutes=1)) == 1
    with ns.engine.connect() as conn:
        assert conn.execute(select(NetworkRow.id)).all() == []
    ns.dispose()


# ------------------------------------------------------------------ content
def test_the_retention_is_bounded_by_the_model(tmp_path: Path) -> None:
    import shutil

    from content.checkins import load_checkins
    from content.loader import CONTENT_DIR, ContentError, load_content

    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    path = root / "checkins.yaml"
    text_ = path.read_text(encoding="utf-8")
    assert "deleted_undo_days: 14" in text_ and "inactive_days: 365" in text_
    path.write_text(text_.replace("deleted_undo_days: 14", "deleted_undo_days: 0")
                    .replace("inactive_days: 365", "inactive_days: 5000"), encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        load_checkins(root, load_content(root))
    problems = exc.value.problems
    for field in ("retention.deleted_undo_days", "retention.inactive_days"):
        assert any(p.startswith(f"content/checkins.yaml: {field}: ") for p in problems), problems
