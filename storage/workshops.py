"""The workshop store: live workshops, their participants (by an unguessable
token, no name), their votes and the state of each rule.

The database is the source of truth for every server process. Every change
(a vote, a join, a phase) bumps the workshop's version in the same transaction,
so a screen polls `version(workshop_id)` (one indexed read) and recomputes only
when it changed. A vote is an idempotent upsert: the same answer again changes
nothing; a vote is checked against the phase and the rule's state inside the
transaction that writes it (phases.vote_refusal), so a vote that races a reveal
is refused, never counted after it.

The version is two counters: `workshops.version`, bumped by every change but a
vote, and `workshop_tallies.votes`, bumped by every vote (revision 0012). Votes
hold the workshop row only shared (PostgreSQL: FOR SHARE; a facilitator's change
takes it exclusively, so it waits for the votes in flight and they for it), and
take the one exclusive lock they share, the tally row, as their last statement:
votes wait for each other only between that statement and the commit. With one
counter on the workshop row every vote held it exclusively for its whole
transaction, and 300 phones on two servers queued behind each other (bench/
README.md). SQLite has one writer at a time anyway: there a vote takes the
database's write lock first (a write to the tally row that changes nothing).

Like PlanStore, every public method raises only storage.errors.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from content.models import UNKNOWN, max_length
from content.workshop import AgreedActionFields, Anonymity
from scoring.answers import Answers
from storage.errors import (
    ActionRefused,
    AgreedActionNotFound,
    ParticipantNotFound,
    StorageUnavailable,
    WorkshopNotFound,
)
from storage.plans import (
    Base,
    _aware,
    _now,
    _translate_errors,
    is_valid_token,
    new_token,
    store_engine,
)
from workshop import phases
from workshop.aggregate import Vote
from workshop.codes import is_valid_code

# What becomes of the rule in focus with a change: (the new state, the focus
# before) → the focus after (workshop.phases.refocus for a phase change).
Refocus = Callable[[phases.State, str | None], str | None]
CODE_ATTEMPTS = 8  # fresh codes tried when one is taken (1 in 10⁹ each)


class WorkshopRow(Base):
    __tablename__ = "workshops"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(128))
    language: Mapped[str] = mapped_column(String(5))
    phase: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer, default=0)
    min_figure: Mapped[int] = mapped_column(Integer)
    min_distribution: Mapped[int] = mapped_column(Integer)
    rehearsal: Mapped[bool] = mapped_column(Boolean, default=False)
    facts_json: Mapped[str] = mapped_column(Text, default="{}")
    source_plan: Mapped[str | None] = mapped_column(String(64), nullable=True)
    scenario_token: Mapped[str | None] = mapped_column(String(64), nullable=True)
    next_seat: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    code_expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    delete_after: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    timer_ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True),
                                                           nullable=True)  # revision 0011
    # The rule the room is discussing, set by the facilitator (revision 0013).
    focus_rule: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # A workshop for a moment of a network's check-ins (revision 0009); None for one
    # on the golden rules.
    network_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    moment: Mapped[str | None] = mapped_column(String(8), nullable=True)
    recorded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True),
                                                         nullable=True)


class WorkshopTallyRow(Base):
    """The votes' part of a workshop's version (revision 0012): one row per
    workshop, bumped by every vote that changes anything."""

    __tablename__ = "workshop_tallies"
    workshop_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    votes: Mapped[int] = mapped_column(Integer, default=0)


class WorkshopRuleRow(Base):
    __tablename__ = "workshop_rules"
    workshop_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    statements_json: Mapped[str] = mapped_column(Text)
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    discussed: Mapped[bool] = mapped_column(Boolean, default=False)
    revealed: Mapped[int] = mapped_column(Integer, default=0)


class ParticipantRow(Base):
    __tablename__ = "workshop_participants"
    __table_args__ = (UniqueConstraint("workshop_id", "seat", name="uq_participant_seat"),)
    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    seat: Mapped[int] = mapped_column(Integer)
    simulated: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class VoteRow(Base):
    __tablename__ = "workshop_votes"
    __table_args__ = (Index("ix_workshop_votes_round", "workshop_id", "round"),)
    participant_token: Mapped[str] = mapped_column(
        String(64), ForeignKey("workshop_participants.token", ondelete="CASCADE"),
        primary_key=True)
    statement_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    round: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("workshops.id", ondelete="CASCADE"))
    rule_id: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


WHAT_MAX = max_length(AgreedActionFields, "what")
WHO_MAX = max_length(AgreedActionFields, "who")


class AgreedActionRow(Base):
    """An action the room agreed in the decide phase: what, who (a role, free
    text), by when, in the facilitator's order. Deleted with its workshop."""

    __tablename__ = "workshop_actions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    what: Mapped[str] = mapped_column(String(WHAT_MAX))
    who: Mapped[str] = mapped_column(String(WHO_MAX))
    due: Mapped[date] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


