"""A check-in moment through the live workshop (issue 11), on SQLite and PostgreSQL:
the blocks a moment's statements make (pure), the store's link between a
workshop and its network's moment (revision 0009), starting a moment's workshop
from the plan's token, phones rating the pulse, recording the room into the
moment (again: it updates), and what is refused: a closed moment, a wrong plan
link, a wrong control secret, recording before the decision, and saving or
scoring a moment's room as a plan."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, inspect

from content.checkins import UNRULED_BLOCK, default_checkins
from content.models import UNKNOWN, Content
from content.workshop import default_workshop_settings
from lifecycle.room import moment_blocks, room_answers, rounds_to_read
from services.checkins import (
    CheckinService,
    Fed,
    MomentRefused,
    NetworkNotFound,
    respondent_token_for,
)
from services.checkins import NotAuthorised as NotOwner
from services.moment_workshop import MomentWorkshopService, NothingToRecord
from services.plans import PlanService
from services.workshop import (
    ActionRefused,
    Created,
    InvalidSetup,
    Joined,
    NotAuthorised,
    Voted,
    VoteInvalid,
    VoteRefused,
    WorkshopService,
)
from storage import PlanStore
from storage.checkins import NetworkStore
from storage.workshops import WorkshopStore
from tests.unit.conftest import Clock, migrate_to
from workshop import phases
from workshop.aggregate import Summary, TooFew
from workshop.codes import new_code
from workshop.phases import Phase, RuleState, State

CHECKINS = default_checkins()
SETTINGS = default_workshop_settings()
PULSE_BLOCKS = {"r05": ("pulse_theme",), "r06": ("pulse_safe",),
                "r08": ("pulse_coordination", "pulse_content_lead", "pulse_process"),
                "r09": ("pulse_give", "pulse_take", "pulse_room"), "r10": ("pulse_energy",)}


# ------------------------------------------------------------------ pure core
def test_a_moments_statements_are_grouped_per_rule_in_the_handreikings_order() -> None:
    items = [("a", "r06"), ("b", "r05"), ("c", None), ("d", "r06"), ("a", "r06"),
             ("e", "r99")]
    blocks = moment_blocks(items, ["r05", "r06", "r07"], "other")
    assert blocks == {"r05": ("b",), "r06": ("a", "d"), "other": ("c", "e")}
    assert list(blocks) == ["r05", "r06", "other"]  # rules in order, the rest last
    assert moment_blocks([], ["r05"], "other") == {}


def test_only_each_revealed_blocks_latest_round_is_recorded() -> None:
    state = State(Phase.DECIDE, (
        RuleState("r05", ("s1",), revealed=1),
        RuleState("r06", ("s2", "s3"), discussed=True, revealed=2),
        RuleState("r08", ("s4",), revealed=0)))
    assert rounds_to_read(state) == {1: ("r05",), 2: ("r06",)}
    by_round = {1: {"p1": {"s1": 4, "s2": 1, "s4": 5}, "p2": {"s2": 2}},
                2: {"p1": {"s2": 3, "s3": UNKNOWN}, "p3": {"s1": 5}}}
    # p1: s1 from round 1, s2/s3 from round 2; s4 never revealed. p2 answered only
    # round 1 of a rule revealed in round 2: left out. p3's round-2 s1 is not a round
    # that was revealed for r05.
    assert room_answers(state, by_round) == {"p1": {"s1": 4, "s2": 3, "s3": UNKNOWN}}


# ---------------------------------------------------------------------- storage
def test_migration_0009_adds_the_network_and_moment_and_goes_down_again(db_url: str) -> None:
    engine = create_engine(db_url)
    columns = {c["name"] for c in inspect(engine).get_columns("workshops")}
    assert {"network_id", "moment"} <= columns
    migrate_to(engine, "0008", down=True)
    columns = {c["name"] for c in inspect(engine).get_columns("workshops")}
    assert not {"network_id", "moment"} & columns
    migrate_to(engine, "0009")
    assert {"network_id", "moment"} <= {c["name"] for c in
                                        inspect(engine).get_columns("workshops")}
    engine.dispose()


def test_the_store_keeps_a_workshops_network_and_reads_answers_per_participant(
        db_url: str) -> None:
    ws = WorkshopStore(db_url)
    now = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    network = "n" * 24

    def create(after: int = 0, **link: str):
        return ws.create(code_factory=new_code, secret_hash="h" * 64, language="en",
                         rules={"r06": ("pulse_safe",), "r05": ("pulse_theme",)},
                         anonymity=SETTINGS.anonymity, rehearsal=False, facts={},
                         source_plan=None, code_expires_at=now + timedelta(hours=1),
                         delete_after=now + timedelta(days=1),
                         created_at=now + timedelta(minutes=after), **link)
    try:
        plain = create()
        assert plain.network_id is None and plain.moment is None and not plain.for_moment
        first = create(network_id=network, moment="mid")
        second = create(-5, network_id=network, moment="end")  # made earlier
        assert first.for_moment and first.moment == "mid" and first.network_id == network
        assert [w.id for w in ws.for_network(network)] == [second.id, first.id]
        assert ws.for_network("m" * 24) == [] and ws.for_network("not a token") == []
        with pytest.raises(ValueError, match="both"):
            create(network_id=network)
        people = [ws.join(first.id, max_participants=10) for _ in range(2)]
        simulated = ws.join(first.id, simulated=True, max_participants=10)
        ws.change(first.id, lambda s: phases.advance(s, Phase.RATE))
        ws.vote(people[0].token, "pulse_safe", 4)
        ws.vote(people[0].token, "pulse_theme", UNKNOWN)
        ws.vote(people[1].token, "pulse_safe", 2)
        ws.vote(simulated.token, "pulse_safe", 5)
        got = ws.votes_by_participant(first.id, 1, ["r06", "r05"])
        assert got == {people[0].token: {"pulse_safe": 4, "pulse_theme": UNKNOWN},
                       people[1].token: {"pulse_safe": 2}}  # a simulated one: never
        assert ws.votes_by_participant(first.id, 1, ["r05"]) == {
            people[0].token: {"pulse_theme": UNKNOWN}}
        assert ws.votes_by_participant(first.id, 1, []) == {}
        assert ws.votes_by_participant(first.id, 2, ["r06"]) == {}
        # Retention deletes a moment's workshop like any other.
        assert ws.purge(now + timedelta(days=2)) == 3
        assert ws.for_network(network) == []
    finally:
        ws.dispose()


# ---------------------------------------------------------------------- service
CLOCK_START = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def services(store: PlanStore, content: Content) -> Iterator[
        tuple[MomentWorkshopService, WorkshopService, CheckinService]]:
    url = store.engine.url.render_as_string(hide_password=False)
    clock = Clock(CLOCK_START)
    plans = PlanService(store, content)
    workshops = WorkshopService(WorkshopStore(url), plans, content, SETTINGS, clock=clock)
    checkins = CheckinService(NetworkStore(url), plans, content, clock=clock)
    yield MomentWorkshopService(workshops, checkins), workshops, checkins
    workshops.store.dispose()
    checkins.store.dispose()


@pytest.fixture
def network(services: tuple[MomentWorkshopService, WorkshopService, CheckinService],
            store: PlanStore) -> tuple[str, str]:
    plan = store.create(title="Netwerk", answers={"group_size": 8})
    n = services[2].start_network(plan.token, language="en")
    return n.id, plan.token


def _room(workshops: WorkshopService, created: Created, n: int) -> list[str]:
    tokens = []
    for i in range(n):
        joined = workshops.join(created.code, f"10.0.0.{i}")
        assert isinstance(joined, Joined)
        tokens.append(joined.token)
    return tokens


def _rate(workshops: WorkshopService, tokens: list[str], values: list[int | str]) -> None:
    for token, value in zip(tokens, values, strict=True):
        for ids in PULSE_BLOCKS.values():
            for sid in ids:
                assert workshops.vote(token, sid, value) == Voted(True)


def test_the_pulse_becomes_a_workshop_of_its_statements_in_the_networks_language(
        services: tuple[MomentWorkshopService, WorkshopService, CheckinService],
        network: tuple[str, str]) -> None:
    moments, workshops, _ = services
    network_id, plan_token = network
    assert moments.blocks("mid") == PULSE_BLOCKS
    created = moments.start(network_id, plan_token, "mid")
    assert isinstance(created, Created)
    w = workshops.workshop(created.workshop_id)
    assert w is not None and w.for_moment and w.network_id == network_id and w.moment == "mid"
    assert w.language == "en" and w.anonymity == SETTINGS.anonymity and not w.rehearsal
    assert w.facts == {} and w.source_plan is None
    assert {r.rule_id: r.statements for r in w.state.rules} == PULSE_BLOCKS
    assert workshops.authorised(created.workshop_id, created.control_secret)
    # The start check: the scan's statements and the check-in's, per rule.
    start = moments.blocks("start")
    flat = [s for ids in start.values() for s in ids]
    assert sorted(flat) == sorted(CHECKINS.statements_at("start"))  # each once
    assert list(start) == sorted(start)  # r01 … r10
    assert "pulse_safe" in start["r06"] and len(start["r06"]) > 1
    assert UNRULED_BLOCK not in start
    assert all(moments.can_run(m) for m in ("start", "mid", "end"))


def test_phones_rate_the_pulse_and_the_room_is_recorded_into_the_moment_once(
        services: tuple[MomentWorkshopService, WorkshopService, CheckinService],
        network: tuple[str, str]) -> None:
    moments, workshops, checkins = services
    network_id, plan_token = network
    created = moments.start(network_id, plan_token, "mid")
    assert isinstance(created, Created)
    wid, secret = created.workshop_id, created.control_secret
    tokens = _room(workshops, created, 5)
    workshops.advance(wid, secret, Phase.RATE)
    assert isinstance(workshops.vote(tokens[0], "pulse_safe", 7), VoteInvalid)
    assert isinstance(workshops.vote(tokens[0], "pulse_safe", True), VoteInvalid)
    assert isinstance(workshops.vote(tokens[0], "drive", 4), VoteRefused)  # not in this room
    _rate(workshops, tokens, [1, 2, 4, 5, UNKNOWN])
    with pytest.raises(ActionRefused, match="not_decided"):
        moments.record(wid, secret)  # blind: the room has not seen anything yet
    workshops.advance(wid, secret, Phase.REVEAL)
    workshops.advance(wid, secret, Phase.DISCUSS)
    workshops.advance(wid, secret, Phase.DECIDE)
    with pytest.raises(NotAuthorised):
        moments.record(wid, "not the secret")
    assert moments.recorded(wid) is None

    fed = moments.record(wid, secret)
    assert fed == Fed(5, 5 * 9)  # "weet ik niet" is an answer too
    network_now = checkins.network(network_id)
    assert network_now is not None
    mid = network_now.moment("mid")
    assert mid is not None and mid.is_open and mid.source == "workshop"
    assert mid.workshop_id == wid and moments.recorded(wid) == Clock(CLOCK_START).now
    view = checkins.view(network_id)
    assert view.respondents["mid"] == 5
    safe = view.over_time.item("pulse_safe").view_at("mid")
    assert isinstance(safe, Summary) and (safe.answered, safe.rated) == (5, 4)
    # The keys are not stored: each participant token became a derived respondent.
    assert checkins.respondent(tokens[0]) is None
    assert checkins.respondent(respondent_token_for(network_id, tokens[0])) is not None

    # Recording again changes nothing and adds nobody.
    assert moments.record(wid, secret) == Fed(5, 0)
    assert checkins.view(network_id).respondents["mid"] == 5
    listed = moments.for_network(checkins.network(network_id))  # type: ignore[arg-type]
    assert [(m.workshop_id, m.moment, m.recorded_at, m.latest, m.participants)
            for m in listed] == [(wid, "mid", Clock(CLOCK_START).now, True, 5)]
    # A second room for the same moment: both are in, the moment names the last one.
    again = moments.start(network_id, plan_token, "mid")
    assert isinstance(again, Created)
    room = _room(workshops, again, 3)
    workshops.advance(again.workshop_id, again.control_secret, Phase.RATE)
    _rate(workshops, room, [3, 3, 3])
    for phase in (Phase.REVEAL, Phase.DISCUSS, Phase.DECIDE):
        workshops.advance(again.workshop_id, again.control_secret, phase)
    assert moments.record(again.workshop_id, again.control_secret) == Fed(3, 27)
    assert checkins.view(network_id).respondents["mid"] == 8
    listed = moments.for_network(checkins.network(network_id))  # type: ignore[arg-type]
    assert {m.workshop_id: (m.latest, m.recorded_at is not None) for m in listed} == {
        wid: (False, True), again.workshop_id: (True, True)}


def test_a_second_round_updates_what_was_recorded(
        services: tuple[MomentWorkshopService, WorkshopService, CheckinService],
        network: tuple[str, str]) -> None:
    moments, workshops, checkins = services
    network_id, plan_token = network
    created = moments.start(network_id, plan_token, "mid")
    assert isinstance(created, Created)
    wid, secret = created.workshop_id, created.control_secret
    tokens = _room(workshops, created, 3)
    workshops.advance(wid, secret, Phase.RATE)
    _rate(workshops, tokens, [1, 3, 5])
    workshops.advance(wid, secret, Phase.REVEAL)
    workshops.advance(wid, secret, Phase.DISCUSS)
    workshops.discuss_rule(wid, secret, "r06")
    workshops.advance(wid, secret, Phase.RERATE)
    for token in tokens:
        assert workshops.vote(token, "pulse_safe", 4) == Voted(True)
    workshops.advance(wid, secret, Phase.DECIDE)
    assert moments.record(wid, secret) == Fed(3, 27)
    own = checkins.own(respondent_token_for(network_id, tokens[0]))
    assert own.answers[("mid", "pulse_safe")] == 4  # round 2, as the screen showed last
    assert own.answers[("mid", "pulse_theme")] == 1
    # Three answers: a figure, but (below the distribution threshold) no counts.
    safe = checkins.view(network_id).over_time.item("pulse_safe").view_at("mid")
    assert not isinstance(safe, TooFew) and safe is not None
    if isinstance(safe, Summary):
        assert safe.counts is None
    workshops.advance(wid, secret, Phase.CLOSE)
    assert moments.record(wid, secret) == Fed(3, 0)  # in the close phase too


def test_what_is_refused(services: tuple[MomentWorkshopService, WorkshopService,
                                        CheckinService],
                         network: tuple[str, str], store: PlanStore) -> None:
    moments, workshops, checkins = services
    network_id, plan_token = network
    with pytest.raises(NotOwner):
        moments.start(network_id, "x" * 24, "mid")  # a wrong plan link
    other = store.create(title="Ander plan").token
    with pytest.raises(NotOwner):
        moments.start(network_id, other, "mid")
    with pytest.raises(NetworkNotFound):
        moments.start("y" * 24, plan_token, "mid")
    checkins.close_moment(network_id, plan_token, "start")
    assert moments.start(network_id, plan_token, "start") == MomentRefused("moment_closed")
    assert workshops.workshops_for_network(network_id) == []  # nothing was created

    created = moments.start(network_id, plan_token, "mid")
    assert isinstance(created, Created)
    wid, secret = created.workshop_id, created.control_secret
    tokens = _room(workshops, created, 3)
    workshops.advance(wid, secret, Phase.RATE)
    workshops.advance(wid, secret, Phase.REVEAL)
    workshops.advance(wid, secret, Phase.DISCUSS)
    workshops.advance(wid, secret, Phase.DECIDE)
    assert moments.record(wid, secret) == NothingToRecord()  # nobody answered
    assert checkins.network(network_id).moment("mid") is None  # type: ignore[union-attr]
    # A moment's room is not a plan: no scenario, no score.
    with pytest.raises(ActionRefused, match="not_a_plan"):
        workshops.save_scenario(wid, secret, title="Pulse")
    with pytest.raises(ActionRefused, match="not_a_plan"):
        workshops.group_result(wid)
    assert workshops.report(wid, secret).readiness is None
    assert tokens

    # The moment closed meanwhile: recording is refused and nothing is written.
    second = moments.start(network_id, plan_token, "end")
    assert isinstance(second, Created)
    sid, ssecret = second.workshop_id, second.control_secret
    people = _room(workshops, second, 3)
    workshops.advance(sid, ssecret, Phase.RATE)
    for person in people:
        assert workshops.vote(person, "pulse_energy", 5) == Voted(True)
    workshops.advance(sid, ssecret, Phase.REVEAL)
    workshops.advance(sid, ssecret, Phase.DISCUSS)
    workshops.advance(sid, ssecret, Phase.DECIDE)
    checkins.open_moment(network_id, plan_token, "end")
    checkins.close_moment(network_id, plan_token, "end")
    assert moments.record(sid, ssecret) == MomentRefused("moment_closed")
    assert "end" not in checkins.view(network_id).respondents or \
        checkins.view(network_id).respondents["end"] == 0

    # A workshop on the rules has no moment to record into.
    plain = workshops.create(language="nl", rule_ids=["r06"])
    workshops.advance(plain.workshop_id, plain.control_secret, Phase.RATE)
    workshops.advance(plain.workshop_id, plain.control_secret, Phase.REVEAL)
    workshops.advance(plain.workshop_id, plain.control_secret, Phase.DISCUSS)
    workshops.advance(plain.workshop_id, plain.control_secret, Phase.DECIDE)
    with pytest.raises(ActionRefused, match="not_a_moment"):
        moments.record(plain.workshop_id, plain.control_secret)
    assert isinstance(workshops.vote(_room(workshops, plain, 1)[0], "pulse_safe", 4),
                      VoteRefused)


def test_a_moments_workshop_takes_only_that_moments_statements(
        services: tuple[MomentWorkshopService, WorkshopService, CheckinService],
        network: tuple[str, str]) -> None:
    _, workshops, _ = services
    network_id, _ = network

    def create(blocks: dict[str, tuple[str, ...]], moment: str = "mid",
               language: str = "nl") -> Created:
        return workshops.create_for_moment(language=language, network_id=network_id,
                                           moment=moment, blocks=blocks)
    with pytest.raises(InvalidSetup, match="statement_ids"):
        create({"r04": ("drive",)})  # a scan statement is the start check's, not the pulse's
    with pytest.raises(InvalidSetup, match="statement_ids"):
        create({"r06": ("pulse_safe",), "r05": ("pulse_safe",)})  # twice
    with pytest.raises(InvalidSetup, match="statement_ids"):
        create({"r06": ()})
    with pytest.raises(InvalidSetup, match="moment"):
        create({"r06": ("pulse_safe",)}, moment="later")
    with pytest.raises(InvalidSetup, match="language"):
        create({"r06": ("pulse_safe",)}, language="de")
    assert isinstance(create({"r04": ("drive",)}, moment="start"), Created)


def test_a_paused_or_deleted_network_starts_no_room(
        services: tuple[MomentWorkshopService, WorkshopService, CheckinService],
        network: tuple[str, str], store: PlanStore) -> None:
    moments, workshops, checkins = services
    network_id, plan_token = network
    store.delete(plan_token)  # its plan is a deleted scenario: the network is paused
    assert moments.start(network_id, plan_token, "mid") == MomentRefused("plan_deleted")
    store.restore(plan_token)
    checkins.delete_network(network_id, plan_token)
    with pytest.raises(NetworkNotFound):
        moments.start(network_id, plan_token, "mid")
    assert workshops.workshops_for_network(network_id) == []  # nothing was created
