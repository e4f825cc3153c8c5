"""The network plan's edited fields in the store (SQLite and PostgreSQL), its
migration, and the service's save outcomes."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from content.models import Content
from content.netplan import default_netplan
from services import Conflict, PlanGone, PlanService, Saved
from services.netplan import FieldRefused, NetplanService
from storage import NetplanStore, PlanDeleted, PlanNotFound, PlanStore, ValueConflict, migrate
from tests.conftest import ready_plan
from tests.unit.conftest import NewUrl, migrate_to


@pytest.fixture
def fields(store: PlanStore) -> NetplanStore:
    return NetplanStore("", engine=store.engine)


@pytest.fixture
def service(store: PlanStore, content: Content) -> NetplanService:
    return NetplanService.beside(PlanService(store, content), default_netplan())


def test_fields_are_stored_one_by_one_and_read_back(store: PlanStore,
                                                    fields: NetplanStore) -> None:
    plan, other = store.create(title="A"), store.create(title="B")
    assert fields.fields(plan.token) == {} and fields.revision(plan.token) == 0
    fields.save_field(plan.token, "aim", "Samen leren")
    fields.save_field(plan.token, "count", 6)
    fields.save_field(plan.token, "skipped", ["2026-12-24", "2026-12-31"])
    fields.save_field(plan.token, "aim", "Samen leren, dan delen")
    assert fields.fields(plan.token) == {"aim": "Samen leren, dan delen", "count": 6,
                                         "skipped": ["2026-12-24", "2026-12-31"]}
    assert fields.fields(other.token) == {}
    assert fields.revision(plan.token) == 4


def test_clearing_a_field_goes_back_and_the_revision_still_rises(
        store: PlanStore, fields: NetplanStore) -> None:
    plan = store.create(title="A")
    fields.save_field(plan.token, "theme", "Feedback")
    fields.save_field(plan.token, "theme", None, expected="Feedback")
    assert fields.fields(plan.token) == {}
    assert fields.revision(plan.token) == 2
    fields.save_field(plan.token, "theme", "Weer", expected=None)
    assert fields.fields(plan.token) == {"theme": "Weer"} and fields.revision(plan.token) == 3


def test_a_field_changed_elsewhere_is_not_overwritten(store: PlanStore,
                                                      fields: NetplanStore) -> None:
    plan = store.create(title="A")
    fields.save_field(plan.token, "aim", "Tab 1", expected=None)
    with pytest.raises(ValueConflict) as conflict:
        fields.save_field(plan.token, "aim", "Tab 2", expected=None)  # tab 2 saw nothing
    assert conflict.value.current == "Tab 1"
    assert fields.fields(plan.token) == {"aim": "Tab 1"}


def test_the_most_meetings_handed_out_is_kept(store: PlanStore, fields: NetplanStore) -> None:
    plan = store.create(title="A")
    assert fields.note_issued(plan.token, 5) == 5
    assert fields.note_issued(plan.token, 7) == 7
    assert fields.note_issued(plan.token, 4) == 7
    assert fields.fields(plan.token) == {}  # the store's own row is no field
    assert fields.revision(plan.token) == 2


def test_a_deleted_or_unknown_plan_is_refused(store: PlanStore, fields: NetplanStore) -> None:
    plan = store.create(title="A")
    store.create(title="B", workspace=plan.workspace)
    store.delete(plan.token)
    with pytest.raises(PlanDeleted):
        fields.save_field(plan.token, "aim", "x")
    with pytest.raises(PlanNotFound):
        fields.save_field("x" * 24, "aim", "x")


def test_fields_survive_a_new_store_and_go_with_their_plan(new_db_url: NewUrl) -> None:
    url = new_db_url()
    migrate.upgrade_database(url)
    plans = PlanStore(url)
    plan = plans.create(title="A")
    NetplanStore(url).save_field(plan.token, "coordinator_name", "Anna")
    plans.dispose()
    again = NetplanStore(url)
    assert again.fields(plan.token) == {"coordinator_name": "Anna"}
    with again.engine.begin() as conn:
        conn.execute(text("DELETE FROM plans WHERE token = :t"), {"t": plan.token})
    assert again.fields(plan.token) == {}  # ON DELETE CASCADE
    again.dispose()


def test_the_table_comes_and_goes_with_its_migration(new_db_url: NewUrl) -> None:
    url = new_db_url()
    engine = create_engine(url)
    migrate.upgrade(engine)
    migrate_to(engine, "0005", down=True)
    with engine.connect() as conn, pytest.raises(DBAPIError):
        conn.execute(text("SELECT count(*) FROM netplan_fields"))
    migrate.upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM netplan_fields")).scalar() == 0
    engine.dispose()


def test_service_saves_checks_and_reports(service: NetplanService, store: PlanStore) -> None:
    plan = store.create(title="A", answers=ready_plan())
    assert service.save_field(plan.token, "count", 7, expected=None) == Saved(7)
    refused = service.save_field(plan.token, "count", 99, expected=7)
    assert isinstance(refused, FieldRefused) and refused.problem.code == "out_of_range"
    assert isinstance(service.save_field(plan.token, "count", 6, expected=None), Conflict)
    view = service.view(plan.token, ready_plan(), "nl")
    assert view.number("count") == 7 and len(view.schedule.meetings) == 7
    assert service.save_field("y" * 24, "count", 6, expected=None) == PlanGone()
    first = service.calendar(plan.token, view)
    service.save_field(plan.token, "skipped", [view.schedule.meetings[1].isoformat()],
                       expected=None)
    second = service.calendar(plan.token, service.view(plan.token, ready_plan(), "nl"))
    assert b"SEQUENCE:2" in first and b"SEQUENCE:3" in second  # saves and the first download
    assert b"CANCELLED" not in second
    service.save_field(plan.token, "count", 5, expected=7)
    shorter = service.calendar(plan.token, service.view(plan.token, ready_plan(), "nl"))
    assert shorter.count(b"STATUS:CANCELLED") == 2
