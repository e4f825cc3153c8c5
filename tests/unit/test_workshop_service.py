"""The workshop use cases on SQLite and PostgreSQL: create, join by code with its
limits, vote, the facilitator's secret, blind until the reveal (nothing but "k of
N answered" leaves the service before it), a whole session with round 2, the
group's plan scored by Vonk and saved as a scenario, rehearsal and retention."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from content.models import Content
from content.workshop import default_workshop_settings
from scoring.engine import assess
from services.attempts import SlidingWindow
from services.plans import PlanService
from services.workshop import (
    ActionRefused,
    CodeExpired,
    Full,
    InvalidSetup,
    Joined,
    NotAuthorised,
    ParticipantNotFound,
    Progress,
    Refused,
    Results,
    Voted,
    VoteInvalid,
    VoteRefused,
    WorkshopClosed,
    WorkshopService,
    WrongCode,
)
from storage import PlanStore
from storage.workshops import WorkshopStore
from tests.conftest import ready_plan
from tests.unit.conftest import Clock
from workshop.aggregate import Summary, TooFew, Unanimous
from workshop.group import statements
from workshop.phases import Phase

SETTINGS = default_workshop_settings()


CLOCK_START = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock(CLOCK_START)


@pytest.fixture
def plans(store: PlanStore, content: Content) -> PlanService:
    return PlanService(store, content)


def _service(wstore: WorkshopStore, plans: PlanService, content: Content, clock: Clock,
             **limits: SlidingWindow) -> WorkshopService:
    return WorkshopService(wstore, plans, content, SETTINGS, clock=clock, **limits)


@pytest.fixture
def svc(wstore: WorkshopStore, plans: PlanService, content: Content, clock: Clock
        ) -> WorkshopService:
    return _service(wstore, plans, content, clock)


def _rules(content: Content) -> dict[str, tuple[str, ...]]:
    return statements(content)


def _join(svc: WorkshopService, code: str, n: int) -> list[str]:
    tokens = []
    for i in range(n):
        joined = svc.join(code, f"10.0.0.{i}")
        assert isinstance(joined, Joined)
        tokens.append(joined.token)
    return tokens


def _walk(value: Any) -> Iterator[Any]:
    yield value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _walk(getattr(value, f.name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)


# ------------------------------------------------------------------- create
def test_create_from_scratch_rates_every_statement(svc: WorkshopService, content: Content,
                                                   wstore: WorkshopStore) -> None:
    created = svc.create(language="nl")
    assert len(created.code) == 7 and created.code[3] == "-"
    w = wstore.get(created.workshop_id)
    assert w is not None and w.phase is Phase.LOBBY and w.facts == {}
    assert {r.rule_id: r.statements for r in w.state.rules} == _rules(content)
    assert wstore.control_hash(w.id) != created.control_secret  # only a hash is kept
    assert w.anonymity == SETTINGS.anonymity
    assert w.delete_after - w.created_at == timedelta(days=SETTINGS.retention.default_days)


def test_create_from_a_plan_keeps_its_facts_and_rates_the_chosen(
        svc: WorkshopService, plans: PlanService, content: Content, wstore: WorkshopStore) -> None:
    plan = plans.create(title="Scan", language="nl", answers=ready_plan())
    rules = _rules(content)
    first, second = list(rules)[:2]
    created = svc.create(language="en", source_plan=plan.token, rule_ids=[first, second],
                         anonymity={"min_figure": 4, "min_distribution": 6},
                         retention_days=7)
    w = wstore.get(created.workshop_id)
    assert w is not None and [r.rule_id for r in w.state.rules] == [first, second]
    rated = set(rules[first]) | set(rules[second])
    assert not rated & set(w.facts)
    assert w.facts == {q: v for q, v in ready_plan().items() if q not in rated}
    assert w.anonymity.min_figure == 4 and w.language == "en"
    only = rules[first][0]
    one = svc.create(language="nl", statement_ids=[only])
    assert [r.statements for r in wstore.get(one.workshop_id).state.rules] == [(only,)]  # type: ignore[union-attr]


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"language": "de"}, "language"),
    ({"language": "nl", "rule_ids": ["r99"]}, "rule_ids"),
    ({"language": "nl", "statement_ids": ["group_size"]}, "statement_ids"),
    ({"language": "nl", "anonymity": {"min_figure": 2}}, "anonymity.min_figure"),
    ({"language": "nl", "anonymity": {"min_distribution": 2}}, "anonymity.min_distribution"),
    ({"language": "nl", "retention_days": 0}, "retention_days"),
    ({"language": "nl", "retention_days": 400}, "retention_days"),
])
def test_create_refuses_what_it_cannot_run(svc: WorkshopService, kwargs: dict[str, Any],
                                           field: str) -> None:
    with pytest.raises(InvalidSetup) as err:
        svc.create(**kwargs)
    assert err.value.field == field


# --------------------------------------------------------------------- join
def test_join_by_typed_code_and_rejoin_with_the_token(svc: WorkshopService) -> None:
    created = svc.create(language="nl")
    typed = created.code.lower().replace("0", "o").replace("1", "l").replace("-", " ")
    joined = svc.join(typed, "10.0.0.1")
    assert isinstance(joined, Joined) and joined.seat == 1
    view = svc.rejoin(joined.token)
    assert view is not None and view.phase is Phase.LOBBY and view.votable == ()
    assert view.code == created.code
    assert svc.rejoin("x" * 24) is None and svc.rejoin(None) is None
    assert svc.join("ZZZ-ZZZ", "10.0.0.1") == WrongCode()
    assert svc.join("no code at all", "10.0.0.1") == WrongCode()


def test_failed_joins_are_limited_per_address_even_for_a_right_code(
        wstore: WorkshopStore, plans: PlanService, content: Content, clock: Clock) -> None:
    svc = _service(wstore, plans, content, clock,
                   address_limiter=SlidingWindow(3, 60), code_limiter=SlidingWindow(2, 60))
    created = svc.create(language="nl")
    for _ in range(3):
        assert svc.join("AAA-AAA", "10.9.9.9") == WrongCode()
    refused = svc.join(created.code, "10.9.9.9")
    assert isinstance(refused, Refused) and refused.wait_seconds > 0
    # Another address is not affected; but the code takes 2 joins a window.
    assert isinstance(svc.join(created.code, "10.0.0.1"), Joined)
    assert isinstance(svc.join(created.code, "10.0.0.2"), Joined)
    assert isinstance(svc.join(created.code, "10.0.0.3"), Refused)


def test_an_expired_code_and_a_closed_or_full_workshop(
        wstore: WorkshopStore, plans: PlanService, content: Content, clock: Clock) -> None:
    small = SETTINGS.model_copy(update={"max_participants": 1})
    svc = WorkshopService(wstore, plans, content, small, clock=clock)
    created = svc.create(language="nl")
    assert isinstance(svc.join(created.code, "a"), Joined)
    assert svc.join(created.code, "b") == Full()
    clock.now += timedelta(hours=SETTINGS.code_valid_hours)
    assert svc.join(created.code, "c") == CodeExpired()
    other = svc.create(language="nl")
    for phase in (Phase.RATE, Phase.REVEAL, Phase.DISCUSS, Phase.DECIDE, Phase.CLOSE):
        svc.advance(other.workshop_id, other.control_secret, phase)
    assert svc.join(other.code, "d") == WorkshopClosed()


# --------------------------------------------------------------- facilitator
def test_every_facilitator_action_needs_the_control_secret(svc: WorkshopService,
                                                           content: Content) -> None:
    created = svc.create(language="nl")
    wid, rule = created.workshop_id, next(iter(_rules(content)))
    actions = [
        lambda s: svc.advance(wid, s, Phase.RATE),
        lambda s: svc.open_rule(wid, s, rule),
        lambda s: svc.lock_rule(wid, s, rule),
        lambda s: svc.reveal_rule(wid, s, rule),
        lambda s: svc.discuss_rule(wid, s, rule),
        lambda s: svc.reset_rule(wid, s, rule),
        lambda s: svc.participants(wid, s),
        lambda s: svc.remove_participant(wid, s, 1),
        lambda s: svc.simulate(wid, s, 3),
        lambda s: svc.save_scenario(wid, s, title="x"),
    ]
    for action in actions:
        for wrong in (None, "", "guess", created.control_secret[:-1]):
            with pytest.raises(NotAuthorised):
                action(wrong)
    assert svc.version(wid) == 0  # nothing changed


# ------------------------------------------------------------------- voting
def test_votes_are_checked_and_refused_outside_an_open_round(svc: WorkshopService,
                                                            content: Content) -> None:
    created = svc.create(language="nl")
    (token,) = _join(svc, created.code, 1)
    rule, sids = next(iter(_rules(content).items()))
    assert svc.vote(token, sids[0], 4) == VoteRefused("not_voting")
    svc.advance(created.workshop_id, created.control_secret, Phase.RATE)
    assert svc.vote(token, sids[0], 4) == Voted(True)
    assert svc.vote(token, sids[0], 4) == Voted(False)
    assert isinstance(svc.vote(token, sids[0], 7), VoteInvalid)
    assert isinstance(svc.vote(token, "group_size", 4), VoteInvalid)  # not a statement
    assert isinstance(svc.vote(token, sids[0], None), VoteInvalid)
    svc.lock_rule(created.workshop_id, created.control_secret, rule)
    assert svc.vote(token, sids[0], 5) == VoteRefused("rule_locked")
    view = svc.rejoin(token)
    assert view is not None and view.own == {sids[0]: 4} and sids[0] not in view.votable
    with pytest.raises(ParticipantNotFound):
        svc.vote("y" * 24, sids[0], 3)


def test_nothing_but_k_of_n_before_the_reveal(svc: WorkshopService, content: Content,
                                              wstore: WorkshopStore,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    created = svc.create(language="nl")
    wid, secret = created.workshop_id, created.control_secret
    tokens = _join(svc, created.code, 6)
    svc.advance(wid, secret, Phase.RATE)
    rules = _rules(content)
    first_rule, sids = next(iter(rules.items()))
    for i, token in enumerate(tokens):
        for sid in sids:
            svc.vote(token, sid, 1 if i % 2 else 5)
    read: list[int] = []
    read_rules: list[list[str]] = []
    real_votes = wstore._votes  # every read of answers goes through it (votes, room)

    def spy(conn, w, rnd, rules=None):  # type: ignore[no-untyped-def]
        read.append(rnd)
        read_rules.append(sorted(rules or []))
        return real_votes(conn, w, rnd, rules)

    monkeypatch.setattr(wstore, "_votes", spy)

    hidden = svc.results(wid)
    assert read == []  # the answers of an unrevealed round are not even read
    everything = list(_walk(hidden))
    assert not [v for v in everything if isinstance(v, Summary | Unanimous | TooFew)]
    first = hidden.rules[0].statements[0].round1
    assert first == Progress(answered=6, of=6)
    assert hidden.rules[1].statements[0].round1 == Progress(answered=0, of=6)
    assert hidden.by_disagreement == ()

    svc.reveal_rule(wid, secret, first_rule)  # early reveal of one rule
    partly = svc.results(wid)
    shown = partly.rules[0].statements[0].round1
    assert isinstance(shown, Summary) and shown.label == "opposed"
    assert dict(shown.counts or ()) == {1: 3, 2: 0, 3: 0, 4: 0, 5: 3}
    assert partly.rules[1].statements[0].round1 == Progress(0, 6)
    assert read == [1] and read_rules == [[first_rule]]  # only the revealed rule's
    assert svc.vote(tokens[0], sids[0], 3) == VoteRefused("revealed")  # locked at the reveal


def _by_rule(results: Results, rule_id: str):
    return next(r for r in results.rules if r.rule_id == rule_id)


def test_a_whole_session_with_round_two_saved_as_a_scenario(
        svc: WorkshopService, plans: PlanService, content: Content) -> None:
    start = plans.create(title="Onze scan", language="nl", answers=ready_plan())
    rules = _rules(content)
    divided, calm = list(rules)[:2]
    created = svc.create(language="nl", source_plan=start.token, rule_ids=[divided, calm])
    wid, secret = created.workshop_id, created.control_secret
    tokens = _join(svc, created.code, 8)
    svc.advance(wid, secret, Phase.RATE)
    late = _join(svc, created.code, 1)[0]  # a late joiner lands in the current phase
    assert svc.rejoin(late).phase is Phase.RATE  # type: ignore[union-attr]
    for i, token in enumerate(tokens):
        for sid in rules[divided]:
            assert svc.vote(token, sid, 1 if i < 4 else 5) == Voted(True)
        for sid in rules[calm]:
            svc.vote(token, sid, 4)
    svc.advance(wid, secret, Phase.REVEAL)
    revealed = svc.results(wid)
    assert revealed.by_disagreement == (divided, calm)
    assert isinstance(_by_rule(revealed, calm).statements[0].round1, Unanimous)
    with pytest.raises(ActionRefused):
        svc.advance(wid, secret, Phase.RERATE)  # discuss first
    svc.advance(wid, secret, Phase.DISCUSS)
    with pytest.raises(ActionRefused, match="not_decided"):
        svc.save_scenario(wid, secret, title="too early")
    svc.discuss_rule(wid, secret, divided)
    svc.advance(wid, secret, Phase.RERATE)
    view = svc.rejoin(tokens[0])
    assert view is not None and set(view.votable) == set(rules[divided]) and view.round == 2
    assert svc.vote(tokens[0], rules[calm][0], 2) == VoteRefused("not_discussed")
    for token in tokens:
        for sid in rules[divided]:
            svc.vote(token, sid, 4)
    before = svc.results(wid)
    assert _by_rule(before, divided).statements[0].round2 == Progress(8, 9)
    svc.advance(wid, secret, Phase.DECIDE)
    after = svc.results(wid)
    moved = _by_rule(after, divided).statements[0]
    assert moved.shift is not None and moved.shift.label_before == "opposed"
    assert moved.shift.label_after == "agree" and moved.shift.median_after == 4.0

    group = svc.group_result(wid)
    assert all(group.answers[s] == 4 for s in rules[divided] + rules[calm])
    assert group.rounds[rules[divided][0]] == 2 and group.rounds[rules[calm][0]] == 1
    assert group.answers["group_size"] == ready_plan()["group_size"]  # facts of the scan
    assert group.readiness == assess(content, group.answers)
    scenario = svc.save_scenario(wid, secret, title="Workshop", workspace=start.workspace)
    assert scenario.answers == group.answers
    assert [p.token for p in plans.scenarios(start.workspace)] == [start.token, scenario.token]


def test_reset_and_remove_participant(svc: WorkshopService, content: Content) -> None:
    created = svc.create(language="nl")
    wid, secret = created.workshop_id, created.control_secret
    tokens = _join(svc, created.code, 3)
    svc.advance(wid, secret, Phase.RATE)
    rule, sids = next(iter(_rules(content).items()))
    for token in tokens:
        svc.vote(token, sids[0], 2)
    assert svc.results(wid).rules[0].statements[0].round1 == Progress(3, 3)
    svc.reset_rule(wid, secret, rule)
    assert svc.results(wid).rules[0].statements[0].round1 == Progress(0, 3)
    svc.vote(tokens[0], sids[0], 2)
    seats = svc.participants(wid, secret)
    assert seats == [1, 2, 3]
    svc.remove_participant(wid, secret, 1)
    assert svc.results(wid).rules[0].statements[0].round1 == Progress(0, 2)
    assert svc.rejoin(tokens[0]) is None


def test_rehearsal_with_simulated_participants(svc: WorkshopService) -> None:
    real = svc.create(language="nl")
    with pytest.raises(ActionRefused, match="not_rehearsal"):
        svc.simulate(real.workshop_id, real.control_secret, 5)
    rehearsal = svc.create(language="nl", rehearsal=True)
    wid, secret = rehearsal.workshop_id, rehearsal.control_secret
    with pytest.raises(InvalidSetup):
        svc.simulate(wid, secret, SETTINGS.max_simulated + 1)
    svc.advance(wid, secret, Phase.RATE)
    given = svc.simulate(wid, secret, 6, seed=1)
    results = svc.results(wid)
    assert results.participants == 6
    statements_count = sum(len(r.statements) for r in results.rules)
    assert given == 6 * statements_count
    assert all(s.round1 == Progress(6, 6) for r in results.rules for s in r.statements)


def test_retention_deletes_the_workshop_and_keeps_the_saved_scenario(
        svc: WorkshopService, plans: PlanService, clock: Clock, wstore: WorkshopStore) -> None:
    created = svc.create(language="nl", rehearsal=True, retention_days=2)
    wid, secret = created.workshop_id, created.control_secret
    svc.advance(wid, secret, Phase.RATE)
    svc.simulate(wid, secret, 5, seed=2)
    for phase in (Phase.REVEAL, Phase.DISCUSS, Phase.DECIDE):
        svc.advance(wid, secret, phase)
    scenario = svc.save_scenario(wid, secret, title="Groep")
    clock.now += timedelta(days=1)
    assert svc.purge_expired() == 0
    clock.now += timedelta(days=1)
    assert svc.purge_expired() == 1
    assert wstore.get(wid) is None and svc.version(wid) is None
    assert plans.open(scenario.token) is not None
    assert svc.join(created.code, "x") == WrongCode()


def test_group_result_leaves_out_what_was_not_revealed(svc: WorkshopService,
                                                       content: Content) -> None:
    created = svc.create(language="nl")
    wid, secret = created.workshop_id, created.control_secret
    tokens = _join(svc, created.code, 3)
    svc.advance(wid, secret, Phase.RATE)
    rules = _rules(content)
    for token in tokens:
        for sids in rules.values():
            for sid in sids:
                svc.vote(token, sid, 5)
    assert svc.group_result(wid).answers == {}
    first = next(iter(rules))
    svc.reveal_rule(wid, secret, first)
    assert svc.group_result(wid).answers == dict.fromkeys(rules[first], 5)


def test_the_timer_is_stored_with_the_workshop_for_every_screen(
        svc: WorkshopService, clock: Clock) -> None:
    """The facilitator's timer lives in the database (revision 0011), behind the
    control secret and within the minutes of content/workshop.yaml; a screen's
    results carry when it ends and `timer_left` counts down in whole seconds."""
    created = svc.create(language="nl")
    wid, secret = created.workshop_id, created.control_secret
    assert svc.results(wid).timer_ends_at is None and svc.timer_left(svc.results(wid)) is None
    with pytest.raises(NotAuthorised):
        svc.start_timer(wid, "wrong", 3)
    for bad in (0, SETTINGS.timer.max_minutes + 1, 2.5, "3", True, None):
        with pytest.raises(InvalidSetup, match="minutes"):
            svc.start_timer(wid, secret, bad)
    version = svc.version(wid)
    ends = svc.start_timer(wid, secret, 3)
    assert ends == clock.now + timedelta(minutes=3)
    assert svc.version(wid) == (version or 0) + 1  # every screen sees it on its next tick
    shown = svc.results(wid)
    assert shown.timer_ends_at == ends and svc.timer_left(shown) == 180
    clock.now += timedelta(seconds=59, milliseconds=500)
    assert svc.timer_left(shown) == 121  # rounded up: "2:01" until a whole second passed
    clock.now += timedelta(minutes=5)
    assert svc.timer_left(shown) == 0
    with pytest.raises(NotAuthorised):
        svc.stop_timer(wid, None)
    svc.stop_timer(wid, secret)
    assert svc.results(wid).timer_ends_at is None


def test_the_rule_in_focus_is_stored_behind_the_secret_and_moves_with_the_phase(
        svc: WorkshopService, content: Content) -> None:
    """Revision 0013: the facilitator puts a rule in focus (the secret checked, a
    rule not in the workshop refused, the version bumped so the shared screen draws
    it on its next tick); phase changes move it: into reveal the most divided rule,
    into discuss Vonk's first pick, into rate again a discussed rule, none after."""
    rules = _rules(content)
    calm, divided, other = list(rules)[:3]
    created = svc.create(language="nl", rule_ids=[calm, divided, other])
    wid, secret = created.workshop_id, created.control_secret
    tokens = _join(svc, created.code, 6)
    svc.advance(wid, secret, Phase.RATE)
    assert svc.results(wid).focus is None  # the controls start at the first rule
    with pytest.raises(NotAuthorised):
        svc.set_focus(wid, "wrong", other)
    with pytest.raises(NotAuthorised):
        svc.set_focus(wid, None, other)
    with pytest.raises(ActionRefused, match="unknown_rule"):
        svc.set_focus(wid, secret, "r99")
    version = svc.version(wid)
    assert svc.set_focus(wid, secret, other).focus_rule == other
    assert svc.version(wid) == (version or 0) + 1 and svc.results(wid).focus == other
    svc.set_focus(wid, secret, other)  # already in focus: nothing to draw again
    assert svc.version(wid) == (version or 0) + 1
    for i, token in enumerate(tokens):
        for sid in rules[divided]:
            svc.vote(token, sid, 1 if i % 2 else 5)
        for sid in rules[calm] + rules[other]:
            svc.vote(token, sid, 4)
    svc.advance(wid, secret, Phase.REVEAL)
    shown = svc.results(wid)
    assert shown.by_disagreement[0] == divided and shown.focus == divided
    svc.set_focus(wid, secret, calm)
    svc.advance(wid, secret, Phase.DISCUSS)
    picked = svc.discussion_prompts(wid)
    assert picked and picked[0].rule_id == divided and svc.results(wid).focus == divided
    svc.set_focus(wid, secret, calm)
    svc.discuss_rule(wid, secret, other)
    svc.advance(wid, secret, Phase.RERATE)
    assert svc.results(wid).focus == other  # the only rule voted again
    svc.advance(wid, secret, Phase.DECIDE)
    assert svc.results(wid).focus is None and svc.workshop(wid).focus_rule is None  # type: ignore[union-attr]


