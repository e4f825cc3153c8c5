"""Agreed actions of a workshop on SQLite and PostgreSQL: the 0006 migration up
and down, order, undo at the old place, the version bump, purge with the workshop;
the service's checks (secret, lengths and dates from content/, too many) and the
actions travelling with the saved scenario as its note."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import create_engine, inspect

from content.models import Content
from content.workshop import AgreedActionFields, default_workshop_settings
from services.plans import PlanService
from services.workshop import ActionInvalid, NotAuthorised, WorkshopService
from storage import PlanStore, migrate
from storage.errors import ActionRefused, AgreedActionNotFound, WorkshopNotFound
from storage.migrate import upgrade_database
from storage.workshops import AgreedAction, WorkshopStore
from tests.unit.conftest import Clock, NewUrl, migrate_to
from workshop.codes import new_code
from workshop.phases import Phase

SETTINGS = default_workshop_settings()
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
DAY = date(2026, 12, 20)


@pytest.fixture
def db_url(new_db_url: NewUrl) -> str:
    url = new_db_url()
    upgrade_database(url)
    return url


@pytest.fixture
def ws(db_url: str) -> Iterator[WorkshopStore]:
    store = WorkshopStore(db_url)
    yield store
    store.dispose()


def _create(ws: WorkshopStore, delete_after: datetime = NOW + timedelta(days=30)) -> str:
    return ws.create(code_factory=new_code, secret_hash="h" * 64, language="nl",
                     rules={"r01": ("s1",)}, anonymity=SETTINGS.anonymity, rehearsal=False,
                     facts={}, source_plan=None, code_expires_at=NOW + timedelta(hours=1),
                     delete_after=delete_after, created_at=NOW).id


def test_migration_0006_adds_the_table_and_goes_back_down(new_db_url: NewUrl) -> None:
    url = new_db_url()
    engine = create_engine(url)
    migrate_to(engine, "0005")
    assert "workshop_actions" not in inspect(engine).get_table_names()
    migrate_to(engine, "0006")
    assert migrate.current(engine) == "0006"
    columns = {c["name"] for c in inspect(engine).get_columns("workshop_actions")}
    assert columns == {"id", "workshop_id", "position", "what", "who", "due", "updated_at"}
    migrate_to(engine, "0005", down=True)
    assert "workshop_actions" not in inspect(engine).get_table_names()
    assert "workshops" in inspect(engine).get_table_names()
    migrate.upgrade(engine)  # and on to the head, through 0006
    assert migrate.current(engine) == migrate.head()
    assert "workshop_actions" in inspect(engine).get_table_names()
    engine.dispose()


def test_actions_keep_their_order_and_an_undo_returns_to_its_place(ws: WorkshopStore) -> None:
    wid = _create(ws)
    v0 = ws.version(wid)
    a = ws.add_action(wid, what="Thema kiezen", who="coördinator", due=DAY, max_actions=5)
    b = ws.add_action(wid, what="Ruimte regelen", who="teamleider", due=DAY, max_actions=5)
    c = ws.add_action(wid, what="Uitnodigen", who="procesbegeleider", due=DAY, max_actions=5)
    assert ws.version(wid) == (v0 or 0) + 3  # every change bumps the version
    assert [x.what for x in ws.actions(wid)] == ["Thema kiezen", "Ruimte regelen", "Uitnodigen"]
    assert [x.position for x in ws.actions(wid)] == [0, 1, 2]
    removed = ws.remove_action(wid, b.id)
    assert removed == AgreedAction(b.id, 1, "Ruimte regelen", "teamleider", DAY)
    assert [x.id for x in ws.actions(wid)] == [a.id, c.id]
    back = ws.add_action(wid, what=removed.what, who=removed.who, due=removed.due,
                         max_actions=5, position=removed.position)
    assert [x.what for x in ws.actions(wid)] == ["Thema kiezen", "Ruimte regelen", "Uitnodigen"]
    changed = ws.update_action(wid, back.id, what="Zaal regelen", who="teamleider",
                               due=DAY + timedelta(days=1))
    assert changed.position == 1 and changed.due == DAY + timedelta(days=1)
    assert ws.actions(wid)[1].what == "Zaal regelen"


def test_too_many_missing_and_foreign_actions_are_refused(ws: WorkshopStore) -> None:
    wid, other = _create(ws), _create(ws)
    a = ws.add_action(wid, what="x", who="y", due=DAY, max_actions=1)
    with pytest.raises(ActionRefused, match="too_many"):
        ws.add_action(wid, what="x", who="y", due=DAY, max_actions=1)
    with pytest.raises(AgreedActionNotFound):
        ws.update_action(other, a.id, what="z", who="y", due=DAY)  # not this workshop's
    with pytest.raises(AgreedActionNotFound):
        ws.remove_action(other, a.id)
    with pytest.raises(AgreedActionNotFound):
        ws.update_action(wid, "not-an-id", what="z", who="y", due=DAY)
    with pytest.raises(WorkshopNotFound):
        ws.actions("x" * 32)
    assert ws.actions(wid) == [a] and ws.actions(other) == []


def test_purge_deletes_the_actions_with_the_workshop(ws: WorkshopStore) -> None:
    old = _create(ws, delete_after=NOW - timedelta(days=1))
    kept = _create(ws)
    ws.add_action(old, what="weg", who="rol", due=DAY, max_actions=5)
    ws.add_action(kept, what="blijft", who="rol", due=DAY, max_actions=5)
    assert ws.purge(NOW) == 1
    with ws.engine.connect() as conn:
        from sqlalchemy import text
        left = conn.execute(text("SELECT what FROM workshop_actions")).scalars().all()
    assert left == ["blijft"]


# ------------------------------------------------------------------ service
@pytest.fixture
def svc(store: PlanStore, content: Content) -> Iterator[WorkshopService]:
    wstore = WorkshopStore(store.engine.url.render_as_string(hide_password=False))
    yield WorkshopService(wstore, PlanService(store, content), content, SETTINGS, clock=Clock(NOW))
    wstore.dispose()


def test_the_service_checks_the_secret_text_and_dates(svc: WorkshopService) -> None:
    created = svc.create(language="nl")
    wid, secret = created.workshop_id, created.control_secret
    with pytest.raises(NotAuthorised):
        svc.add_action(wid, "wrong", what="x", who="y", due=DAY)
    with pytest.raises(NotAuthorised):
        svc.actions(wid, None)
    what_max = AgreedActionFields.model_fields["what"].metadata
    limit = next(m.max_length for m in what_max if hasattr(m, "max_length"))
    assert svc.add_action(wid, secret, what="  \n ", who="rol", due=DAY) == \
        ActionInvalid("what", "required")
    assert svc.add_action(wid, secret, what="x" * (limit + 1), who="rol", due=DAY) == \
        ActionInvalid("what", "too_long", limit=limit)
    earliest, latest = svc.action_dates(wid)
    assert earliest == NOW.date()
    assert latest == NOW.date() + timedelta(days=SETTINGS.actions.due_within_days)
    for bad in (earliest - timedelta(days=1), latest + timedelta(days=1)):
        assert svc.add_action(wid, secret, what="x", who="rol", due=bad) == \
            ActionInvalid("due", "date_range", earliest=earliest, latest=latest)
    assert svc.add_action(wid, secret, what="x", who="rol", due="morgen") == \
        ActionInvalid("due", "required", earliest=earliest, latest=latest)
    ok = svc.add_action(wid, secret, what=" <b>Plan</b>\tmaken ", who="<script>", due="2026-12-20")
    assert isinstance(ok, AgreedAction)
    assert (ok.what, ok.who, ok.due) == ("<b>Plan</b> maken", "<script>", DAY)  # kept as text
    assert svc.actions(wid, secret) == [ok]
    assert svc.remove_action(wid, secret, ok.id) == ok and svc.actions(wid, secret) == []


def test_one_action_too_many_is_refused_in_words(svc: WorkshopService) -> None:
    created = svc.create(language="en")
    wid, secret = created.workshop_id, created.control_secret
    most = SETTINGS.actions.max_actions
    for i in range(most):
        assert isinstance(svc.add_action(wid, secret, what=f"a{i}", who="r", due=DAY),
                          AgreedAction)
    assert svc.add_action(wid, secret, what="one more", who="r", due=DAY) == \
        ActionInvalid("actions", "too_many", limit=most)
    assert len(svc.actions(wid, secret)) == most


def test_the_saved_scenario_carries_the_agreed_actions(svc: WorkshopService) -> None:
    created = svc.create(language="nl", rehearsal=True)
    wid, secret = created.workshop_id, created.control_secret
    svc.advance(wid, secret, Phase.RATE)
    svc.simulate(wid, secret, 5, seed=1)
    for phase in (Phase.REVEAL, Phase.DISCUSS, Phase.DECIDE):
        svc.advance(wid, secret, phase)
    svc.add_action(wid, secret, what="Kernteam vormen", who="coördinator", due=DAY)
    svc.add_action(wid, secret, what="Data prikken", who="procesbegeleider",
                   due=date(2027, 1, 15))
    plan = svc.save_scenario(wid, secret, title="Groep")
    assert plan.note.splitlines() == [
        "Afgesproken acties in de workshop:",
        "- Kernteam vormen (wie: coördinator; uiterlijk 20 december 2026)",
        "- Data prikken (wie: procesbegeleider; uiterlijk 15 januari 2027)"]
