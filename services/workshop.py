"""The live workshop's use cases: create, join by code, vote, run the session
(open, lock, reveal, discuss, reset, advance, remove a participant, rehearse), the
results a screen may show, the group's plan scored by Vonk, and saving it as a
scenario.

Three kinds of caller, three kinds of key:
- the facilitator holds the control secret (only its hash is stored); every
  action that changes the session needs it (`NotAuthorised` otherwise);
- a participant holds a token (from `join`), which is all a phone needs to rejoin
  after a refresh;
- the shared screen reads `results` and `version` by the workshop's id, and sees
  nothing private: before a rule's reveal only "k of N answered".

Blind until the reveal is enforced here: `results` never reads the answers of a
round that is not revealed, so no aggregate and no count per option exists
before it to be leaked.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import random
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from pydantic import ValidationError

from content.checkins import MOMENTS, Checkins, Moment, default_checkins
from content.labels import date_text
from content.models import LANGUAGES, SCALE, UNKNOWN, Content, max_length
from content.text import normalise_text
from content.workshop import (
    AgreedActionFields,
    Anonymity,
    DiscussionPrompt,
    WorkshopSettings,
    default_workshop_settings,
    load_workshop_prompts,
)
from lifecycle.room import room_answers as answers_of_room
from lifecycle.room import rounds_to_read
from reports import to_pdf
from reports.workshop import (
    ReportAction,
    RuleFigures,
    StatementFigures,
    WorkshopReport,
    workshop_csv,
    workshop_document,
    workshop_xlsx,
)
from scoring.answers import AnswerProblem, Answers, check_answer, question_index
from scoring.engine import Readiness, assess
from services.attempts import SlidingWindow, limited
from services.plans import NOTE_MAX, Plan, PlanService
from storage.errors import (
    ActionRefused,
    AgreedActionNotFound,
    ParticipantNotFound,
    PlanNotFound,
    StorageUnavailable,
    WorkshopNotFound,
)
from storage.settings import database_url
from storage.workshops import AgreedAction, Participant, Room, Workshop, WorkshopStore
from workshop import phases
from workshop.aggregate import Shift, View, Vote, aggregate, by_disagreement, shift
from workshop.codes import format_code, new_code, normalise_code
from workshop.group import group_answers, statements
from workshop.phases import Phase
from workshop.prompts import RulePrompts, pick_prompts

__all__ = [
    "ActionInvalid",
    "ActionRefused",
    "AgreedAction",
    "AgreedActionNotFound",
    "CodeExpired",
    "Created",
    "Full",
    "GroupResult",
    "InvalidSetup",
    "Joined",
    "NotAuthorised",
    "ParticipantNotFound",
    "ParticipantView",
    "PhoneState",
    "Progress",
    "Refused",
    "Results",
    "RulePrompts",
    "RuleResult",
    "Seat",
    "StatementResult",
    "StorageUnavailable",
    "VoteInvalid",
    "VoteRefused",
    "Voted",
    "WorkshopClosed",
    "WorkshopNotFound",
    "WorkshopService",
    "WrongCode",
    "join_limiters",
]


def _now() -> datetime:
    return datetime.now(UTC)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class NotAuthorised(Exception):
    """The control secret is missing or wrong: the action needs the facilitator."""


class InvalidSetup(ValueError):
    """A workshop cannot be created like this; `field` names what to fix."""

    def __init__(self, field: str, detail: str = ""):
        super().__init__(f"{field}: {detail}" if detail else field)
        self.field = field


# -------------------------------------------------------------------- outcomes
@dataclass(frozen=True)
class Created:
    workshop_id: str
    code: str  # as shown: K7M-2NP
    control_secret: str  # for the facilitator's private link; stored only as a hash


@dataclass(frozen=True)
class Joined:
    token: str  # the participant's key (URL or cookie): rejoining needs only this
    workshop_id: str
    seat: int
    again: bool = False  # the browser's own seat, held from an earlier join (`join(held=)`)


@dataclass(frozen=True)
class Seat:
    """What a browser may remember of a participant's seat (ui/seat_cookie.py): the
    workshop's code (normalised, ``K7M2NP``) and for how many more seconds the
    workshop is kept (its retention, content/workshop.yaml): the cookie ends with it."""

    code: str
    seconds_left: int


@dataclass(frozen=True)
class WrongCode:
    """No workshop has this code (or it is not a code at all)."""


@dataclass(frozen=True)
class CodeExpired:
    """The code existed but no longer opens the workshop."""


@dataclass(frozen=True)
class Refused:
    """Too many attempts: refused without looking, for `wait_seconds`."""

    wait_seconds: int


@dataclass(frozen=True)
class WorkshopClosed:
    """The workshop is closed: nobody joins any more."""


@dataclass(frozen=True)
class Full:
    """The workshop has as many participants as it may."""


JoinOutcome = Joined | WrongCode | CodeExpired | Refused | WorkshopClosed | Full


@dataclass(frozen=True)
class Voted:
    changed: bool  # False: the same answer was already stored


@dataclass(frozen=True)
class VoteRefused:
    reason: str  # a workshop.phases reason code (e.g. "revealed", "rule_locked")


@dataclass(frozen=True)
class VoteInvalid:
    problem: AnswerProblem


VoteOutcome = Voted | VoteRefused | VoteInvalid


@dataclass(frozen=True)
class ActionInvalid:
    """An agreed action refused before anything was stored; nothing already there
    is lost. `field` is "what", "who", "due" or "actions"; `reason` is "required",
    "too_long" (`limit`: the most characters), "date_range" (`earliest`, `latest`)
    or "too_many" (`limit`: the most actions)."""

    field: str
    reason: str
    limit: int | None = None
    earliest: date | None = None
    latest: date | None = None


ActionOutcome = AgreedAction | ActionInvalid


@dataclass(frozen=True)
class ParticipantView:
    """What one phone shows: where the session is, its own answers, what it may
    answer now. Never anyone else's answer."""

    workshop_id: str
    code: str
    language: str
    seat: int
    phase: Phase
    round: int | None  # the round being voted, or None
    votable: tuple[str, ...]  # statements this phone may answer now
    own: dict[str, Vote]  # its own answers in the current (or last) round


