"""The plan use cases (services/), on SQLite and PostgreSQL: what a page is told
after each action, and that storage errors never leak as database exceptions."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from content.models import Content, PlanFields, max_length
from services import (
    Conflict,
    Invalid,
    PlanGone,
    PlanNotFound,
    PlanService,
    Saved,
    StorageUnavailable,
    Unavailable,
)
from services.plans import extract_token, plan_link, public_base_url
from storage import PlanStore, new_token
from tests.conftest import ready_plan


@pytest.fixture
def service(store: PlanStore, content: Content) -> PlanService:
    return PlanService(store, content)


def test_save_answer_outcomes(service: PlanService) -> None:
    plan = service.create(title="A", language="nl")
    saved = service.save_answer(plan.token, "group_size", 9.0, expected=None)
    assert saved == Saved(9)  # normalised: a whole number is stored as int
    assert service.open(plan.token).answers == {"group_size": 9}  # type: ignore[union-attr]

    # Another tab saw "unanswered" and answers 12: refused, told the stored 9.
    assert service.save_answer(plan.token, "group_size", 12, expected=None) == Conflict(9)
    assert service.open(plan.token).answers == {"group_size": 9}  # type: ignore[union-attr]

    refused = service.save_answer(plan.token, "group_size", 10_000, expected=9)
    assert isinstance(refused, Invalid) and refused.problem.code == "out_of_range"
    unknown = service.save_answer(plan.token, "no_such_question", 1, expected=None)
    assert isinstance(unknown, Invalid) and unknown.problem.code == "unknown_question"

    assert service.save_answer(plan.token, "group_size", None, expected=9) == Saved(None)
    assert service.open(plan.token).answers == {}  # type: ignore[union-attr]


def test_save_when_the_database_is_gone_is_unavailable(service: PlanService,
                                                       store: PlanStore) -> None:
    plan = service.create(title="A", language="nl")
    with store.engine.begin() as conn:
        conn.execute(text("DROP TABLE answers"))
    outcome = service.save_answer(plan.token, "meal", "shared_meal", expected=None)
    assert outcome == Unavailable()
    with pytest.raises(StorageUnavailable):
        service.scenarios(plan.workspace)


def test_titles_and_notes_are_cleaned_to_their_bounds(service: PlanService) -> None:
    title_max, note_max = max_length(PlanFields, "title"), max_length(PlanFields, "note")
    plan = service.create(title="  Netwerk\n  A  ", language="nl")
    assert plan.title == "Netwerk A"
    assert service.rename(plan.token, "x" * (title_max + 50)) == Saved("x" * title_max)
    empty = service.rename(plan.token, "   ")  # empty: nothing changes
    assert isinstance(empty, Invalid) and empty.problem.code == "empty"
    assert service.open(plan.token).title == "x" * title_max  # type: ignore[union-attr]
    service.set_note(plan.token, "n" * (note_max + 1))
    assert service.open(plan.token).note == "n" * note_max  # type: ignore[union-attr]


def test_actions_on_an_unknown_plan_raise_plan_not_found(service: PlanService) -> None:
    missing = new_token()
    assert service.open(missing) is None
    assert service.open("../etc/passwd") is None
    assert service.rename(missing, "x") == PlanGone()
    assert service.set_note(missing, "x") == PlanGone()
    for action in (lambda: service.duplicate(missing, "x"), lambda: service.delete(missing),
                   lambda: service.restore(missing)):
        with pytest.raises(PlanNotFound):
            action()


def test_current_rule_is_kept_within_the_rules(service: PlanService, content: Content) -> None:
    plan = service.create(title="A", language="nl")
    service.set_current_rule(plan.token, 99)
    assert service.open(plan.token).current_rule == len(content.rules) - 1  # type: ignore[union-attr]
    service.set_current_rule(plan.token, -3)
    assert service.open(plan.token).current_rule == 0  # type: ignore[union-attr]


def test_duplicate_delete_restore_and_compare(service: PlanService) -> None:
    first = service.create(title="Maandelijks", language="nl", answers=ready_plan())
    copy = service.duplicate(first.token, "Tweewekelijks")
    service.save_answer(copy.token, "group_size", 14, expected=9)
    assert [p.title for p in service.scenarios(first.workspace)] == ["Maandelijks",
                                                                     "Tweewekelijks"]
    comparison = service.compare(first.workspace, [copy.token, first.token], "nl")
    assert [s.name for s in comparison.scenarios] == ["Tweewekelijks", "Maandelijks"]
    assert comparison.scenarios[0].answers["group_size"] == 14

    next_up = service.delete(first.token)
    assert next_up is not None and next_up.token == copy.token
    assert [p.token for p in service.deleted_scenarios(first.workspace, [first.token])] == \
        [first.token]
    with pytest.raises(PlanNotFound):  # a deleted scenario is not compared
        service.compare(first.workspace, [first.token, copy.token], "nl")
    service.restore(first.token)
    assert len(service.scenarios(first.workspace)) == 2


def test_evaluation_is_the_one_the_core_makes(service: PlanService, content: Content) -> None:
    from evaluation import evaluate

    answers = ready_plan()
    assert service.evaluate(answers, "en") == evaluate(content, answers, "en")


def test_import_file_is_all_or_nothing(service: PlanService) -> None:
    good = json.dumps({"format": "vonk-assessment", "version": 1, "title": "Uit bestand",
                       "answers": {"group_size": 9}}).encode()
    result, plan = service.import_file(good, language="nl", default_title="Plan")
    assert result.ok and plan is not None and plan.answers == {"group_size": 9}
    bad = json.dumps({"format": "vonk-assessment", "version": 1,
                      "answers": {"group_size": 9, "meal": "caviar"}}).encode()
    result, plan = service.import_file(bad, language="nl", default_title="Plan")
    assert not result.ok and plan is None


def test_links_use_the_public_url_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    token = new_token()
    monkeypatch.delenv("VONK_PUBLIC_URL", raising=False)
    assert public_base_url("https://vonk.hva.nl:8443/scan?plan=x") == "https://vonk.hva.nl:8443"
    assert public_base_url(None) == ""  # relative link, never a guessed host
    assert public_base_url("javascript:alert(1)") == ""
    monkeypatch.setenv("VONK_PUBLIC_URL", "https://vonk.example.nl/")
    assert public_base_url("http://127.0.0.1:8501/") == "https://vonk.example.nl"
    link = plan_link(public_base_url(None), "scan", token)
    assert link == f"https://vonk.example.nl/scan?plan={token}"
    assert extract_token(link) == token
    assert extract_token(f"  {token} ") == token
    assert extract_token("https://x/scan?plan=<script>") is None


def test_every_store_method_a_caller_reaches_raises_only_storage_errors() -> None:
    """The translation is applied to the class, so a method added later is covered."""
    public = [n for n, m in vars(PlanStore).items()
              if callable(m) and (not n.startswith("_") or n == "__init__")]
    assert {"__init__", "create", "get", "save_answer", "scenarios", "update"} <= set(public)
    assert all(hasattr(getattr(PlanStore, n), "__wrapped__") for n in public)
    with pytest.raises(StorageUnavailable):
        PlanStore("postgresql+psycopg://u:p@127.0.0.1:1/x").create(title="x")
    with pytest.raises(StorageUnavailable):
        PlanStore("nosuchdialect://x")


def test_preparing_an_unreachable_database_is_storage_unavailable_without_password() -> None:
    from storage.migrate import prepare

    with pytest.raises(StorageUnavailable) as exc:
        prepare("postgresql+psycopg://vonk:geheim@127.0.0.1:1/vonk")
    assert "geheim" not in str(exc.value)


def test_name_and_note_follow_the_same_conflict_rule_as_answers(service: PlanService) -> None:
    plan = service.create(title="Netwerk A", language="nl")
    assert service.rename(plan.token, "Netwerk B", expected="Netwerk A") == Saved("Netwerk B")
    # Another tab still shows "Netwerk A": its rename is refused, told the stored name.
    assert service.rename(plan.token, "Netwerk C", expected="Netwerk A") == Conflict("Netwerk B")
    assert service.set_note(plan.token, "eerste", expected="") == Saved("eerste")
    assert service.set_note(plan.token, "tweede", expected="") == Conflict("eerste")
    stored = service.open(plan.token)
    assert stored is not None and (stored.title, stored.note) == ("Netwerk B", "eerste")


def test_a_deleted_scenario_is_read_only_until_restored(service: PlanService) -> None:
    first = service.create(title="A", language="nl", answers={"group_size": 9})
    copy = service.duplicate(first.token, "B")
    service.delete(copy.token)
    deleted = service.open(copy.token)
    assert deleted is not None and deleted.deleted  # a link still shows it ...
    assert service.rename(copy.token, "C") == PlanGone()  # ... but nothing changes it
    assert service.set_note(copy.token, "x") == PlanGone()
    assert service.save_answer(copy.token, "group_size", 12, expected=9) == PlanGone()
    service.set_current_rule(copy.token, 3)  # where the reader is may change
    service.restore(copy.token)
    assert service.save_answer(copy.token, "group_size", 12, expected=9) == Saved(12)


def test_the_same_answers_language_and_rates_give_the_same_evaluation(
        service: PlanService, content: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rerun that changes nothing is not scored again; any change of answers,
    language or rates is (never a stale result), and only so many are kept."""
    from evaluation import evaluate
    from services import plans

    answers = ready_plan()
    first = service.evaluate(answers, "nl")
    assert service.evaluate(dict(answers), "nl") is first
    assert first == evaluate(content, answers, "nl")
    changed = {**answers, "group_size": 30}
    assert service.evaluate(changed, "nl").estimate == evaluate(content, changed, "nl").estimate
    assert service.evaluate(changed, "nl") is not first
    english = service.evaluate(answers, "en")
    assert english is not first and english.lang == "en"
    dearer = content.investment.rates.model_copy(
        update={"internal_rate": content.investment.rates.internal_rate + 10})
    at_rates = service.evaluate(answers, "nl", dearer)
    assert at_rates.rates == dearer and at_rates.estimate == evaluate(
        content, answers, "nl", dearer).estimate
    monkeypatch.setattr(plans, "EVALUATIONS_KEPT", 2)
    service.evaluate({**answers, "group_size": 31}, "nl")
    assert service.evaluate(answers, "nl") is not first  # pushed out: made again