# ------------------------------------------------------ a phone's light poll
def test_a_vote_moves_only_the_version_and_a_recount_equals_a_full_read(
        svc: WorkshopService) -> None:
    """What a phone's poll relies on (pages/doe_mee.live): a vote leaves the state
    version alone and moves the version; `recount` of the results drawn before
    gives exactly what a full read gives now (in round 2: the discussed rule's
    round 1 revealed, its round 2 blind, another rule not voted again); a join
    moves the state version."""
    created = svc.create(language="nl")
    wid, key = created.workshop_id, created.control_secret
    tokens = _join(svc, created.code, 6)
    svc.advance(wid, key, Phase.RATE)
    workshop = svc.workshop(wid)
    assert workshop is not None
    first, second = workshop.state.rules[0], workshop.state.rules[1]
    for i, token in enumerate(tokens):
        assert isinstance(svc.vote(token, first.statements[0], 1 + i % 5), Voted)
    svc.advance(wid, key, Phase.REVEAL)
    svc.advance(wid, key, Phase.DISCUSS)
    svc.discuss_rule(wid, key, first.rule_id)
    svc.advance(wid, key, Phase.RERATE)
    drawn = svc.results(wid)
    before = svc.versions(wid)
    assert before is not None and before[1] == drawn.version
    voted = [svc.vote(t, first.statements[0], 3) for t in tokens[:4]]
    assert all(isinstance(v, Voted) for v in voted)
    after = svc.versions(wid)
    assert after == (before[0], before[1] + 4)
    recounted = svc.recount(drawn, after[1])
    assert recounted == svc.results(wid)
    assert recounted.rules[0].statements[0].round2 == Progress(4, 6)
    assert recounted.rules[0].statements[0].round1 == drawn.rules[0].statements[0].round1
    assert second.rule_id == recounted.rules[1].rule_id
    assert recounted.rules[1].statements[0].round2 is None  # not discussed: no round 2
    _join(svc, created.code, 1)
    joined = svc.versions(wid)
    assert joined is not None and joined[0] > after[0]
    assert svc.versions("x" * 24) is None