@dataclass(frozen=True)
class Progress:
    """Before the reveal: how many answered, of how many in the room. Nothing else."""

    answered: int
    of: int


@dataclass(frozen=True)
class StatementResult:
    statement_id: str
    round1: Progress | View
    round2: Progress | View | None  # None: the rule is not in round 2
    shift: Shift | None


@dataclass(frozen=True)
class RuleResult:
    rule_id: str
    open: bool
    locked: bool
    discussed: bool
    revealed: int
    statements: tuple[StatementResult, ...]


@dataclass(frozen=True)
class Results:
    workshop_id: str
    code: str
    version: int
    phase: Phase
    participants: int
    anonymity: Anonymity
    rules: tuple[RuleResult, ...]
    by_disagreement: tuple[str, ...]  # revealed rules, most divided first
    timer_ends_at: datetime | None = None  # the facilitator's timer, when running
    focus: str | None = None  # the rule in focus (the room discusses it), if any


@dataclass(frozen=True)
class PhoneState:
    """A phone's full run, from one read: its view, its workshop (rules and their
    state) and the results any screen may show (before a reveal only Progress)."""

    view: ParticipantView
    workshop: Workshop
    results: Results

    @property
    def version(self) -> int:
        return self.workshop.version


@dataclass(frozen=True)
class GroupResult:
    answers: Answers
    readiness: Readiness
    rounds: dict[str, int] = field(default_factory=dict)  # statement -> round used


def join_limiters(settings: WorkshopSettings) -> tuple[SlidingWindow, SlidingWindow]:
    """The two join limiters of one server process: failed attempts per address,
    joins per code."""
    limits = settings.join_limits
    return (SlidingWindow(limits.failed_per_address, limits.window_seconds),
            SlidingWindow(limits.joins_per_code, limits.window_seconds))