W = WorkshopRow.__table__.c
T = WorkshopTallyRow.__table__.c
R = WorkshopRuleRow.__table__.c
P = ParticipantRow.__table__.c
V = VoteRow.__table__.c
A = AgreedActionRow.__table__.c

# A workshop's version as screens and phones compare it: its changes plus its votes.
_WITH_TALLY = WorkshopRow.__table__.outerjoin(WorkshopTallyRow.__table__,
                                              T.workshop_id == W.id)
_VERSION = W.version + func.coalesce(T.votes, 0)


@dataclass(frozen=True)
class Workshop:
    id: str
    code: str
    language: str
    version: int
    state: phases.State
    anonymity: Anonymity
    rehearsal: bool
    facts: Answers
    source_plan: str | None
    scenario_token: str | None
    participants: int
    created_at: datetime
    code_expires_at: datetime
    delete_after: datetime
    timer_ends_at: datetime | None = None  # the facilitator's timer, when running
    focus_rule: str | None = None  # the rule in focus (the room discusses it), if any
    network_id: str | None = None  # a check-in moment's workshop: its network
    moment: str | None = None  # … and its moment (start, mid, end); None: the rules
    recorded_at: datetime | None = None  # when its room was last put into the moment
    # The part of `version` that is not votes (workshops.version): a view whose
    # drawing depends only on the state compares this one (`versions`).
    state_version: int = 0

    @property
    def phase(self) -> phases.Phase:
        return self.state.phase

    @property
    def for_moment(self) -> bool:
        """Rates a check-in moment's statements (not a plan: no scenario, no score)."""
        return self.network_id is not None and self.moment is not None


@dataclass(frozen=True)
class Participant:
    token: str
    workshop_id: str
    seat: int  # a number to show the facilitator ("deelnemer 7"); never a name
    simulated: bool


@dataclass(frozen=True)
class Room:
    """A workshop as a screen draws it, read in one transaction (`WorkshopStore.room`):
    the workshop, how many answered each statement per round (no values), and the
    answers of the rules revealed in a round (without who gave them). A round's
    answers of a rule that is not revealed in it are not read at all."""

    workshop: Workshop
    answered: dict[int, dict[str, int]]  # round -> statement -> how many answered
    revealed_votes: dict[int, dict[str, list[Vote]]]  # round -> statement -> answers


@dataclass(frozen=True)
class PhoneSnapshot:
    """What one phone draws, read in one transaction (`WorkshopStore.phone`): the
    participant, their own answers by (statement, round), and the room."""

    participant: Participant
    own: dict[tuple[str, int], Vote]
    room: Room


@dataclass(frozen=True)
class AgreedAction:
    id: str
    position: int  # 0, 1, 2 … in the facilitator's order
    what: str
    who: str  # a role, as typed (escape on display)
    due: date


def encode_vote(value: Vote) -> str:
    """A vote as stored: '1'..'5' or 'unknown' (also storage/checkins.py)."""
    return UNKNOWN if value == UNKNOWN else str(int(value))


def decode_vote(raw: str) -> Vote:
    return UNKNOWN if raw == UNKNOWN else int(raw)


