"""The plan store, on SQLite and on PostgreSQL: create, find by token, save answers
one by one, scenarios in a workspace, and schema migrations."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, event, text

from storage import AnswerConflict, PlanNotFound, PlanStore, is_valid_token, migrate, new_token
from storage.settings import database_url
from tests.unit.conftest import NewUrl, migrate_to


def test_create_and_get(store: PlanStore) -> None:
    plan = store.create(title="Netwerk A", language="en", answers={"group_size": 9})
    again = store.get(plan.token)
    assert again is not None
    assert again.title == "Netwerk A" and again.language == "en"
    assert again.answers == {"group_size": 9}


def test_tokens_are_unguessable_and_validated(store: PlanStore) -> None:
    tokens = {new_token() for _ in range(500)}
    assert len(tokens) == 500 and all(is_valid_token(t) for t in tokens)
    assert all(len(t) >= 24 for t in tokens)
    for bad in ["", "abc", "x" * 200, "../../etc/passwd", "' OR 1=1 --", "<script>"]:
        assert not is_valid_token(bad)
        assert store.get(bad) is None


def test_unknown_token_is_none(store: PlanStore) -> None:
    assert store.get(new_token()) is None


def test_save_answer_updates_and_clears(store: PlanStore) -> None:
    plan = store.create()
    store.save_answer(plan.token, "meal", "shared_meal")
    store.save_answer(plan.token, "co_design", ["theme", "programme"])
    store.save_answer(plan.token, "meal", "nothing")
    assert store.answers(plan.token) == {"meal": "nothing", "co_design": ["theme", "programme"]}
    store.save_answer(plan.token, "meal", None)
    assert store.answers(plan.token) == {"co_design": ["theme", "programme"]}


def test_two_tabs_answering_different_questions_keep_both(store: PlanStore) -> None:
    plan = store.create()
    store.save_answer(plan.token, "meal", "shared_meal")  # tab 1
    store.save_answer(plan.token, "group_size", 9)  # tab 2, never saw tab 1's answer
    assert store.answers(plan.token) == {"meal": "shared_meal", "group_size": 9}


def test_saving_to_a_missing_plan_raises(store: PlanStore) -> None:
    with pytest.raises(PlanNotFound):
        store.save_answer(new_token(), "meal", "nothing")


def test_answers_survive_a_new_store_on_the_same_database(new_db_url: NewUrl) -> None:
    url = new_db_url()
    migrate.upgrade_database(url)
    first = PlanStore(url)
    plan = first.create(title="voor herstart")
    first.save_answer(plan.token, "group_size", 12)
    first.update(plan.token, current_rule=5)
    first.dispose()
    migrate.upgrade_database(url)  # a server restart: already current, nothing to do
    second = PlanStore(url)
    again = second.get(plan.token)
    assert again is not None and again.answers == {"group_size": 12} and again.current_rule == 5
    second.dispose()


def test_title_is_truncated(store: PlanStore) -> None:
    plan = store.create(title="x" * 500)
    assert len(plan.title) == 120


def test_database_url_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VONK_DATABASE_URL", "postgresql+psycopg://u:p@localhost/vonk")
    assert database_url() == "postgresql+psycopg://u:p@localhost/vonk"
    monkeypatch.delenv("VONK_DATABASE_URL")
    monkeypatch.setenv("VONK_DATA_DIR", str(tmp_path / "d"))
    assert database_url() == f"sqlite:///{tmp_path / 'd' / 'vonk.sqlite3'}"
    assert (tmp_path / "d").is_dir()


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["meal", "group_size", "theme_text", "co_design"]),
                       st.one_of(st.integers(-10**6, 10**6),
                                 st.text(max_size=300).map(lambda t: t.replace("\x00", "")),
                                 st.lists(st.text(max_size=20), max_size=5),
                                 st.floats(allow_nan=False, allow_infinity=False))))
def test_any_json_value_round_trips(store: PlanStore, answers: dict[str, object]) -> None:
    plan = store.create()
    for k, v in answers.items():
        store.save_answer(plan.token, k, v)  # type: ignore[arg-type]
    assert store.answers(plan.token) == answers


# ------------------------------------------------------------------ scenarios
def test_scenarios_duplicate_rename_note_delete_restore(store: PlanStore) -> None:
    first = store.create(title="Basis", answers={"group_size": 8})
    workspace = first.workspace
    assert workspace == first.token  # a first plan opens its own workspace
    copy = store.duplicate(first.token, "Wat als 14")
    store.save_answer(copy.token, "group_size", 14)
    store.update(copy.token, title="14 deelnemers", note="extern begeleid")
    assert [p.title for p in store.scenarios(workspace)] == ["Basis", "14 deelnemers"]
    assert store.get(first.token).answers == {"group_size": 8}  # type: ignore[union-attr]
    again = store.get(copy.token)
    assert again is not None and again.note == "extern begeleid"
    assert again.answers == {"group_size": 14}
    store.delete(copy.token)
    assert [p.title for p in store.scenarios(workspace)] == ["Basis"]
    assert [p.title for p in store.scenarios(workspace, deleted=True)] == ["14 deelnemers"]
    store.restore(copy.token)
    assert len(store.scenarios(workspace)) == 2
    assert store.get(copy.token).answers == {"group_size": 14}  # type: ignore[union-attr]


def test_workspaces_are_separate(store: PlanStore) -> None:
    a, b = store.create(title="A"), store.create(title="B")
    store.duplicate(a.token, "A2")
    assert [p.title for p in store.scenarios(a.workspace)] == ["A", "A2"]
    assert [p.title for p in store.scenarios(b.workspace)] == ["B"]


# ------------------------------------------------------------------ migrations
def test_new_database_is_at_the_newest_schema(new_db_url: NewUrl) -> None:
    url = new_db_url()
    assert migrate.upgrade_database(url) == migrate.head()
    engine = create_engine(url)
    assert migrate.current(engine) == migrate.head()
    engine.dispose()


def test_a_first_release_database_survives_the_upgrade(new_db_url: NewUrl) -> None:
    """A database as the first release made it (tables, no migration history)."""
    url = new_db_url()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("""CREATE TABLE plans (token VARCHAR(64) PRIMARY KEY,
            title VARCHAR(120) NOT NULL, language VARCHAR(5) NOT NULL,
            current_rule INTEGER NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL,
            updated_at TIMESTAMP WITH TIME ZONE NOT NULL)"""))
        conn.execute(text("""CREATE TABLE answers (plan_token VARCHAR(64) NOT NULL
            REFERENCES plans(token) ON DELETE CASCADE, question_id VARCHAR(64) NOT NULL,
            value_json TEXT NOT NULL, updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
            PRIMARY KEY (plan_token, question_id))"""))
        conn.execute(text("INSERT INTO plans VALUES ('oldplanoldplanoldplan123', 'Oud', 'nl', "
                          "4, '2026-11-01 10:00:00+00', '2026-11-01 10:00:00+00')"))
        conn.execute(text("INSERT INTO answers VALUES ('oldplanoldplanoldplan123', "
                          "'group_size', '9', '2026-11-01 10:00:00+00')"))
    engine.dispose()
    migrate.upgrade_database(url)
    store = PlanStore(url)
    plan = store.get("oldplanoldplanoldplan123")
    assert plan is not None
    assert plan.title == "Oud" and plan.current_rule == 4 and plan.answers == {"group_size": 9}
    assert plan.workspace == plan.token
    assert [p.token for p in store.scenarios(plan.workspace)] == [plan.token]
    store.save_answer(plan.token, "meal", "shared_meal")
    store.dispose()
    engine = create_engine(url)
    assert migrate.current(engine) == migrate.head()
    engine.dispose()


def test_answers_stored_before_the_version_2_questions_are_converted(
        new_db_url: NewUrl) -> None:
    """A plan saved with the version 1 question set (issue 8 renamed and split
    questions) opens with the same meaning: the same conversion as for files."""
    url = new_db_url()
    engine = create_engine(url)
    migrate_to(engine, "0002")
    store = PlanStore(url)
    plan = store.create(answers={"group_size": 9})
    store.dispose()
    with engine.begin() as conn:
        for qid, value in (("responsible", '"named_person"'), ("hard_core", '"same_group"'),
                           ("fixed_in_advance", '["route"]'), ("location", "4")):
            conn.execute(text("INSERT INTO answers (plan_token, question_id, value_json, "
                              "revision, updated_at) VALUES (:t, :q, :v, 0, "
                              "'2026-11-01 10:00:00+00')"), {"t": plan.token, "q": qid, "v": value})
    engine.dispose()
    migrate.upgrade_database(url)
    store = PlanStore(url)
    assert store.answers(plan.token) == {
        "group_size": 9, "responsible": "named_internal", "hard_core": "core",
        "newcomers": "closed_group", "fixed_route": "fixed", "location": 4, "facilities": 4}
    store.save_answer(plan.token, "responsible", "nobody", expected="named_internal")
    store.dispose()


def test_migrations_downgrade_and_upgrade_again(new_db_url: NewUrl) -> None:
    url = new_db_url()
    engine = create_engine(url)
    migrate.upgrade(engine)
    migrate_to(engine, "base", down=True)
    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.head()
    engine.dispose()


# ------------------------------------------------------------------ integrity
def test_two_tabs_changing_the_same_answer_do_not_overwrite_silently(store: PlanStore) -> None:
    plan = store.create(answers={"group_size": 9})
    store.save_answer(plan.token, "group_size", 12, expected=9)  # tab 1 saw 9
    with pytest.raises(AnswerConflict) as conflict:
        store.save_answer(plan.token, "group_size", 10, expected=9)  # tab 2 also saw 9
    assert conflict.value.current == 12
    assert store.answers(plan.token) == {"group_size": 12}
    with pytest.raises(AnswerConflict):
        store.save_answer(plan.token, "meal", "nothing", expected="shared_meal")
    store.save_answer(plan.token, "meal", "nothing", expected=None)  # first answer: fine


def test_a_crash_in_the_middle_of_a_save_keeps_the_previous_state(store: PlanStore) -> None:
    plan = store.create(answers={"meal": "shared_meal"})
    before = store.get(plan.token)
    calls = {"n": 0}

    def crash_on_second_statement(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if "answers" in statement and statement.lstrip().upper().startswith("UPDATE"):
            raise RuntimeError("simulated crash")

    event.listen(store.engine, "before_cursor_execute", crash_on_second_statement)
    try:
        with pytest.raises(RuntimeError):
            store.save_answer(plan.token, "meal", "nothing")
    finally:
        event.remove(store.engine, "before_cursor_execute", crash_on_second_statement)
    after = store.get(plan.token)
    assert calls["n"] >= 2  # the plan row had been touched before the crash
    assert after is not None and before is not None
    assert after.answers == {"meal": "shared_meal"} and after.updated_at == before.updated_at


def test_the_title_column_holds_the_longest_title_the_model_allows(new_db_url: NewUrl) -> None:
    """The model's bound and the migrated column agree: raising the bound in
    content/models.py without a migration fails here, not on a user's long title."""
    from sqlalchemy import inspect

    from content.models import PlanFields, max_length

    url = new_db_url()
    migrate.upgrade_database(url)
    engine = create_engine(url)
    columns = {c["name"]: c["type"] for c in inspect(engine).get_columns("plans")}
    engine.dispose()
    if url.startswith("postgresql"):
        assert columns["title"].length == max_length(PlanFields, "title")
    store = PlanStore(url)
    title = "é" * max_length(PlanFields, "title")
    assert store.create(title=title).title == title
    store.dispose()