class WorkshopService:
    """The workshop use cases over one store. Thread-safe (store and limiters are)."""

    def __init__(self, store: WorkshopStore, plans: PlanService, content: Content,
                 settings: WorkshopSettings | None = None, *,
                 address_limiter: SlidingWindow | None = None,
                 code_limiter: SlidingWindow | None = None,
                 clock: Callable[[], datetime] = _now,
                 prompts: Iterable[DiscussionPrompt] | None = None,
                 checkins: Checkins | None = None):
        self.store = store
        self.plans = plans
        self.content = content
        self.settings = settings or default_workshop_settings()
        self.address_limiter = address_limiter
        self.code_limiter = code_limiter
        self.clock = clock
        self._questions = question_index(content)
        self._statements = statements(content)
        self.prompts = tuple(prompts) if prompts is not None else load_workshop_prompts(
            [r.id for r in content.rules], content.sections)
        self._checkins = checkins

    @property
    def checkins(self) -> Checkins:
        """The check-in content, whose moments a workshop may rate (loaded when
        first needed)."""
        if self._checkins is None:
            self._checkins = default_checkins()
        return self._checkins

    @classmethod
    def from_settings(cls, content: Content, plans: PlanService) -> WorkshopService:
        settings = default_workshop_settings()
        by_address, by_code = join_limiters(settings)
        return cls(WorkshopStore(database_url()), plans, content, settings,
                   address_limiter=by_address, code_limiter=by_code)

    # -------------------------------------------------------------------- create
    def create(self, *, language: str, rule_ids: Iterable[str] | None = None,
               statement_ids: Iterable[str] | None = None, source_plan: str | None = None,
               anonymity: dict[str, Any] | None = None, rehearsal: bool = False,
               retention_days: int | None = None) -> Created:
        """A new workshop in the lobby. From scratch, or from a plan (`source_plan`):
        its facts (numbers, roles, dates) become the group plan's, and the room rates
        the statements. `rule_ids`/`statement_ids` choose what is rated (default:
        every statement of every rule); `anonymity` may override the thresholds
        within their bounds; `retention_days` within the retention bounds."""
        if language not in LANGUAGES:
            raise InvalidSetup("language", language[:10])
        chosen = self._choose(rule_ids, statement_ids)
        thresholds = self._anonymity(anonymity)
        retention = self.settings.retention
        days = retention.default_days if retention_days is None else retention_days
        if not retention.min_days <= days <= retention.max_days:
            raise InvalidSetup("retention_days",
                               f"between {retention.min_days} and {retention.max_days}")
        facts: Answers = {}
        if source_plan is not None:
            plan = self.plans.open(source_plan)
            if plan is None:
                raise PlanNotFound(source_plan)
            rated = {s for ids in chosen.values() for s in ids}
            facts = {qid: v for qid, v in plan.answers.items() if qid not in rated}
        secret = secrets.token_urlsafe(24)
        now = self.clock()
        created = self.store.create(
            code_factory=new_code, secret_hash=hash_secret(secret), language=language,
            rules=chosen, anonymity=thresholds, rehearsal=rehearsal, facts=facts,
            source_plan=source_plan,
            code_expires_at=now + timedelta(hours=self.settings.code_valid_hours),
            delete_after=now + timedelta(days=days), created_at=now)
        return Created(created.id, format_code(created.code), secret)

    def _choose(self, rule_ids: Iterable[str] | None, statement_ids: Iterable[str] | None
                ) -> dict[str, tuple[str, ...]]:
        rules = dict(self._statements)
        if rule_ids is not None:
            wanted = list(dict.fromkeys(rule_ids))
            unknown = [r for r in wanted if r not in rules]
            if unknown:
                raise InvalidSetup("rule_ids", unknown[0][:40])
            rules = {r: rules[r] for r in rules if r in wanted}
        if statement_ids is not None:
            wanted_s = set(statement_ids)
            known = {s for ids in rules.values() for s in ids}
            unknown = sorted(wanted_s - known)
            if unknown:
                raise InvalidSetup("statement_ids", unknown[0][:40])
            rules = {r: tuple(s for s in ids if s in wanted_s) for r, ids in rules.items()}
            rules = {r: ids for r, ids in rules.items() if ids}
        if not rules:
            raise InvalidSetup("rule_ids", "no statement to rate")
        return rules

    def _anonymity(self, override: dict[str, Any] | None) -> Anonymity:
        base = self.settings.anonymity
        if not override:
            return base
        try:
            return Anonymity.model_validate({**base.model_dump(), **override})
        except ValidationError as exc:
            first = exc.errors()[0]
            raise InvalidSetup("anonymity." + ".".join(str(p) for p in first["loc"]),
                               first["msg"]) from exc

    # ------------------------------------------------------------- participants
    def join(self, typed_code: str, client: str, *,
             held: Mapping[str, str] | None = None) -> JoinOutcome:
        """Join by the code a participant typed (or the QR's route). Failed attempts
        count against the client's address; joins count against the code.

        `held`: the seats this browser remembers, code (normalised) → token (its
        cookies, ui/seat_cookie.py). When it holds a token for this code that is a
        live participant of this very workshop, that seat is given back
        (``Joined(again=True)``) instead of a new one: the same phone scanning the QR
        again keeps its answers. A token of another workshop, an unknown or removed
        one, or anything else simply leads to a normal new join. A held seat comes
        back like its ``?p=`` link would (also once the code expired or the workshop
        closed, as the link keeps working until the workshop is deleted); it does
        not count as a join of the code."""
        code = normalise_code(typed_code)
        attempt = limited(self.address_limiter, client,
                          lambda: None if code is None else self.store.by_code(code))
        if attempt.refused:
            return Refused(attempt.wait_seconds)
        workshop = attempt.found
        if workshop is None:
            return WrongCode()
        again = self._held_seat(workshop, (held or {}).get(workshop.code))
        if again is not None:
            return Joined(again.token, again.workshop_id, again.seat, again=True)
        if self.clock() >= workshop.code_expires_at:
            return CodeExpired()
        if workshop.phase is Phase.CLOSE:
            return WorkshopClosed()
        if self.code_limiter is not None:
            wait = self.code_limiter.retry_after(workshop.code)
            if wait > 0:
                return Refused(math.ceil(wait))
            self.code_limiter.record(workshop.code)
        try:
            participant = self.store.join(workshop.id,
                                          max_participants=self.settings.max_participants)
        except ActionRefused as refused:
            return Full() if refused.reason == "full" else WorkshopClosed()
        return Joined(participant.token, participant.workshop_id, participant.seat)

    def _held_seat(self, workshop: Workshop, token: object) -> Participant | None:
        """The participant `token` names, only when it is a live, real participant
        of `workshop` (never a simulated one, never one of another workshop)."""
        if not isinstance(token, str) or not token:
            return None
        participant = self.store.participant(token)
        if participant is None or participant.simulated or \
                participant.workshop_id != workshop.id:
            return None
        return participant

    def seat(self, token: str | None, client: str) -> Seat | None:
        """What a browser may remember of the seat `token` names (ui/seat_cookie.py
        sets it as a cookie), None when the token is no live participant. Unknown
        tokens count as failed attempts of `client`, like wrong codes."""
        attempt = limited(self.address_limiter, client, lambda: self._seat(token))
        return attempt.found

    def _seat(self, token: str | None) -> Seat | None:
        participant = self.store.participant(token) if token else None
        if participant is None or participant.simulated:
            return None
        workshop = self.store.get(participant.workshop_id)
        if workshop is None:
            return None
        left = (workshop.delete_after - self.clock()).total_seconds()
        return Seat(workshop.code, max(0, int(left)))

    def rejoin(self, token: str | None) -> ParticipantView | None:
        """The phone's view from its token (after a refresh, a locked screen, a lost
        connection); None when the token is unknown or the participant was removed."""
        state = self.phone(token)
        return None if state is None else state.view

    def phone(self, token: str | None) -> PhoneState | None:
        """Everything a phone's full run draws, from one read of the database (one
        transaction: `WorkshopStore.phone`): its view, the workshop and the results
        any screen may show. None when the token is unknown or was removed."""
        snapshot = self.store.phone(token) if token else None
        if snapshot is None:
            return None
        workshop = snapshot.room.workshop
        return PhoneState(self._participant_view(snapshot.participant, workshop, snapshot.own),
                          workshop, self._results(snapshot.room))

    def _participant_view(self, participant: Participant, workshop: Workshop,
                          votes: dict[tuple[str, int], Vote] | None = None) -> ParticipantView:
        state = workshop.state
        round_ = state.voting_round
        shown_round = round_ or (2 if any(r.revealed >= 2 for r in state.rules) else 1)
        votable = () if round_ is None else tuple(
            s for r in state.rules for s in r.statements if phases.can_vote(state, s, round_))
        if votes is None:
            votes = self.store.own_votes(participant.token)
        own = {sid: v for (sid, rnd), v in votes.items() if rnd == shown_round}
        return ParticipantView(workshop.id, format_code(workshop.code), workshop.language,
                               participant.seat, state.phase, round_, votable, own)

    def vote(self, token: str, statement_id: str, raw: object) -> VoteOutcome:
        """Store a participant's answer (1..5 or "weet ik niet") in the round being
        voted. Refused (with the reason) when the phase or the rule does not allow
        it; the store checks that again inside the transaction that writes it."""
        question = self._questions.get(statement_id)
        if question is None and self.checkins.is_statement(statement_id):
            return self._vote_checkin(token, statement_id, raw)
        if question is None or question.kind != "scale":
            return VoteInvalid(AnswerProblem("unknown_question", statement_id[:60], {}))
        value, problem = check_answer(question, raw)
        if problem is not None:
            return VoteInvalid(problem)
        if value is None:
            return VoteInvalid(AnswerProblem("wrong_type", statement_id, {"expected": "scale"}))
        vote: Vote = UNKNOWN if value == UNKNOWN else int(value)  # type: ignore[arg-type]
        try:  # in the round being voted now, as the store reads it in the same transaction
            return Voted(self.store.vote(token, statement_id, vote))
        except ActionRefused as refused:
            return VoteRefused(refused.reason)

    def _vote_checkin(self, token: str, statement_id: str, raw: object) -> VoteOutcome:
        """A check-in statement (a moment's workshop): 1..5 or "weet ik niet", as
        the check-in page takes it; the store checks the phase as for any vote."""
        if raw != UNKNOWN and (isinstance(raw, bool) or not isinstance(raw, int)
                               or raw not in SCALE):
            return VoteInvalid(AnswerProblem("out_of_range", statement_id,
                                             {"min": SCALE[0], "max": SCALE[-1]}))
        vote: Vote = UNKNOWN if raw == UNKNOWN else int(cast(int, raw))
        try:
            return Voted(self.store.vote(token, statement_id, vote))
        except ActionRefused as refused:
            return VoteRefused(refused.reason)

    # -------------------------------------------------------------- facilitator
    def authorised(self, workshop_id: str, secret: str | None) -> bool:
        stored = self.store.control_hash(workshop_id)
        if stored is None or not secret:
            return False
        return hmac.compare_digest(stored, hash_secret(secret))

    def _check(self, workshop_id: str, secret: str | None) -> None:
        if not self.authorised(workshop_id, secret):
            raise NotAuthorised(workshop_id[:12])

    def advance(self, workshop_id: str, secret: str | None, to: Phase | str) -> Workshop:
        """Move the session on; a move the phases do not allow raises ActionRefused.
        The rule in focus moves with it (workshop.phases.refocus): into reveal the
        most divided rule, into discuss (and rate again) the first rule Vonk picks
        for discussion, none into the other phases."""
        self._check(workshop_id, secret)
        try:
            target = Phase(to)
        except ValueError as exc:
            raise ActionRefused("transition") from exc
        wanted = self._first_pick(workshop_id) if target in (Phase.DISCUSS, Phase.RERATE) \
            else None
        changed = self.store.change(workshop_id, lambda s: phases.advance(s, target),
                                    lambda s, focus: phases.refocus(s, focus, wanted))
        if target is Phase.REVEAL:
            # The order by disagreement exists only once round 1 is revealed.
            order = self.results(workshop_id).by_disagreement
            if order and order[0] != changed.focus_rule:
                changed = self.store.set_focus(workshop_id, order[0])
        return changed

    def _first_pick(self, workshop_id: str) -> str | None:
        """The first rule Vonk picks for discussion now (none for a check-in
        moment's workshop: its prompts are about setting up a network)."""
        if self._workshop(workshop_id).for_moment:
            return None
        picked = self.discussion_prompts(workshop_id)
        return picked[0].rule_id if picked else None

    def set_focus(self, workshop_id: str, secret: str | None, rule_id: str) -> Workshop:
        """Put one of the workshop's rules in focus: the shared screen shows it as
        the rule being discussed (in the phases of workshop.phases.FOCUS_SHOWN), and
        every control view of the workshop starts from it. A rule not in the
        workshop raises ActionRefused("unknown_rule"). Bumps the version (screens
        draw it on their next tick), unless the rule was in focus already."""
        self._check(workshop_id, secret)
        current = self._workshop(workshop_id)
        if current.focus_rule == rule_id:
            return current
        return self.store.set_focus(workshop_id, rule_id)

    def open_rule(self, workshop_id: str, secret: str | None, rule_id: str,
                  is_open: bool = True) -> Workshop:
        self._check(workshop_id, secret)
        return self.store.change(workshop_id, lambda s: phases.set_open(s, rule_id, is_open))

    def lock_rule(self, workshop_id: str, secret: str | None, rule_id: str) -> Workshop:
        self._check(workshop_id, secret)
        return self.store.change(workshop_id, lambda s: phases.lock(s, rule_id))

    def reveal_rule(self, workshop_id: str, secret: str | None, rule_id: str) -> Workshop:
        self._check(workshop_id, secret)
        return self.store.change(workshop_id, lambda s: phases.reveal(s, rule_id))

    def discuss_rule(self, workshop_id: str, secret: str | None, rule_id: str,
                     discussed: bool = True) -> Workshop:
        """Choose a rule for round 2 (in the discuss phase)."""
        self._check(workshop_id, secret)
        return self.store.change(workshop_id,
                                 lambda s: phases.mark_discussed(s, rule_id, discussed))

    def reset_rule(self, workshop_id: str, secret: str | None, rule_id: str) -> Workshop:
        """Start the rule's round over: its answers of that round are deleted."""
        self._check(workshop_id, secret)
        return self.store.reset_rule(workshop_id, rule_id)

    def start_timer(self, workshop_id: str, secret: str | None, minutes: object) -> datetime:
        """Start the facilitator's timer for whole `minutes` (within `timer` in
        content/workshop.yaml; InvalidSetup("minutes") otherwise). Stored with the
        workshop, so the shared screen (on any server) counts down with it."""
        self._check(workshop_id, secret)
        bounds = self.settings.timer
        if isinstance(minutes, bool) or not isinstance(minutes, int | float) \
                or minutes != int(minutes) or not 1 <= minutes <= bounds.max_minutes:
            raise InvalidSetup("minutes", f"between 1 and {bounds.max_minutes}")
        ends_at = self.clock() + timedelta(minutes=int(minutes))
        self.store.set_timer(workshop_id, ends_at)
        return ends_at

    def stop_timer(self, workshop_id: str, secret: str | None) -> None:
        self._check(workshop_id, secret)
        self.store.set_timer(workshop_id, None)

    def timer_left(self, results: Results) -> int | None:
        """Whole seconds left on the timer of these results (rounded up, 0 once the
        time is up), None when no timer runs."""
        if results.timer_ends_at is None:
            return None
        left = (results.timer_ends_at - self.clock()).total_seconds()
        return max(0, math.ceil(left))

    def participants(self, workshop_id: str, secret: str | None) -> list[int]:
        """The seat numbers in the room (to remove one), never a name or a token."""
        self._check(workshop_id, secret)
        return self.store.seats(workshop_id)

    def remove_participant(self, workshop_id: str, secret: str | None, seat: int) -> None:
        """Remove a participant and all their answers."""
        self._check(workshop_id, secret)
        self.store.remove_participant(workshop_id, seat)

    def simulate(self, workshop_id: str, secret: str | None, count: int, *,
                 seed: int | None = None) -> int:
        """Rehearsal: `count` simulated participants join and answer every statement
        open now. Only in a workshop created as a rehearsal, so a real room's result
        never holds a simulated answer. Returns how many answers were given."""
        self._check(workshop_id, secret)
        workshop = self._workshop(workshop_id)
        if not workshop.rehearsal:
            raise ActionRefused("not_rehearsal")
        if not 1 <= count <= self.settings.max_simulated:
            raise InvalidSetup("count", f"between 1 and {self.settings.max_simulated}")
        rnd = random.Random(seed)
        given = 0
        for _ in range(count):
            p = self.store.join(workshop_id, simulated=True,
                                max_participants=self.settings.max_participants)
            view = self._participant_view(p, self._workshop(workshop_id))
            for sid in view.votable:
                options: list[Vote] = [*SCALE, UNKNOWN]
                choice = rnd.choice(options)
                if self.vote(p.token, sid, choice) == Voted(True):
                    given += 1
        return given

    # ------------------------------------------------------------------ screens
    def workshop(self, workshop_id: str) -> Workshop | None:
        """The workshop as stored (phase, language, thresholds, rehearsal, the
        scenario saved from it), None when unknown or deleted. Holds no secret,
        no token and no answer."""
        return self.store.get(workshop_id) if workshop_id else None

    def version(self, workshop_id: str) -> int | None:
        """The number a polling screen compares; recompute only when it changed."""
        return self.store.version(workshop_id)

    def versions(self, workshop_id: str) -> tuple[int, int] | None:
        """(state version, version): a view that redraws on a change of the state
        (phase, rules, who is in the room, timer, focus) but only recounts on a
        vote compares both (one read); None when the workshop is unknown."""
        return self.store.versions(workshop_id) if workshop_id else None

    def recount(self, results: Results, version: int) -> Results:
        """`results` with the room's answer counts read again (one statement): what
        a vote changes when nothing else did, i.e. only the `Progress` of rounds not
        yet revealed (a revealed round takes no vote). For a view that found a new
        `version` (`versions`) with the same state version it drew."""
        answered = self.store.answered_by_round(results.workshop_id)

        def counted(item: Progress | View | None, rnd: int, sid: str
                    ) -> Progress | View | None:
            if not isinstance(item, Progress):
                return item
            return Progress(answered.get(rnd, {}).get(sid, 0), item.of)

        rules = tuple(replace(rule, statements=tuple(
            replace(s, round1=counted(s.round1, 1, s.statement_id) or s.round1,
                    round2=counted(s.round2, 2, s.statement_id))
            for s in rule.statements)) for rule in results.rules)
        return replace(results, rules=rules, version=version)

    def results(self, workshop_id: str) -> Results:
        """What any screen may show. Before a rule's round is revealed its
        statements are `Progress` (k of N answered) and the answers of that round
        are not even read; after, the anonymity-safe view of each statement, the
        shift from round 1 to 2, and the revealed rules by disagreement."""
        found = self.store.room(workshop_id) if workshop_id else None
        if found is None:
            raise WorkshopNotFound(workshop_id[:12])
        return self._results(found)

    def _results(self, found: Room) -> Results:
        """`results` from one read of the room (the store read the answers only of
        the rules revealed in each round)."""
        workshop = found.workshop
        state = workshop.state
        room = workshop.participants
        answered = found.answered
        votes = found.revealed_votes
        cut = self.settings.agreement
        rules: list[RuleResult] = []
        views_by_rule: dict[str, list[View]] = {}
        for rule in state.rules:
            items = []
            for sid in rule.statements:
                def view(rnd: int, sid: str = sid, rule: phases.RuleState = rule
                         ) -> Progress | View:
                    if rule.revealed >= rnd:
                        return aggregate(votes.get(rnd, {}).get(sid, []), workshop.anonymity,
                                         cut)
                    return Progress(answered.get(rnd, {}).get(sid, 0), room)
                first = view(1)
                second = view(2) if rule.discussed else None
                moved = (shift(first, second) if not isinstance(first, Progress)
                         and second is not None and not isinstance(second, Progress) else None)
                items.append(StatementResult(sid, first, second, moved))
                latest = second if second is not None and not isinstance(second, Progress) \
                    else first
                if not isinstance(latest, Progress):
                    views_by_rule.setdefault(rule.rule_id, []).append(latest)
            rules.append(RuleResult(rule.rule_id, rule.open, rule.locked, rule.discussed,
                                    rule.revealed, tuple(items)))
        return Results(workshop.id, format_code(workshop.code), workshop.version, state.phase,
                       room, workshop.anonymity, tuple(rules),
                       tuple(by_disagreement(views_by_rule)), workshop.timer_ends_at,
                       workshop.focus_rule)

    def discussion_prompts(self, workshop_id: str, results: Results | None = None, *,
                           first_round: bool = False) -> list[RulePrompts]:
        """The rules worth discussing now, with their prompts: the most divided and
        the lowest of the revealed rules (how many and the cut-off in
        content/workshop.yaml `prompts`), from the latest revealed round of each
        statement (with `first_round`, from round 1: the rules as the room
        discussed them, before round 2 moved them). Only from what `results` may
        show: nothing before a reveal. Pass the `results` a page already has, to
        read the database once."""
        shown = results if results is not None else self.results(workshop_id)
        views: dict[str, list[View]] = {}
        for rule in shown.rules:
            for item in rule.statements:
                latest = item.round2 if not first_round and item.round2 is not None \
                    and not isinstance(item.round2, Progress) else item.round1
                if not isinstance(latest, Progress):
                    views.setdefault(rule.rule_id, []).append(latest)
        return pick_prompts(views, self.prompts, self.settings.prompts, self.settings.agreement)

    def group_result(self, workshop_id: str) -> GroupResult:
        """The room's plan: the start plan's facts with the group's answers to every
        revealed statement (round 2 where it was revealed, else round 1), scored by
        the same engine as one person's plan. Unrevealed statements are left out."""
        workshop = self._workshop(workshop_id)
        if workshop.for_moment:  # check-in statements are no plan's answers
            raise ActionRefused("not_a_plan")
        chosen: dict[str, list[Vote]] = {}
        rounds: dict[str, int] = {}
        votes = {rnd: self.store.votes(workshop_id, rnd, [r.rule_id for r in workshop.state.rules
                                                         if r.revealed >= rnd])
                 for rnd in phases.ROUNDS}
        for rule in workshop.state.rules:
            if rule.revealed < 1:
                continue
            rnd = 2 if rule.revealed >= 2 else 1
            for sid in rule.statements:
                chosen[sid] = votes[rnd].get(sid, [])
                rounds[sid] = rnd
        answers = group_answers(self.content, workshop.facts, chosen, workshop.anonymity)
        return GroupResult(answers, assess(self.content, answers), rounds)

    def save_scenario(self, workshop_id: str, secret: str | None, *, title: str,
                      workspace: str | None = None) -> Plan:
        """Save the group's result as a scenario (in `workspace`, or a new one), so
        Vergelijk and the reports work on it; its note lists the agreed actions
        (`actions_note`). In the decide or close phase only: the room has seen every
        result by then."""
        self._check(workshop_id, secret)
        workshop = self._workshop(workshop_id)
        if workshop.for_moment:  # a check-in moment's room: its result is no plan
            raise ActionRefused("not_a_plan")
        if workshop.phase not in (Phase.DECIDE, Phase.CLOSE):
            raise ActionRefused("not_decided")
        result = self.group_result(workshop_id)
        plan = self.plans.create(title=title, language=workshop.language,
                                 answers=result.answers, workspace=workspace)
        agreed = self.store.actions(workshop_id)
        if agreed:  # the agreed actions travel with the scenario, as its note
            self.plans.set_note(plan.token, self.actions_note(agreed, workshop.language))
            plan = self.plans.open(plan.token) or plan
        self.store.set_scenario(workshop_id, plan.token)
        return plan

    # ----------------------------------------------------------- agreed actions
    def actions(self, workshop_id: str, secret: str | None) -> list[AgreedAction]:
        """The agreed actions, in the facilitator's order."""
        self._check(workshop_id, secret)
        return self.store.actions(workshop_id)

    def action_dates(self, workshop_id: str) -> tuple[date, date]:
        """The earliest and latest date an action may have (the editor's bounds)."""
        start = self._workshop(workshop_id).created_at.date()
        return start, start + timedelta(days=self.settings.actions.due_within_days)

    def _checked_action(self, workshop_id: str, what: str, who: str, due: object
                        ) -> tuple[str, str, date] | ActionInvalid:
        texts = {}
        for name, raw in (("what", what), ("who", who)):
            text = normalise_text(raw if isinstance(raw, str) else "")
            limit = max_length(AgreedActionFields, name)
            if not text:
                return ActionInvalid(name, "required")
            if len(text) > limit:
                return ActionInvalid(name, "too_long", limit=limit)
            texts[name] = text
        earliest, latest = self.action_dates(workshop_id)
        day: date | None = None
        if isinstance(due, datetime):
            day = due.date()
        elif isinstance(due, date):
            day = due
        elif isinstance(due, str):
            try:
                day = date.fromisoformat(due.strip())
            except ValueError:
                day = None
        if day is None:
            return ActionInvalid("due", "required", earliest=earliest, latest=latest)
        if not earliest <= day <= latest:
            return ActionInvalid("due", "date_range", earliest=earliest, latest=latest)
        return texts["what"], texts["who"], day

    def add_action(self, workshop_id: str, secret: str | None, *, what: str, who: str,
                   due: object, position: int | None = None) -> ActionOutcome:
        """Record an agreed action (at the end, or at `position`: an undone removal
        goes back where it was). Text is cleaned as all user text; too long or empty
        text, a date outside `action_dates` or one action too many is refused with
        `ActionInvalid`."""
        self._check(workshop_id, secret)
        checked = self._checked_action(workshop_id, what, who, due)
        if isinstance(checked, ActionInvalid):
            return checked
        text, role, day = checked
        most = self.settings.actions.max_actions
        try:
            return self.store.add_action(workshop_id, what=text, who=role, due=day,
                                         max_actions=most, position=position)
        except ActionRefused as refused:
            if refused.reason != "too_many":
                raise
            return ActionInvalid("actions", "too_many", limit=most)

    def update_action(self, workshop_id: str, secret: str | None, action_id: str, *,
                      what: str, who: str, due: object) -> ActionOutcome:
        """Change an action, checked as `add_action`; AgreedActionNotFound when it was
        removed meanwhile (e.g. in another tab)."""
        self._check(workshop_id, secret)
        checked = self._checked_action(workshop_id, what, who, due)
        if isinstance(checked, ActionInvalid):
            return checked
        text, role, day = checked
        return self.store.update_action(workshop_id, action_id, what=text, who=role, due=day)

    def remove_action(self, workshop_id: str, secret: str | None, action_id: str
                      ) -> AgreedAction:
        """Remove an action; returns it as it was, so an undo can add it back
        (`add_action(..., position=removed.position)`)."""
        self._check(workshop_id, secret)
        return self.store.remove_action(workshop_id, action_id)

    def actions_note(self, actions: Iterable[AgreedAction], language: str) -> str:
        """The agreed actions as a scenario's note: one line each (what — who —
        by when), cut to the note's length."""
        m = self.content.messages[language]
        lines = [m["workshop_decide.note_heading"]]
        lines += [m["workshop_decide.note_line"].format(
            what=a.what, who=a.who, due=date_text(a.due, m)) for a in actions]
        text = "\n".join(lines)
        return text if len(text) <= NOTE_MAX else text[:NOTE_MAX - 1].rstrip() + "…"

    # ------------------------------------------------------------------ exports
    def report(self, workshop_id: str, secret: str | None, lang: str | None = None
               ) -> WorkshopReport:
        """What the workshop report and the distribution files show, in `lang` (the
        workshop's language by default): the same views as the screens (before a
        reveal nothing), the group's plan scored, the prompts and the actions.
        The facilitator's: it holds the agreed actions."""
        self._check(workshop_id, secret)
        language = lang if lang in LANGUAGES else None
        results = self.results(workshop_id)
        workshop = self._workshop(workshop_id)

        def shown(view: Progress | View | None) -> View | None:
            return None if view is None or isinstance(view, Progress) else view

        rules = tuple(RuleFigures(rule.rule_id, tuple(
            StatementFigures(item.statement_id, shown(item.round1), shown(item.round2),
                             item.shift) for item in rule.statements))
            for rule in results.rules)
        revealed = any(rule.revealed >= 1 for rule in results.rules)
        return WorkshopReport(
            code=results.code, lang=language or workshop.language,
            participants=results.participants, anonymity=results.anonymity,
            small_group_below=self.settings.agreement.small_group_below, rules=rules,
            by_disagreement=results.by_disagreement,
            readiness=self.group_result(workshop_id).readiness
            if revealed and not workshop.for_moment else None,
            prompts=tuple(self.discussion_prompts(workshop_id, results, first_round=True)),
            actions=tuple(ReportAction(a.what, a.who, a.due)
                          for a in self.store.actions(workshop_id)))

    def export_pdf(self, workshop_id: str, secret: str | None, lang: str | None = None,
                   made_on: date | None = None) -> bytes:
        """The workshop report as PDF (reports/workshop.py, rendered by reportlab)."""
        return to_pdf(workshop_document(self.content, self.report(workshop_id, secret, lang),
                                        made_on), self.content)

    def export_csv(self, workshop_id: str, secret: str | None, lang: str | None = None,
                   made_on: date | None = None) -> str:
        """The distributions per statement and round as CSV."""
        return workshop_csv(self.content, self.report(workshop_id, secret, lang), made_on)

    def export_xlsx(self, workshop_id: str, secret: str | None, lang: str | None = None,
                    made_on: date | None = None) -> bytes:
        """The distributions as an XLSX workbook."""
        return workshop_xlsx(self.content, self.report(workshop_id, secret, lang), made_on)

    # ------------------------------------------------------ check-in moments
    def create_for_moment(self, *, language: str, network_id: str, moment: str,
                          blocks: Mapping[str, Iterable[str]],
                          retention_days: int | None = None) -> Created:
        """A new workshop in the lobby that rates one check-in moment's statements
        (`blocks`: block id → statement ids, see lifecycle.room.moment_blocks) for
        the network `network_id`. The workshop's own anonymity thresholds (the
        check-in view uses the same), no rehearsal, no plan behind it. Checking who
        may start it is the caller's (services/moment_workshop.py)."""
        if language not in LANGUAGES:
            raise InvalidSetup("language", language[:10])
        if moment not in MOMENTS:
            raise InvalidSetup("moment", moment[:10])
        asked = set(self.checkins.statements_at(cast(Moment, moment)))
        chosen = {block: tuple(dict.fromkeys(ids)) for block, ids in blocks.items()}
        chosen = {block: ids for block, ids in chosen.items() if ids}
        if not chosen:
            raise InvalidSetup("statement_ids", "no statement to rate")
        flat = [sid for ids in chosen.values() for sid in ids]
        wrong = [sid for sid in flat if sid not in asked]
        if wrong or len(flat) != len(set(flat)):
            raise InvalidSetup("statement_ids", (wrong or ["twice"])[0][:40])
        retention = self.settings.retention
        days = retention.default_days if retention_days is None else retention_days
        if not retention.min_days <= days <= retention.max_days:
            raise InvalidSetup("retention_days",
                               f"between {retention.min_days} and {retention.max_days}")
        secret = secrets.token_urlsafe(24)
        now = self.clock()
        created = self.store.create(
            code_factory=new_code, secret_hash=hash_secret(secret), language=language,
            rules=chosen, anonymity=self.settings.anonymity, rehearsal=False, facts={},
            source_plan=None,
            code_expires_at=now + timedelta(hours=self.settings.code_valid_hours),
            delete_after=now + timedelta(days=days), created_at=now,
            network_id=network_id, moment=moment)
        return Created(created.id, format_code(created.code), secret)

    def room_answers(self, workshop_id: str, secret: str | None) -> dict[str, dict[str, Vote]]:
        """What a moment's room answered, per participant token: each revealed
        block's latest revealed round (lifecycle.room). The facilitator's, in the
        decide or close phase only (the room has seen every result by then); the
        answers of an unrevealed block are not even read. ActionRefused
        "not_a_moment" for a workshop on the rules."""
        self._check(workshop_id, secret)
        workshop = self._workshop(workshop_id)
        if not workshop.for_moment:
            raise ActionRefused("not_a_moment")
        if workshop.phase not in (Phase.DECIDE, Phase.CLOSE):
            raise ActionRefused("not_decided")
        by_round = {rnd: self.store.votes_by_participant(workshop_id, rnd, rule_ids)
                    for rnd, rule_ids in rounds_to_read(workshop.state).items()}
        return answers_of_room(workshop.state, by_round)

    def mark_recorded(self, workshop_id: str, secret: str | None) -> Workshop:
        """Note that this moment's workshop's room was just put into its moment."""
        self._check(workshop_id, secret)
        if not self._workshop(workshop_id).for_moment:
            raise ActionRefused("not_a_moment")
        self.store.set_recorded(workshop_id, self.clock())
        return self._workshop(workshop_id)

    def workshops_for_network(self, network_id: str) -> list[Workshop]:
        """The workshops run for this network's moments, oldest first (no secret)."""
        return self.store.for_network(network_id)

    def purge_expired(self) -> int:
        """Delete workshops whose retention ended (saved scenarios stay)."""
        return self.store.purge(self.clock())

    def _workshop(self, workshop_id: str) -> Workshop:
        workshop = self.store.get(workshop_id)
        if workshop is None:
            raise WorkshopNotFound(workshop_id[:12])
        return workshop
