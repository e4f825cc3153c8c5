"""The check-in use cases on SQLite and PostgreSQL: a network started from a plan,
its moments answered alone or fed by a room, stories and learning questions within
the anonymity thresholds, the decision, and what is refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from content.checkins import default_checkins
from content.models import UNKNOWN, Content
from content.workshop import default_workshop_settings
from services.checkins import (
    Answered,
    CheckinService,
    DecisionInvalid,
    Fed,
    InvalidAnswer,
    MomentRefused,
    NetworkNotFound,
    NotAuthorised,
    PlanNotFound,
    StoriesHidden,
    StoriesShown,
    TextTooLong,
    respondent_token_for,
)
from services.plans import PlanService
from storage import PlanStore, new_token
from storage.checkins import NetworkStore
from tests.unit.conftest import Clock
from workshop.aggregate import Summary, TooFew

CHECKINS = default_checkins()
MIN = default_workshop_settings().anonymity.min_figure


CLOCK_START = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock(CLOCK_START)


@pytest.fixture
def service(store: PlanStore, content: Content, clock: Clock) -> Iterator[CheckinService]:
    ns = NetworkStore(store.engine.url.render_as_string(hide_password=False))
    yield CheckinService(ns, PlanService(store, content), content, clock=clock)
    ns.dispose()


@pytest.fixture
def plan_token(store: PlanStore) -> str:
    return store.create(title="Netwerk feedback", answers={"group_size": 8}).token


def test_a_network_starts_from_a_plan_with_its_start_check_open(
        service: CheckinService, plan_token: str, store: PlanStore) -> None:
    network = service.start_network(plan_token, language="nl")
    start = network.moment("start")
    assert start is not None and start.is_open and start.source == "alone"
    assert network.plan_token == plan_token
    assert service.networks_for(plan_token) == [network]
    with pytest.raises(PlanNotFound):
        service.start_network("x" * 24, language="nl")
    store.delete(plan_token)
    with pytest.raises(PlanNotFound):
        service.start_network(plan_token, language="nl")


def test_only_the_plans_holder_runs_the_network(service: CheckinService,
                                                plan_token: str) -> None:
    network = service.start_network(plan_token, language="nl")
    other = "o" * 24
    with pytest.raises(NotAuthorised):
        service.open_moment(network.id, other, "mid")
    with pytest.raises(NotAuthorised):
        service.record_decision(network.id, other, "stop", None)
    with pytest.raises(NotAuthorised):
        service.record_moment_answers(network.id, other, "mid", {})
    with pytest.raises(NetworkNotFound):
        service.open_moment("n" * 24, plan_token, "mid")
    with pytest.raises(NetworkNotFound):
        service.join("n" * 24)


def _answer_all(service: CheckinService, tokens: list[str], moment: str,
                values: list[int | str], item: str = "pulse_safe") -> None:
    for token, value in zip(tokens, values, strict=True):
        assert service.answer(token, moment, item, value) == Answered(True)  # type: ignore[arg-type]


def test_a_network_answered_alone_from_start_to_harvest(service: CheckinService,
                                                        plan_token: str, clock: Clock) -> None:
    network = service.start_network(plan_token, language="nl")
    people = [service.join(network.id).token for _ in range(5)]
    _answer_all(service, people, "start", [4, 4, 4, 5, 5])
    assert service.answer(people[0], "start", "theme_concrete", 2) == Answered(True)  # the scan
    service.set_learning_question(people[0], "Hoe geef ik betere feedback?", shared=True)
    service.set_learning_question(people[1], "Wat is mijn eigen vraag?", shared=False)
    clock.now += timedelta(days=60)
    service.close_moment(network.id, plan_token, "start")
    service.open_moment(network.id, plan_token, "mid")
    _answer_all(service, people, "mid", [1, 1, 3, 5, 5])
    for i, token in enumerate(people[:3]):
        assert service.save_story(token, "mid", "brought_so_far", f"Verhaal {i}") == \
            Answered(True)
    clock.now += timedelta(days=60)
    service.open_moment(network.id, plan_token, "end")
    _answer_all(service, people, "end", [4, 4, 4, 4, 5])
    service.save_story(people[4], "end", "value_applied", "Ik kijk nu anders na.")

    view = service.view(network.id)
    assert view.over_time.moments == ("start", "mid", "end")
    safe = view.over_time.item("pulse_safe")
    assert [m for m, _ in safe.views] == ["start", "mid", "end"]
    assert [(c.since, c.to, c.agreement) for c in safe.changes] == [
        ("start", "mid", "now_opposed"), ("mid", "end", "now_agree")]
    scan = view.over_time.item("theme_concrete")
    assert isinstance(scan.view_at("start"), TooFew)  # one answer: no figure
    assert view.respondents == {"start": 5, "mid": 5, "end": 5}
    mid_stories = view.stories["mid"]
    assert isinstance(mid_stories, StoriesShown)
    assert mid_stories.texts == {"brought_so_far": ("Verhaal 0", "Verhaal 1", "Verhaal 2")}
    assert view.learning_questions == ("Hoe geef ik betere feedback?",)  # the shared one only
    own = service.own(people[1])
    assert own.learning_question == "Wat is mijn eigen vraag?" and not own.learning_shared
    assert own.answers[("mid", "pulse_safe")] == 1


def test_with_too_few_respondents_nothing_is_shown_but_how_many(
        service: CheckinService, plan_token: str) -> None:
    network = service.start_network(plan_token, language="en")
    people = [service.join(network.id).token for _ in range(MIN - 1)]
    _answer_all(service, people, "start", [5] * (MIN - 1))
    service.set_learning_question(people[0], "How do I start?", shared=True)
    service.open_moment(network.id, plan_token, "mid")
    service.save_story(people[0], "mid", "brought_so_far", "Only mine")
    view = service.view(network.id)
    start = view.over_time.item("pulse_safe").view_at("start")
    assert isinstance(start, TooFew) and start.answered == MIN - 1
    assert view.stories["mid"] == StoriesHidden(1, MIN)
    assert view.learning_questions is None


def test_what_is_refused_and_that_nothing_is_lost(service: CheckinService,
                                                  plan_token: str) -> None:
    network = service.start_network(plan_token, language="nl")
    token = service.join(network.id).token
    assert service.answer(token, "start", "pulse_safe", 6) == \
        InvalidAnswer("not_on_scale", "pulse_safe")
    assert service.answer(token, "start", "pulse_safe", True) == \
        InvalidAnswer("not_on_scale", "pulse_safe")
    assert service.answer(token, "mid", "theme_concrete", 3) == \
        InvalidAnswer("not_asked", "theme_concrete")  # the scan is the start check's
    assert service.answer(token, "mid", "pulse_safe", 3) == MomentRefused("moment_not_open")
    assert service.answer(token, "start", "pulse_safe", UNKNOWN) == Answered(True)
    limit = CHECKINS.limits.story_max_chars
    service.open_moment(network.id, plan_token, "mid")
    assert service.save_story(token, "mid", "brought_so_far", "x" * (limit + 1)) == \
        TextTooLong(limit + 1, limit)
    assert service.save_story(token, "mid", "value_applied", "text") == \
        InvalidAnswer("not_asked", "value_applied")
    assert service.own(token).stories == {}
    lq = CHECKINS.limits.learning_question_max_chars
    assert service.set_learning_question(token, "v" * (lq + 1), shared=True) == \
        TextTooLong(lq + 1, lq)
    assert service.set_learning_question(token, "  Mijn  vraag ", shared=False) == \
        Answered(True)
    assert service.own(token).learning_question == "Mijn vraag"
    assert service.set_learning_question(token, "Mijn vraag", shared=False) == Answered(False)
    script = "<script>alert(1)</script>"
    assert service.save_story(token, "mid", "brought_so_far", script) == Answered(True)
    assert service.own(token).stories[("mid", "brought_so_far")] == script  # kept as text


def test_the_decision_and_its_follow_up_date(service: CheckinService, plan_token: str,
                                             clock: Clock) -> None:
    network = service.start_network(plan_token, language="nl")
    assert service.record_decision(network.id, plan_token, "stop", None) == \
        DecisionInvalid("not_at_end")
    service.open_moment(network.id, plan_token, "end")
    today = clock.now.date()
    max_days = CHECKINS.limits.follow_up_max_days
    assert service.record_decision(network.id, plan_token, "pause", None) == \
        DecisionInvalid("unknown_choice")
    assert service.record_decision(network.id, plan_token, "renew",
                                   today - timedelta(days=1)) == \
        DecisionInvalid("follow_up_past")
    assert service.record_decision(network.id, plan_token, "renew",
                                   today + timedelta(days=max_days + 1)) == \
        DecisionInvalid("follow_up_too_far", max_days)
    done = service.record_decision(network.id, plan_token, "change_shape", date(2026, 12, 1))
    assert not isinstance(done, DecisionInvalid) and done.decision is not None
    assert (done.decision.choice, done.decision.follow_up) == ("change_shape",
                                                               date(2026, 12, 1))
    assert service.view(network.id).decision == done.decision


def test_a_room_feeds_one_moment(service: CheckinService, plan_token: str) -> None:
    """What the live workshop will call: the room's answers per participant token."""
    network = service.start_network(plan_token, language="nl")
    room = {new_token(): {"pulse_safe": v, "pulse_room": 4} for v in (2, 3, 3, 4)}
    fed = service.record_moment_answers(network.id, plan_token, "mid", room,
                                        workshop_id="w" * 24)
    assert fed == Fed(4, 8)
    mid = service.network(network.id).moment("mid")  # type: ignore[union-attr]
    assert mid is not None and mid.source == "workshop" and mid.workshop_id == "w" * 24
    again = service.record_moment_answers(network.id, plan_token, "mid", room)
    assert again == Fed(4, 0)  # the same room again: the same respondents, no change
    assert service.network(network.id).respondents == 4  # type: ignore[union-attr]
    for key in room:  # the workshop's tokens are not the network's
        assert service.respondent(key) is None
        assert service.respondent(respondent_token_for(network.id, key)) is not None
    view = service.view(network.id).over_time.item("pulse_safe").view_at("mid")
    assert isinstance(view, Summary) and view.median == 3
    bad = {new_token(): {"pulse_safe": 4}, new_token(): {"pulse_safe": 9}}
    assert service.record_moment_answers(network.id, plan_token, "mid", bad) == \
        InvalidAnswer("not_on_scale", "pulse_safe")
    assert service.network(network.id).respondents == 4  # type: ignore[union-attr]
    service.close_moment(network.id, plan_token, "mid")
    assert service.record_moment_answers(network.id, plan_token, "mid", room) == \
        MomentRefused("moment_closed")


def test_one_networks_view_holds_nothing_of_another(service: CheckinService,
                                                    plan_token: str) -> None:
    a = service.start_network(plan_token, language="nl")
    b = service.start_network(plan_token, language="nl")
    for value in (1, 1, 1):
        service.answer(service.join(b.id).token, "start", "pulse_safe", value)
    assert service.view(a.id).over_time.items == ()
    assert service.view(a.id).respondents == {"start": 0}