def test_every_change_counts_in_the_revision_and_a_reread_sees_it(new_db_url: NewUrl) -> None:
    """A page keeps the plan it holds while the stored revision is the same (one
    SELECT); any change, made through any store on the database (another server
    process), is a new revision, so the next reread finds it."""
    url = new_db_url()
    migrate.upgrade_database(url)
    here, elsewhere = PlanStore(url), PlanStore(url)
    try:
        plan = here.create(title="A", answers={"meal": "nothing"})
        assert plan.revision == 0 and here.reread(plan) is plan
        changes = [
            lambda: elsewhere.save_answer(plan.token, "meal", "shared_meal"),
            lambda: elsewhere.save_answer(plan.token, "group_size", 9, expected=None),
            lambda: elsewhere.save_answer(plan.token, "meal", None),
            lambda: elsewhere.update(plan.token, title="B"),
            lambda: elsewhere.update(plan.token, note="notitie", expected_note=""),
            lambda: elsewhere.set_current_rule(plan.token, 3),
            lambda: elsewhere.delete(plan.token),
            lambda: elsewhere.restore(plan.token),
        ]
        held = plan
        for number, change in enumerate(changes, 1):
            change()
            fresh = here.reread(held)
            assert fresh is not None and fresh is not held and fresh.revision == number
            assert fresh == elsewhere.get(plan.token)
            assert here.reread(fresh) is fresh
            held = fresh
        assert held.answers == {"group_size": 9} and held.title == "B"
        assert held.current_rule == 3 and not held.deleted
        # A refused change is no change.
        with pytest.raises(AnswerConflict):
            elsewhere.save_answer(plan.token, "group_size", 10, expected=8)
        assert here.reread(held) is held
        gone = dataclasses.replace(held, token=new_token())
        assert here.reread(gone) is None
    finally:
        here.dispose()
        elsewhere.dispose()


def test_a_save_and_a_move_return_the_revision_they_made(store: PlanStore) -> None:
    plan = store.create()
    assert store.save_answer(plan.token, "meal", "nothing") == 1
    assert store.set_current_rule(plan.token, 2) == 2
    store.update(plan.token, title="x")
    assert store.save_answer(plan.token, "meal", None) == 4
    assert store.get(plan.token).revision == 4  # type: ignore[union-attr]
    with pytest.raises(PlanNotFound):
        store.set_current_rule(new_token(), 1)
