"""The plan store on SQLite: create, find by token, save answers one by one."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage import PlanStore, is_valid_token, new_token
from storage.settings import database_url


@pytest.fixture
def store(tmp_path: Path) -> PlanStore:
    s = PlanStore(f"sqlite:///{tmp_path / 'test.sqlite3'}")
    yield s
    s.dispose()


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
    with pytest.raises(KeyError):
        store.save_answer(new_token(), "meal", "nothing")


def test_answers_survive_a_new_store_on_the_same_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'restart.sqlite3'}"
    first = PlanStore(url)
    plan = first.create(title="voor herstart")
    first.save_answer(plan.token, "group_size", 12)
    first.update(plan.token, current_rule=5)
    first.dispose()
    second = PlanStore(url)  # a server restart
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


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.sampled_from(["meal", "group_size", "theme_text", "co_design"]),
                       st.one_of(st.integers(-10**6, 10**6), st.text(max_size=300),
                                 st.lists(st.text(max_size=20), max_size=5),
                                 st.floats(allow_nan=False, allow_infinity=False))))
def test_any_json_value_round_trips(tmp_path_factory: pytest.TempPathFactory,
                                    answers: dict[str, object]) -> None:
    path = tmp_path_factory.mktemp("rt") / "rt.sqlite3"
    s = PlanStore(f"sqlite:///{path}")
    plan = s.create()
    for k, v in answers.items():
        s.save_answer(plan.token, k, v)  # type: ignore[arg-type]
    assert s.answers(plan.token) == answers
    s.dispose()
