"""The check-in store: networks (a plan that has started), their moments, the
respondents (an unguessable token each, never a name) with their own learning
question, their answers and stories per moment, and the rule-10 decision.

Answers are stored per respondent, so a respondent can see and change their own
answers; everything read for the network (`votes`, `stories`,
`shared_learning_questions`) comes back without who gave it. An answer is an
idempotent upsert checked against the moment's state inside the transaction that
writes it: a moment that is not open, or closed meanwhile, takes no answer. Every
change bumps the network's `version` in the same transaction (one indexed read
for a screen that polls).

Like PlanStore, every public method raises only storage.errors.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Mapped, mapped_column

from storage.errors import ActionRefused, NetworkNotFound, RespondentNotFound
from storage.plans import (
    Base,
    PlanRow,
    _aware,
    _now,
    _translate_errors,
    is_valid_token,
    new_token,
    store_engine,
)
from storage.workshops import decode_vote, encode_vote
from workshop.aggregate import Vote

MOMENT_SOURCES = ("alone", "workshop")  # how a moment is answered


class NetworkRow(Base):
    __tablename__ = "networks"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    plan_token: Mapped[str] = mapped_column(String(64), index=True)
    language: Mapped[str] = mapped_column(String(5))
    version: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decision: Mapped[str | None] = mapped_column(String(16), nullable=True)
    follow_up: Mapped[date | None] = mapped_column(Date, nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Revision 0010: deleted by its initiator (restorable for the undo window), and
    # the last activity, from which the retention is counted.
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True,
                                                        index=True)
    changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True,
                                                        index=True)


class MomentRow(Base):
    __tablename__ = "network_moments"
    network_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True)
    moment: Mapped[str] = mapped_column(String(8), primary_key=True)
    source: Mapped[str] = mapped_column(String(16))
    workshop_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class RespondentRow(Base):
    __tablename__ = "network_respondents"
    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    network_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    learning_question: Mapped[str] = mapped_column(Text, default="")
    learning_shared: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class NetworkAnswerRow(Base):
    __tablename__ = "network_answers"
    respondent_token: Mapped[str] = mapped_column(
        String(64), ForeignKey("network_respondents.token", ondelete="CASCADE"),
        primary_key=True)
    moment: Mapped[str] = mapped_column(String(8), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    network_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    value: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class StoryRow(Base):
    __tablename__ = "network_stories"
    respondent_token: Mapped[str] = mapped_column(
        String(64), ForeignKey("network_respondents.token", ondelete="CASCADE"),
        primary_key=True)
    moment: Mapped[str] = mapped_column(String(8), primary_key=True)
    story_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    network_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


N = NetworkRow.__table__.c
M = MomentRow.__table__.c
RS = RespondentRow.__table__.c
A = NetworkAnswerRow.__table__.c
S = StoryRow.__table__.c


@dataclass(frozen=True)
class MomentState:
    moment: str
    source: str  # "alone" or "workshop"
    workshop_id: str | None
    opened_at: datetime
    closed_at: datetime | None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class DecisionRecord:
    choice: str  # content.checkins.DECISIONS
    follow_up: date | None
    decided_at: datetime


@dataclass(frozen=True)
class Network:
    id: str
    plan_token: str
    language: str
    version: int
    started_at: datetime
    moments: tuple[MomentState, ...]  # in the order they were opened
    respondents: int
    decision: DecisionRecord | None
    deleted_at: datetime | None = None  # deleted by its initiator: restorable for a while
    changed_at: datetime | None = None  # the last activity (None: only started)

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def last_activity(self) -> datetime:
        return self.changed_at or self.started_at

    def moment(self, moment: str) -> MomentState | None:
        return next((m for m in self.moments if m.moment == moment), None)


@dataclass(frozen=True)
class Respondent:
    token: str
    network_id: str


@dataclass(frozen=True)
class OwnAnswers:
    """One respondent's own answers: to show them again. Only for their own token."""

    answers: dict[tuple[str, str], Vote]  # (moment, item) -> answer
    stories: dict[tuple[str, str], str]  # (moment, story) -> text
    learning_question: str
    learning_shared: bool


