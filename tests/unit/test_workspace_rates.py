"""Rates saved with a workspace (storage, on SQLite and PostgreSQL, and the
service), and the answers that differ between scenarios (comparison.answers_diff)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from comparison.answers_diff import answers_diff
from content.models import Content, InvestmentRates, bounds
from services import PlanService
from storage import PlanStore, migrate
from tests.conftest import ready_plan
from tests.unit.conftest import NewUrl, migrate_to


@pytest.fixture
def service(store: PlanStore, content: Content) -> PlanService:
    return PlanService(store, content)


def test_rates_are_stored_per_workspace_and_replaced(store: PlanStore) -> None:
    a, b = store.create(title="A"), store.create(title="B")
    assert store.rates(a.workspace) is None
    store.save_rates(a.workspace, {"internal_rate": 90.0})
    store.save_rates(a.workspace, {"internal_rate": 95.5, "meal_per_person": 20.0})
    assert store.rates(a.workspace) == {"internal_rate": 95.5, "meal_per_person": 20.0}
    assert store.rates(b.workspace) is None


def test_rates_survive_a_new_store_on_the_same_database(new_db_url: NewUrl) -> None:
    url = new_db_url()
    migrate.upgrade_database(url)
    first = PlanStore(url)
    plan = first.create(title="A")
    first.save_rates(plan.workspace, {"external_rate": 150.0})
    first.dispose()
    second = PlanStore(url)
    assert second.rates(plan.workspace) == {"external_rate": 150.0}
    second.dispose()


def test_the_rates_table_comes_and_goes_with_its_migration(new_db_url: NewUrl) -> None:
    url = new_db_url()
    engine = create_engine(url)
    migrate.upgrade(engine)
    migrate_to(engine, "0003", down=True)
    with engine.connect() as conn, pytest.raises(DBAPIError):
        conn.execute(text("SELECT count(*) FROM workspace_rates"))
    migrate.upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM workspace_rates")).scalar() == 0
    engine.dispose()


def test_service_rates_default_then_saved_for_every_scenario(service: PlanService,
                                                            content: Content) -> None:
    plan = service.create(title="A", language="nl", answers=ready_plan())
    copy = service.duplicate(plan.token, "B")
    assert service.rates(plan.workspace) == content.investment.rates
    assert service.rates(None) == content.investment.rates
    changed = content.investment.rates.model_copy(update={"internal_rate": 99.0})
    service.save_rates(plan.workspace, changed)
    assert service.rates(copy.workspace) == changed
    estimate = service.evaluate(ready_plan(), "nl", service.rates(plan.workspace)).estimate
    default = service.evaluate(ready_plan(), "nl").estimate
    assert estimate.total_cost != default.total_cost


def test_service_rates_keep_defaults_for_unknown_or_refused_values(
        service: PlanService, store: PlanStore, content: Content) -> None:
    plan = service.create(title="A", language="nl")
    _, high = bounds(InvestmentRates, "meal_per_person")
    store.save_rates(plan.workspace, {"meal_per_person": high + 1, "gone_field": 1.0,
                                      "internal_rate": 77.0})
    rates = service.rates(plan.workspace)
    assert rates.meal_per_person == content.investment.rates.meal_per_person
    assert rates.internal_rate == 77.0
    assert json.loads(rates.model_dump_json())  # a valid InvestmentRates


def test_answers_diff_lists_the_differing_answers_in_scan_order(content: Content) -> None:
    base = ready_plan()
    other = {**base, "group_size": 14, "coordinator": "nobody"}
    other.pop("follow_up")
    diffs = answers_diff(content, [base, other], "nl")
    ids = [d.question_id for d in diffs]
    order = [q.id for r in content.rules for q in r.structure.questions]
    assert sorted(ids, key=order.index) == ids
    assert set(ids) == {"group_size", "coordinator", "follow_up"}
    size = next(d for d in diffs if d.question_id == "group_size")
    assert size.values == (9, 14) and size.shown == ("9", "14")
    gone = next(d for d in diffs if d.question_id == "follow_up")
    assert gone.shown[1] == content.messages["nl"]["answer.none"]
    assert answers_diff(content, [base, dict(base)], "nl") == []


def test_answers_diff_ignores_the_order_of_a_multi_choice(content: Content) -> None:
    multi = next(q for r in content.rules for q in r.structure.questions if q.kind == "multi")
    options = multi.option_ids[:2]
    assert answers_diff(content, [{multi.id: options}, {multi.id: options[::-1]}], "en") == []