@_translate_errors
class WorkshopStore:
    """Create and run workshops. Thread-safe: one connection per call."""

    def __init__(self, url: str, *, echo: bool = False):
        self.engine: Engine = store_engine(url, echo=echo)

    def dispose(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------- workshops
    def create(self, *, code_factory: Callable[[], str], secret_hash: str, language: str,
               rules: dict[str, tuple[str, ...]], anonymity: Anonymity, rehearsal: bool,
               facts: Answers, source_plan: str | None, code_expires_at: datetime,
               delete_after: datetime, created_at: datetime | None = None,
               network_id: str | None = None, moment: str | None = None) -> Workshop:
        """A new workshop in the lobby with a fresh code (another one is drawn when
        a code is taken). `network_id` and `moment`: a workshop for that check-in
        moment (both or neither)."""
        if (network_id is None) != (moment is None):
            raise ValueError("a moment's workshop needs both the network and the moment")
        workshop_id = new_token()
        for _ in range(CODE_ATTEMPTS):
            code = code_factory()
            if not is_valid_code(code):
                raise ValueError(f"not a join code: {code!r}")
            try:
                with self.engine.begin() as conn:
                    conn.execute(insert(WorkshopRow).values(
                        id=workshop_id, code=code, secret_hash=secret_hash, language=language,
                        phase=phases.Phase.LOBBY.value, version=0,
                        min_figure=anonymity.min_figure,
                        min_distribution=anonymity.min_distribution, rehearsal=rehearsal,
                        facts_json=json.dumps(facts), source_plan=source_plan,
                        scenario_token=None, next_seat=1,
                        created_at=created_at or _now(),
                        code_expires_at=code_expires_at, delete_after=delete_after,
                        network_id=network_id, moment=moment))
                    conn.execute(insert(WorkshopTallyRow).values(workshop_id=workshop_id,
                                                                 votes=0))
                    for position, (rule_id, statements) in enumerate(rules.items()):
                        conn.execute(insert(WorkshopRuleRow).values(
                            workshop_id=workshop_id, rule_id=rule_id, position=position,
                            statements_json=json.dumps(list(statements)), is_open=True,
                            locked=False, discussed=False, revealed=0))
            except IntegrityError:
                continue  # the code is taken: draw another
            found = self.get(workshop_id)
            assert found is not None
            return found
        raise StorageUnavailable("no free join code")

    def get(self, workshop_id: str) -> Workshop | None:
        if not is_valid_token(workshop_id):
            return None
        with self.engine.connect() as conn:
            return self._read(conn, workshop_id)

    def by_code(self, code: str) -> Workshop | None:
        """The workshop with this code (stored form), expired or not; None if none."""
        if not is_valid_code(code):
            return None
        with self.engine.connect() as conn:
            found = conn.scalar(select(W.id).where(W.code == code))
            return None if found is None else self._read(conn, found)

    def control_hash(self, workshop_id: str) -> str | None:
        """The stored hash of the facilitator's secret (services compare it)."""
        if not is_valid_token(workshop_id):
            return None
        with self.engine.connect() as conn:
            return conn.scalar(select(W.secret_hash).where(W.id == workshop_id))

    def version(self, workshop_id: str) -> int | None:
        """The workshop's version: what a polling screen compares (one indexed read)."""
        if not is_valid_token(workshop_id):
            return None
        with self.engine.connect() as conn:
            return conn.scalar(select(_VERSION).select_from(_WITH_TALLY)
                               .where(W.id == workshop_id))

    def versions(self, workshop_id: str) -> tuple[int, int] | None:
        """The workshop's state version (every change but a vote) and its version
        (with the votes), in one indexed read; None when unknown."""
        if not is_valid_token(workshop_id):
            return None
        with self.engine.connect() as conn:
            row = conn.execute(select(W.version, _VERSION).select_from(_WITH_TALLY)
                               .where(W.id == workshop_id)).first()
        return None if row is None else (int(row[0]), int(row[1]))

    def room(self, workshop_id: str) -> Room | None:
        """The workshop, the counts of who answered and the revealed answers, in one
        transaction (a screen's or a phone's read); None when unknown or deleted."""
        if not is_valid_token(workshop_id):
            return None
        with self.engine.connect() as conn:
            return self._room(conn, workshop_id)

    def phone(self, token: str) -> PhoneSnapshot | None:
        """A participant, their own answers and their workshop's room, in one
        transaction: all a phone's full run reads. None for an unknown or removed
        token."""
        if not is_valid_token(token):
            return None
        with self.engine.connect() as conn:
            row = conn.execute(select(ParticipantRow.__table__).where(P.token == token)).first()
            if row is None:
                return None
            room = self._room(conn, row.workshop_id)
            if room is None:
                return None
            own = conn.execute(select(V.statement_id, V.round, V.value)
                               .where(V.participant_token == token)).all()
        return PhoneSnapshot(Participant(row.token, row.workshop_id, row.seat, row.simulated),
                             {(r.statement_id, r.round): decode_vote(r.value) for r in own},
                             room)

    def _room(self, conn: Connection, workshop_id: str) -> Room | None:
        # The workshop first: its version is then never newer than what the counts
        # and answers read after it show (on PostgreSQL each statement sees what was
        # committed when it started), so a poll that finds a newer version reads again.
        workshop = self._read(conn, workshop_id)
        if workshop is None:
            return None
        answered = self._answered(conn, workshop_id)
        revealed_votes: dict[int, dict[str, list[Vote]]] = {}
        for rnd in phases.ROUNDS:
            rules = [r.rule_id for r in workshop.state.rules if r.revealed >= rnd]
            revealed_votes[rnd] = self._votes(conn, workshop_id, rnd, rules) if rules else {}
        return Room(workshop, answered, revealed_votes)

    @staticmethod
    def _answered(conn: Connection, workshop_id: str) -> dict[int, dict[str, int]]:
        answered: dict[int, dict[str, int]] = {rnd: {} for rnd in phases.ROUNDS}
        for sid, rnd, n in conn.execute(
                select(V.statement_id, V.round, func.count())
                .where(V.workshop_id == workshop_id).group_by(V.statement_id, V.round)):
            answered.setdefault(int(rnd), {})[sid] = int(n)
        return answered

    def answered_by_round(self, workshop_id: str) -> dict[int, dict[str, int]]:
        """How many answered each statement, per round (no values): what changes
        when someone votes and nothing else does (one statement)."""
        with self.engine.connect() as conn:
            return self._answered(conn, workshop_id)

    @staticmethod
    def _rules(conn: Connection, workshop_id: str, phase: str) -> phases.State:
        rules = conn.execute(select(WorkshopRuleRow.__table__)
                             .where(R.workshop_id == workshop_id).order_by(R.position)).all()
        return phases.State(phases.Phase(phase), tuple(
            phases.RuleState(r.rule_id, tuple(json.loads(r.statements_json)), open=r.is_open,
                             locked=r.locked, discussed=r.discussed, revealed=r.revealed)
            for r in rules))

    def _read(self, conn: Connection, workshop_id: str) -> Workshop | None:
        row = conn.execute(select(WorkshopRow.__table__, _VERSION.label("current"))
                           .select_from(_WITH_TALLY).where(W.id == workshop_id)).first()
        if row is None:
            return None
        state = self._rules(conn, workshop_id, row.phase)
        count = conn.scalar(select(func.count()).select_from(ParticipantRow)
                            .where(P.workshop_id == workshop_id)) or 0
        return Workshop(id=row.id, code=row.code, language=row.language, version=row.current,
                        state=state,
                        anonymity=Anonymity(min_figure=row.min_figure,
                                            min_distribution=row.min_distribution),
                        rehearsal=row.rehearsal, facts=json.loads(row.facts_json),
                        source_plan=row.source_plan, scenario_token=row.scenario_token,
                        participants=int(count), created_at=_aware(row.created_at),
                        code_expires_at=_aware(row.code_expires_at),
                        delete_after=_aware(row.delete_after),
                        network_id=row.network_id, moment=row.moment,
                        recorded_at=None if row.recorded_at is None
                        else _aware(row.recorded_at),
                        timer_ends_at=None if row.timer_ends_at is None
                        else _aware(row.timer_ends_at),
                        focus_rule=row.focus_rule, state_version=row.version)

    def _lock(self, conn: Connection, workshop_id: str) -> None:
        """First statement of a change (but a vote's): a write that bumps the version
        and takes the row lock (PostgreSQL) or the database's write lock (SQLite), so
        check and write are one step."""
        if not conn.execute(update(WorkshopRow).where(W.id == workshop_id)
                            .values(version=W.version + 1)).rowcount:
            raise WorkshopNotFound(workshop_id)

    # ----------------------------------------------------------------- state
    def change(self, workshop_id: str,
               step: Callable[[phases.State], phases.State],
               refocus: Refocus | None = None) -> Workshop:
        """Apply a pure step of workshop.phases to the stored state, in one
        transaction; a step the state does not allow raises ActionRefused. With
        `refocus`, the rule in focus becomes refocus(new state, focus before), in
        the same transaction (e.g. a phase change)."""
        return self._apply(workshop_id, lambda s: (step(s), None), refocus)

    def reset_rule(self, workshop_id: str, rule_id: str) -> Workshop:
        """Start the rule's current round over: its votes of that round are deleted."""
        return self._apply(workshop_id, lambda s: _reset(s, rule_id))

    def _apply(self, workshop_id: str, step: Callable[
            [phases.State], tuple[phases.State, tuple[str, int] | None]],
            refocus: Refocus | None = None) -> Workshop:
        if not is_valid_token(workshop_id):
            raise WorkshopNotFound(workshop_id)
        with self.engine.begin() as conn:
            self._lock(conn, workshop_id)
            current = self._read(conn, workshop_id)
            assert current is not None
            try:
                state, clear = step(current.state)
            except phases.PhaseError as exc:
                raise ActionRefused(exc.reason) from exc
            values: dict[str, Any] = {"phase": state.phase.value}
            if refocus is not None:
                values["focus_rule"] = _known(state, refocus(state, current.focus_rule))
            conn.execute(update(WorkshopRow).where(W.id == workshop_id).values(**values))
            for rule in state.rules:
                conn.execute(update(WorkshopRuleRow)
                             .where(R.workshop_id == workshop_id, R.rule_id == rule.rule_id)
                             .values(is_open=rule.open, locked=rule.locked,
                                     discussed=rule.discussed, revealed=rule.revealed))
            if clear is not None:
                rule_id, round_ = clear
                conn.execute(delete(VoteRow).where(V.workshop_id == workshop_id,
                                                   V.rule_id == rule_id, V.round == round_))
            changed = self._read(conn, workshop_id)
        assert changed is not None
        return changed

    def set_timer(self, workshop_id: str, ends_at: datetime | None) -> None:
        """Start (when it ends) or stop (None) the facilitator's timer; bumps the
        version, so every screen draws it on its next tick."""
        if not is_valid_token(workshop_id):
            raise WorkshopNotFound(workshop_id[:12])
        with self.engine.begin() as conn:
            self._lock(conn, workshop_id)
            conn.execute(update(WorkshopRow).where(W.id == workshop_id)
                         .values(timer_ends_at=ends_at))

    def set_focus(self, workshop_id: str, rule_id: str | None) -> Workshop:
        """Put a rule of the workshop in focus (None: none); bumps the version, so
        every screen draws it on its next tick. A rule not in the workshop raises
        ActionRefused("unknown_rule") and changes nothing."""
        if not is_valid_token(workshop_id):
            raise WorkshopNotFound(workshop_id[:12])
        with self.engine.begin() as conn:
            self._lock(conn, workshop_id)
            current = self._read(conn, workshop_id)
            assert current is not None
            _known(current.state, rule_id)
            conn.execute(update(WorkshopRow).where(W.id == workshop_id)
                         .values(focus_rule=rule_id))
            changed = self._read(conn, workshop_id)
        assert changed is not None
        return changed

    def set_recorded(self, workshop_id: str, at: datetime) -> None:
        """A moment's workshop: its room's answers were put into the moment at `at`."""
        with self.engine.begin() as conn:
            self._lock(conn, workshop_id)
            conn.execute(update(WorkshopRow).where(W.id == workshop_id)
                         .values(recorded_at=at))

    def set_scenario(self, workshop_id: str, plan_token: str) -> None:
        with self.engine.begin() as conn:
            self._lock(conn, workshop_id)
            conn.execute(update(WorkshopRow).where(W.id == workshop_id)
                         .values(scenario_token=plan_token))

    # ---------------------------------------------------------- participants
    def join(self, workshop_id: str, *, simulated: bool = False,
             max_participants: int) -> Participant:
        """A new participant with an unguessable token and the next seat number."""
        with self.engine.begin() as conn:
            self._lock(conn, workshop_id)
            row = conn.execute(select(W.next_seat, W.phase).where(W.id == workshop_id)).one()
            if row.phase == phases.Phase.CLOSE.value:
                raise ActionRefused("closed")
            count = conn.scalar(select(func.count()).select_from(ParticipantRow)
                                .where(P.workshop_id == workshop_id)) or 0
            if count >= max_participants:
                raise ActionRefused("full")
            token = new_token()
            conn.execute(insert(ParticipantRow).values(
                token=token, workshop_id=workshop_id, seat=row.next_seat, simulated=simulated,
                joined_at=_now()))
            conn.execute(update(WorkshopRow).where(W.id == workshop_id)
                         .values(next_seat=row.next_seat + 1))
        return Participant(token, workshop_id, row.next_seat, simulated)

    def participant(self, token: str) -> Participant | None:
        if not is_valid_token(token):
            return None
        with self.engine.connect() as conn:
            row = conn.execute(select(ParticipantRow.__table__).where(P.token == token)).first()
        return None if row is None else Participant(row.token, row.workshop_id, row.seat,
                                                    row.simulated)

    def seats(self, workshop_id: str) -> list[int]:
        """The seat numbers of the participants now in the workshop."""
        with self.engine.connect() as conn:
            return list(conn.scalars(select(P.seat).where(P.workshop_id == workshop_id)
                                     .order_by(P.seat)))

    def remove_participant(self, workshop_id: str, seat: int) -> None:
        """Remove a participant and every answer they gave."""
        with self.engine.begin() as conn:
            self._lock(conn, workshop_id)
            if not conn.execute(delete(ParticipantRow).where(
                    P.workshop_id == workshop_id, P.seat == seat)).rowcount:
                raise ParticipantNotFound(f"seat {seat}")
            # Explicit as well as by the foreign key (whatever the database's settings).
            conn.execute(delete(VoteRow).where(V.workshop_id == workshop_id,
                                               V.participant_token.not_in(
                                                   select(P.token).where(
                                                       P.workshop_id == workshop_id))))

    # ------------------------------------------------------------------ votes
    def vote(self, token: str, statement_id: str, value: Vote, round_: int | None = None
             ) -> bool:
        """Store this participant's answer (idempotent) in `round_` (None: the round
        being voted now); True when it changed anything (and the version was
        bumped). ActionRefused with the reason when the workshop takes no vote on
        this statement now; ParticipantNotFound for an unknown or removed token."""
        if not is_valid_token(token):
            raise ParticipantNotFound(token[:12])
        encoded = encode_vote(value)
        with self.engine.begin() as conn:
            workshop_id, phase = self._hold_for_vote(conn, token)
            state = self._rules(conn, workshop_id, phase)
            if round_ is None:
                round_ = state.voting_round or 0
            refusal = phases.vote_refusal(state, statement_id, round_)
            if refusal is not None:
                raise ActionRefused(refusal)
            rule_id = state.rule_of(statement_id).rule_id
            # One upsert: a new answer is inserted, another one replaces it, the same
            # one again changes no row (and bumps nothing).
            upsert = (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(
                VoteRow).values(participant_token=token, statement_id=statement_id,
                                round=round_, workshop_id=workshop_id, rule_id=rule_id,
                                value=encoded, updated_at=_now())
            written = conn.execute(upsert.on_conflict_do_update(
                index_elements=[V.participant_token, V.statement_id, V.round],
                set_={"value": upsert.excluded.value, "updated_at": upsert.excluded.updated_at},
                where=V.value != upsert.excluded.value).returning(V.round)).first()
            if written is None:  # (RETURNING: the drivers' rowcount of an upsert varies)
                return False
            # Last: the one lock votes take exclusively, held only until the commit.
            conn.execute(update(WorkshopTallyRow).where(T.workshop_id == workshop_id)
                         .values(votes=T.votes + 1))
        return True

    @staticmethod
    def _hold_for_vote(conn: Connection, token: str) -> tuple[str, str]:
        """The first statements of a vote: the participant's workshop and its phase,
        with the workshop held so that no facilitator's change (phase, lock, reveal,
        reset, removal: all take the workshop row exclusively, `_lock`) commits
        before the vote does, while other votes go on; ParticipantNotFound for an
        unknown token or one removed meanwhile. PostgreSQL: a shared lock on the
        workshop row. SQLite: the database's write lock (pysqlite starts the
        transaction at the first write, so that write comes before the reads it
        protects)."""
        joined = select(W.id, W.phase).select_from(
            ParticipantRow.__table__.join(WorkshopRow.__table__, P.workshop_id == W.id)
        ).where(P.token == token)
        if conn.dialect.name == "sqlite":
            workshop_id = conn.scalar(select(P.workshop_id).where(P.token == token))
            if workshop_id is None:
                raise ParticipantNotFound(token[:12])
            if not conn.execute(update(WorkshopTallyRow).where(T.workshop_id == workshop_id)
                                .values(votes=T.votes)).rowcount:
                raise WorkshopNotFound(workshop_id)
        elif conn.execute(joined.with_for_update(read=True, of=WorkshopRow.__table__)
                          ).first() is None:
            raise ParticipantNotFound(token[:12])
        # Read again under the lock: a removal that committed while this vote waited
        # for the lock is seen (the locking read's other rows are from before it).
        row = conn.execute(joined).first()
        if row is None:
            raise ParticipantNotFound(token[:12])  # removed meanwhile
        return str(row.id), str(row.phase)

    def own_votes(self, token: str) -> dict[tuple[str, int], Vote]:
        """One participant's own answers by (statement, round): to show them again
        after a refresh. Only ever for the participant's own token."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(V.statement_id, V.round, V.value)
                                .where(V.participant_token == token)).all()
        return {(r.statement_id, r.round): decode_vote(r.value) for r in rows}

    def answered(self, workshop_id: str, round_: int) -> dict[str, int]:
        """How many answered each statement in this round (no values)."""
        return self.answered_by_round(workshop_id).get(round_, {})

    def votes(self, workshop_id: str, round_: int,
              rule_ids: Collection[str] | None = None) -> dict[str, list[Vote]]:
        """The answers per statement in this round (of these rules), without who
        gave them. The service reads only rules whose round is revealed."""
        if rule_ids is not None and not rule_ids:
            return {}
        with self.engine.connect() as conn:
            return self._votes(conn, workshop_id, round_, rule_ids)

    @staticmethod
    def _votes(conn: Connection, workshop_id: str, round_: int,
               rule_ids: Collection[str] | None) -> dict[str, list[Vote]]:
        query = select(V.statement_id, V.value).where(V.workshop_id == workshop_id,
                                                      V.round == round_)
        if rule_ids is not None:
            query = query.where(V.rule_id.in_(list(rule_ids)))
        rows = conn.execute(query.order_by(V.statement_id, V.value)).all()
        out: dict[str, list[Vote]] = {}
        for sid, raw in rows:
            out.setdefault(sid, []).append(decode_vote(raw))
        return out

    def votes_by_participant(self, workshop_id: str, round_: int,
                             rule_ids: Collection[str]) -> dict[str, dict[str, Vote]]:
        """Each real (not simulated) participant's answers in this round to the
        statements of these rules, by participant token. Only for feeding a
        check-in moment, where each participant becomes one respondent of the
        network; never for a screen."""
        if not rule_ids:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(V.participant_token, V.statement_id, V.value)
                .join(ParticipantRow, P.token == V.participant_token)
                .where(V.workshop_id == workshop_id, V.round == round_,
                       V.rule_id.in_(list(rule_ids)), P.simulated.is_(False))
                .order_by(V.participant_token, V.statement_id)).all()
        out: dict[str, dict[str, Vote]] = {}
        for token, sid, raw in rows:
            out.setdefault(token, {})[sid] = decode_vote(raw)
        return out

    def for_network(self, network_id: str) -> list[Workshop]:
        """The workshops run for this network's check-in moments, oldest first."""
        if not is_valid_token(network_id):
            return []
        with self.engine.connect() as conn:
            ids = list(conn.scalars(select(W.id).where(W.network_id == network_id)
                                    .order_by(W.created_at, W.id)))
            found = [self._read(conn, i) for i in ids]
        return [w for w in found if w is not None]

    # ----------------------------------------------------------- agreed actions
    def actions(self, workshop_id: str) -> list[AgreedAction]:
        """The workshop's agreed actions in their order (WorkshopNotFound if none)."""
        if not is_valid_token(workshop_id):
            raise WorkshopNotFound(workshop_id[:12])
        with self.engine.connect() as conn:
            if conn.scalar(select(W.id).where(W.id == workshop_id)) is None:
                raise WorkshopNotFound(workshop_id[:12])
            return self._actions(conn, workshop_id)

    @staticmethod
    def _actions(conn: Connection, workshop_id: str) -> list[AgreedAction]:
        rows = conn.execute(select(AgreedActionRow.__table__)
                            .where(A.workshop_id == workshop_id)
                            .order_by(A.position, A.updated_at)).all()
        return [AgreedAction(r.id, i, r.what, r.who, r.due) for i, r in enumerate(rows)]

    def add_action(self, workshop_id: str, *, what: str, who: str, due: date,
                   max_actions: int, position: int | None = None) -> AgreedAction:
        """Add an action at the end, or at `position` (an undone removal goes back
        where it was). ActionRefused("too_many") beyond `max_actions`. Bumps the
        version, like every change of a workshop."""
        if not is_valid_token(workshop_id):
            raise WorkshopNotFound(workshop_id[:12])
        with self.engine.begin() as conn:
            self._lock(conn, workshop_id)
            current = self._actions(conn, workshop_id)
            if len(current) >= max_actions:
                raise ActionRefused("too_many")
            at = len(current) if position is None else max(0, min(position, len(current)))
            for later in current[at:]:  # renumber: make room at `at`
                conn.execute(update(AgreedActionRow).where(A.id == later.id)
                             .values(position=later.position + 1))
            for earlier in current[:at]:
                conn.execute(update(AgreedActionRow).where(A.id == earlier.id)
                             .values(position=earlier.position))
            action_id = new_token()
            conn.execute(insert(AgreedActionRow).values(
                id=action_id, workshop_id=workshop_id, position=at, what=what[:WHAT_MAX],
                who=who[:WHO_MAX], due=due, updated_at=_now()))
        return AgreedAction(action_id, at, what[:WHAT_MAX], who[:WHO_MAX], due)

    def update_action(self, workshop_id: str, action_id: str, *, what: str, who: str,
                      due: date) -> AgreedAction:
        """Change an action (AgreedActionNotFound when it was removed meanwhile)."""
        if not is_valid_token(workshop_id):
            raise WorkshopNotFound(workshop_id[:12])
        with self.engine.begin() as conn:
            self._lock(conn, workshop_id)
            if not is_valid_token(action_id) or not conn.execute(
                    update(AgreedActionRow)
                    .where(A.id == action_id, A.workshop_id == workshop_id)
                    .values(what=what[:WHAT_MAX], who=who[:WHO_MAX], due=due,
                            updated_at=_now())).rowcount:
                raise AgreedActionNotFound(action_id[:12])
            found = next(a for a in self._actions(conn, workshop_id) if a.id == action_id)
        return found

    def remove_action(self, workshop_id: str, action_id: str) -> AgreedAction:
        """Remove an action; returns it as it was (position included), for an undo."""
        if not is_valid_token(workshop_id):
            raise WorkshopNotFound(workshop_id[:12])
        with self.engine.begin() as conn:
            self._lock(conn, workshop_id)
            found = next((a for a in self._actions(conn, workshop_id) if a.id == action_id),
                         None)
            if found is None:
                raise AgreedActionNotFound(action_id[:12])
            conn.execute(delete(AgreedActionRow).where(A.id == action_id))
        return found

    # -------------------------------------------------------------- retention
    def purge(self, now: datetime) -> int:
        """Delete every workshop whose retention ended (with its participants,
        votes and agreed actions); a scenario saved from one is a plan and is not
        touched."""
        with self.engine.begin() as conn:
            # The workshop rows first, as every change takes them (a vote in flight
            # holds its workshop shared and then wants its tally row).
            ids = list(conn.scalars(select(W.id).where(W.delete_after <= now)
                                    .with_for_update()))
            if not ids:
                return 0
            for table in (VoteRow, ParticipantRow, WorkshopRuleRow, AgreedActionRow,
                          WorkshopTallyRow):
                conn.execute(delete(table).where(table.__table__.c.workshop_id.in_(ids)))
            conn.execute(delete(WorkshopRow).where(W.id.in_(ids)))
        return len(ids)


def _known(state: phases.State, rule_id: str | None) -> str | None:
    """`rule_id` when it is one of the workshop's rules (or None); else refused."""
    if rule_id is not None and all(r.rule_id != rule_id for r in state.rules):
        raise ActionRefused("unknown_rule")
    return rule_id


def _reset(state: phases.State, rule_id: str
           ) -> tuple[phases.State, tuple[str, int] | None]:
    new, round_ = phases.reset(state, rule_id)
    return new, (rule_id, round_)