@_translate_errors
class NetworkStore:
    """Networks and their check-ins. Thread-safe: one connection per call."""

    def __init__(self, url: str, *, echo: bool = False):
        self.engine: Engine = store_engine(url, echo=echo)

    def dispose(self) -> None:
        self.engine.dispose()

    # -------------------------------------------------------------- networks
    def create(self, plan_token: str, language: str,
               started_at: datetime | None = None) -> Network:
        network_id = new_token()
        with self.engine.begin() as conn:
            started = started_at or _now()
            conn.execute(insert(NetworkRow).values(
                id=network_id, plan_token=plan_token, language=language, version=0,
                started_at=started, changed_at=started))
        found = self.get(network_id)
        assert found is not None
        return found

    def get(self, network_id: str) -> Network | None:
        if not is_valid_token(network_id):
            return None
        with self.engine.connect() as conn:
            return self._read(conn, network_id)

    def for_plan(self, plan_token: str, *, deleted: bool = False) -> list[Network]:
        """The networks started from this plan, oldest first (or those deleted and
        not yet purged)."""
        flag = N.deleted_at.is_not(None) if deleted else N.deleted_at.is_(None)
        with self.engine.connect() as conn:
            ids = list(conn.scalars(select(N.id).where(N.plan_token == plan_token, flag)
                                    .order_by(N.started_at, N.id)))
            found = [self._read(conn, i) for i in ids]
        return [n for n in found if n is not None]

    def version(self, network_id: str) -> int | None:
        if not is_valid_token(network_id):
            return None
        with self.engine.connect() as conn:
            return conn.scalar(select(N.version).where(N.id == network_id))

    def delete(self, network_id: str) -> None:
        """The network and everything answered in it, for good."""
        with self.engine.begin() as conn:
            if not is_valid_token(network_id) or conn.scalar(
                    select(N.id).where(N.id == network_id)) is None:
                raise NetworkNotFound(network_id[:12])
            self._remove(conn, [network_id])

    @staticmethod
    def _remove(conn: Connection, ids: list[str]) -> None:
        for table in (StoryRow, NetworkAnswerRow, RespondentRow, MomentRow):
            conn.execute(delete(table).where(table.__table__.c.network_id.in_(ids)))
        conn.execute(delete(NetworkRow).where(N.id.in_(ids)))

    def soft_delete(self, network_id: str, at: datetime | None = None) -> Network:
        """Mark the network deleted: it takes no change and shows nothing until it is
        restored; everything in it stays until `purge`. A deleted network is not
        deleted again (NetworkNotFound, as for every change to it)."""
        with self.engine.begin() as conn:
            self._lock(conn, network_id)
            conn.execute(update(NetworkRow).where(N.id == network_id)
                         .values(deleted_at=at or _now()))
            found = self._read(conn, network_id)
        assert found is not None
        return found

    def restore(self, network_id: str, at: datetime | None = None) -> Network:
        """A deleted network back as it was (a network that is not deleted: as is)."""
        with self.engine.begin() as conn:
            if not is_valid_token(network_id) or not conn.execute(
                    update(NetworkRow).where(N.id == network_id)
                    .values(deleted_at=None, version=N.version + 1,
                            changed_at=at or _now())).rowcount:
                raise NetworkNotFound(network_id[:12])
            found = self._read(conn, network_id)
        assert found is not None
        return found

    def purge(self, *, deleted_before: datetime, inactive_before: datetime) -> int:
        """Delete for good, with everything answered in them, the networks deleted
        before `deleted_before` (their undo window is over) and those whose last
        activity and follow-up date both lie before `inactive_before` (their
        retention is over). Returns how many."""
        with self.engine.begin() as conn:
            last = func.coalesce(N.changed_at, N.started_at)
            ids = list(conn.scalars(select(N.id).where(
                (N.deleted_at.is_not(None) & (N.deleted_at <= deleted_before))
                | ((last <= inactive_before)
                   & (N.follow_up.is_(None) | (N.follow_up < inactive_before.date()))))))
            if ids:
                self._remove(conn, ids)
        return len(ids)

    @staticmethod
    def _read(conn: Connection, network_id: str) -> Network | None:
        row = conn.execute(select(NetworkRow.__table__).where(N.id == network_id)).first()
        if row is None:
            return None
        moments = tuple(
            MomentState(m.moment, m.source, m.workshop_id, _aware(m.opened_at),
                        None if m.closed_at is None else _aware(m.closed_at))
            for m in conn.execute(select(MomentRow.__table__).where(M.network_id == network_id)
                                  .order_by(M.opened_at, M.moment)))
        count = conn.scalar(select(func.count()).select_from(RespondentRow)
                            .where(RS.network_id == network_id)) or 0
        decision = None if row.decision is None or row.decided_at is None else \
            DecisionRecord(row.decision, row.follow_up, _aware(row.decided_at))
        return Network(row.id, row.plan_token, row.language, row.version,
                       _aware(row.started_at), moments, int(count), decision,
                       None if row.deleted_at is None else _aware(row.deleted_at),
                       None if row.changed_at is None else _aware(row.changed_at))

    def _lock(self, conn: Connection, network_id: str, *, bump: bool = True) -> None:
        """First statement of a change: a write that takes the row lock (PostgreSQL)
        or the write lock (SQLite), so check and write are one step; it bumps the
        version (and the last activity) unless the caller bumps only when something
        changed. A deleted network takes no change: NetworkNotFound, as if gone."""
        values = {"version": N.version + 1, "changed_at": _now()} if bump \
            else {"version": N.version}
        if not is_valid_token(network_id) or not conn.execute(
                update(NetworkRow).where(N.id == network_id, N.deleted_at.is_(None))
                .values(**values)).rowcount:
            raise NetworkNotFound(network_id[:12])

    @staticmethod
    def _bump(conn: Connection, network_id: str) -> None:
        conn.execute(update(NetworkRow).where(N.id == network_id)
                     .values(version=N.version + 1, changed_at=_now()))

    # --------------------------------------------------------------- moments
    def open_moment(self, network_id: str, moment: str, *, source: str = "alone",
                    workshop_id: str | None = None, at: datetime | None = None) -> Network:
        """Open a moment for answers (again, if it was closed: its answers stay)."""
        if source not in MOMENT_SOURCES:
            raise ValueError(f"not a source: {source!r}")
        with self.engine.begin() as conn:
            self._lock(conn, network_id)
            match = (M.network_id == network_id) & (M.moment == moment)
            if conn.scalar(select(M.moment).where(match)) is None:
                conn.execute(insert(MomentRow).values(
                    network_id=network_id, moment=moment, source=source,
                    workshop_id=workshop_id, opened_at=at or _now(), closed_at=None))
            else:
                conn.execute(update(MomentRow).where(match).values(
                    closed_at=None, source=source, workshop_id=workshop_id))
            found = self._read(conn, network_id)
        assert found is not None
        return found

    def close_moment(self, network_id: str, moment: str, at: datetime | None = None
                     ) -> Network:
        with self.engine.begin() as conn:
            self._lock(conn, network_id)
            if not conn.execute(update(MomentRow).where(
                    M.network_id == network_id, M.moment == moment)
                    .values(closed_at=at or _now())).rowcount:
                raise ActionRefused("moment_not_open")
            found = self._read(conn, network_id)
        assert found is not None
        return found

    @staticmethod
    def _check_open(conn: Connection, network_id: str, moment: str) -> None:
        """The moment takes answers now: opened, not closed, and the network's plan
        is not a deleted scenario (a deleted plan is read-only, and so is its
        network until the plan is restored)."""
        NetworkStore._check_plan(conn, network_id)
        row = conn.execute(select(M.closed_at).where(M.network_id == network_id,
                                                     M.moment == moment)).first()
        if row is None:
            raise ActionRefused("moment_not_open")
        if row.closed_at is not None:
            raise ActionRefused("moment_closed")

    @staticmethod
    def _check_plan(conn: Connection, network_id: str) -> None:
        """ActionRefused("plan_deleted") when the network's plan is a deleted scenario."""
        plan_deleted = conn.scalar(
            select(PlanRow.deleted_at).join(NetworkRow, NetworkRow.plan_token == PlanRow.token)
            .where(N.id == network_id))
        if plan_deleted is not None:
            raise ActionRefused("plan_deleted")

    # ----------------------------------------------------------- respondents
    def new_respondent(self, network_id: str, token: str | None = None) -> Respondent:
        """A new respondent with an unguessable token (or `token`, for a feed that
        derives its own)."""
        token = token or new_token()
        if not is_valid_token(token):
            raise ValueError("not a token")
        with self.engine.begin() as conn:
            self._lock(conn, network_id)
            conn.execute(insert(RespondentRow).values(
                token=token, network_id=network_id, learning_question="",
                learning_shared=False, created_at=_now()))
        return Respondent(token, network_id)

    def respondent(self, token: str) -> Respondent | None:
        if not is_valid_token(token):
            return None
        with self.engine.connect() as conn:
            found = conn.scalar(select(RS.network_id).where(RS.token == token))
        return None if found is None else Respondent(token, found)

    def _respondent_network(self, conn: Connection, token: str) -> str:
        if not is_valid_token(token):
            raise RespondentNotFound(token[:12])
        network_id = conn.scalar(select(RS.network_id).where(RS.token == token))
        if network_id is None:
            raise RespondentNotFound(token[:12])
        return network_id

    # ---------------------------------------------------------------- answers
    def answer(self, token: str, moment: str, item_id: str, value: Vote | None) -> bool:
        """Store (or with None remove) this respondent's answer to one statement at
        one moment; True when it changed anything. ActionRefused when the moment
        takes no answers now."""
        with self.engine.begin() as conn:
            network_id = self._respondent_network(conn, token)
            self._lock(conn, network_id, bump=False)
            self._check_open(conn, network_id, moment)
            changed = self._upsert(conn, network_id, token, moment, item_id, value)
            if changed:
                self._bump(conn, network_id)
        return changed

    @staticmethod
    def _upsert(conn: Connection, network_id: str, token: str, moment: str, item_id: str,
                value: Vote | None) -> bool:
        match = ((A.respondent_token == token) & (A.moment == moment) & (A.item_id == item_id))
        stored = conn.scalar(select(A.value).where(match))
        if value is None:
            if stored is None:
                return False
            conn.execute(delete(NetworkAnswerRow).where(match))
            return True
        encoded = encode_vote(value)
        if stored == encoded:
            return False
        if stored is None:
            conn.execute(insert(NetworkAnswerRow).values(
                respondent_token=token, moment=moment, item_id=item_id,
                network_id=network_id, value=encoded, updated_at=_now()))
        else:
            conn.execute(update(NetworkAnswerRow).where(match)
                         .values(value=encoded, updated_at=_now()))
        return True

    def record_answers(self, network_id: str, moment: str,
                       answers_by_respondent: Mapping[str, Mapping[str, Vote]]) -> int:
        """Many respondents' answers to one moment at once (e.g. a workshop's room),
        in one transaction: respondents not yet in the network are added under the
        given tokens. Returns how many answers changed. Reads what is stored once
        and writes in batches (a room of 150 is a few statements, not two per
        answer)."""
        if not all(is_valid_token(token) for token in answers_by_respondent):
            raise ValueError("not a token")
        tokens = list(answers_by_respondent)
        with self.engine.begin() as conn:
            self._lock(conn, network_id)
            self._check_open(conn, network_id, moment)
            owners: dict[str, str] = {}
            stored: dict[tuple[str, str], str] = {}
            for chunk in _chunks(tokens):
                owners.update({t: n for t, n in conn.execute(
                    select(RS.token, RS.network_id).where(RS.token.in_(chunk)))})
                stored.update({(t, i): v for t, i, v in conn.execute(
                    select(A.respondent_token, A.item_id, A.value)
                    .where(A.respondent_token.in_(chunk), A.moment == moment))})
            foreign = next((t for t, owner in owners.items() if owner != network_id), None)
            if foreign is not None:
                raise RespondentNotFound(foreign[:12])
            now = _now()
            new_respondents = [dict(token=t, network_id=network_id, learning_question="",
                                    learning_shared=False, created_at=now)
                               for t in tokens if t not in owners]
            added: list[dict[str, object]] = []
            changed_values: list[dict[str, object]] = []
            removed: list[dict[str, object]] = []
            for token, answers in answers_by_respondent.items():
                for item_id, value in answers.items():
                    before = stored.get((token, item_id))
                    key = dict(b_token=token, b_item=item_id)
                    if value is None:
                        if before is not None:
                            removed.append(key)
                        continue
                    encoded = encode_vote(value)
                    if before is None:
                        added.append(dict(respondent_token=token, moment=moment,
                                          item_id=item_id, network_id=network_id,
                                          value=encoded, updated_at=now))
                    elif before != encoded:
                        changed_values.append({**key, "b_value": encoded})
            if new_respondents:
                conn.execute(insert(RespondentRow), new_respondents)
            if added:
                conn.execute(insert(NetworkAnswerRow), added)
            match = ((A.respondent_token == bindparam("b_token")) & (A.moment == moment)
                     & (A.item_id == bindparam("b_item")))
            if changed_values:
                conn.execute(update(NetworkAnswerRow).where(match)
                             .values(value=bindparam("b_value"), updated_at=now),
                             changed_values)
            if removed:
                conn.execute(delete(NetworkAnswerRow).where(match), removed)
        return len(added) + len(changed_values) + len(removed)

    def save_story(self, token: str, moment: str, story_id: str, text: str) -> bool:
        """Store this respondent's story (an empty text removes it)."""
        with self.engine.begin() as conn:
            network_id = self._respondent_network(conn, token)
            self._lock(conn, network_id, bump=False)
            self._check_open(conn, network_id, moment)
            match = (S.respondent_token == token) & (S.moment == moment) & \
                (S.story_id == story_id)
            stored = conn.scalar(select(S.text).where(match))
            if stored == text or (stored is None and not text):
                return False
            self._bump(conn, network_id)
            if not text:
                conn.execute(delete(StoryRow).where(match))
            elif stored is None:
                conn.execute(insert(StoryRow).values(
                    respondent_token=token, moment=moment, story_id=story_id,
                    network_id=network_id, text=text, updated_at=_now()))
            else:
                conn.execute(update(StoryRow).where(match).values(text=text, updated_at=_now()))
        return True

    def set_learning_question(self, token: str, text: str, shared: bool) -> None:
        with self.engine.begin() as conn:
            network_id = self._respondent_network(conn, token)
            self._lock(conn, network_id)
            self._check_plan(conn, network_id)
            conn.execute(update(RespondentRow).where(RS.token == token)
                         .values(learning_question=text, learning_shared=shared))

    def own(self, token: str) -> OwnAnswers:
        with self.engine.connect() as conn:
            self._respondent_network(conn, token)
            answers = conn.execute(select(A.moment, A.item_id, A.value)
                                   .where(A.respondent_token == token)).all()
            stories = conn.execute(select(S.moment, S.story_id, S.text)
                                   .where(S.respondent_token == token)).all()
            lq = conn.execute(select(RS.learning_question, RS.learning_shared)
                              .where(RS.token == token)).one()
        return OwnAnswers({(r.moment, r.item_id): decode_vote(r.value) for r in answers},
                          {(r.moment, r.story_id): r.text for r in stories},
                          lq.learning_question, bool(lq.learning_shared))

    # ------------------------------------------------- the network's own view
    def votes(self, network_id: str) -> dict[str, dict[str, list[Vote]]]:
        """moment -> statement -> answers, without who gave them (sorted)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(A.moment, A.item_id, A.value)
                                .where(A.network_id == network_id)
                                .order_by(A.moment, A.item_id, A.value)).all()
        out: dict[str, dict[str, list[Vote]]] = {}
        for moment, item_id, raw in rows:
            out.setdefault(moment, {}).setdefault(item_id, []).append(decode_vote(raw))
        return out

    def respondents_at(self, network_id: str) -> dict[str, int]:
        """moment -> how many respondents answered anything at it (a statement or a
        story)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(A.moment, A.respondent_token)
                                .where(A.network_id == network_id)
                                .union(select(S.moment, S.respondent_token)
                                       .where(S.network_id == network_id))).all()
        out: dict[str, int] = {}
        for moment, _ in rows:
            out[moment] = out.get(moment, 0) + 1
        return out

    def stories(self, network_id: str) -> dict[str, dict[str, list[str]]]:
        """moment -> story prompt -> texts, without who wrote them (in text order,
        so the order says nothing about who wrote which)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(S.moment, S.story_id, S.text)
                                .where(S.network_id == network_id)).all()
        out: dict[str, dict[str, list[str]]] = {}
        for moment, story_id, text in rows:
            out.setdefault(moment, {}).setdefault(story_id, []).append(text)
        for by_story in out.values():
            for texts in by_story.values():
                texts.sort()
        return out

    def shared_learning_questions(self, network_id: str) -> list[str]:
        """The learning questions their writers chose to share, without who."""
        with self.engine.connect() as conn:
            texts = list(conn.scalars(select(RS.learning_question).where(
                RS.network_id == network_id, RS.learning_shared.is_(True),
                RS.learning_question != "")))
        return sorted(texts)

    # --------------------------------------------------------------- decision
    def set_decision(self, network_id: str, choice: str, follow_up: date | None,
                     at: datetime | None = None) -> Network:
        with self.engine.begin() as conn:
            self._lock(conn, network_id)
            conn.execute(update(NetworkRow).where(N.id == network_id).values(
                decision=choice, follow_up=follow_up, decided_at=at or _now()))
            found = self._read(conn, network_id)
        assert found is not None
        return found


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    """`items` in lists of at most `size` (a bound IN list stays within what every
    database takes)."""
    for start in range(0, len(items), size):
        yield items[start:start + size]
