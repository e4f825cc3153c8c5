"""The plan store: a plan (one assessment) and its answers, found by an
unguessable token. SQLAlchemy 2; SQLite by default, any server database by URL.

Answers are stored one row per question, so saving one answer never overwrites
another (two tabs answering different questions both keep their answers).
"""

from __future__ import annotations

import functools
import json
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    create_engine,
    delete,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from content.models import PlanFields, max_length
from scoring.answers import Answers, AnswerValue
from storage.errors import (
    AnswerConflict,
    PlanDeleted,
    PlanNotFound,
    StorageUnavailable,
    ValueConflict,
)

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{22,64}$")
TITLE_MAX = max_length(PlanFields, "title")
NOTE_MAX = max_length(PlanFields, "note")
P = ParamSpec("P")
R = TypeVar("R")


def _translated(method: Callable[P, R]) -> Callable[P, R]:
    """Database exceptions leave storage as StorageUnavailable, never raw."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except SQLAlchemyError as exc:
            raise StorageUnavailable(type(exc).__name__) from exc

    return wrapper


C = TypeVar("C", bound=type)


def _translate_errors(cls: C) -> C:
    """Wrap every method a caller can reach (public ones and the constructor), so a
    method added later cannot leak a database exception by being forgotten."""
    for name, member in list(vars(cls).items()):
        if callable(member) and (not name.startswith("_") or name == "__init__"):
            setattr(cls, name, _translated(member))
    return cls


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(when: datetime) -> datetime:
    """SQLite gives datetimes back without their zone; they were stored in UTC."""
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class PlanRow(Base):
    """One plan: a full assessment. Plans sharing a `workspace` are its scenarios."""

    __tablename__ = "plans"
    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(5), default="nl")
    current_rule: Mapped[int] = mapped_column(Integer, default=0)
    position: Mapped[int] = mapped_column(Integer, default=0)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class AnswerRow(Base):
    __tablename__ = "answers"
    plan_token: Mapped[str] = mapped_column(
        String(64), ForeignKey("plans.token", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    value_json: Mapped[str] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class WorkspaceRatesRow(Base):
    """The investment rates a workspace's user set (JSON of InvestmentRates fields);
    no row: the content's defaults apply."""

    __tablename__ = "workspace_rates"
    workspace: Mapped[str] = mapped_column(String(64), primary_key=True)
    rates_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


UNCHECKED = object()


@dataclass(frozen=True)
class Plan:
    token: str
    title: str
    language: str
    current_rule: int
    answers: Answers
    created_at: datetime
    updated_at: datetime
    workspace: str = ""
    note: str = ""
    deleted: bool = False
    # Counts the plan's changes: every write to the plan or its answers adds one, in
    # the same transaction (see `reread`). A writer outside this class must too.
    revision: int = 0


def new_token() -> str:
    """An unguessable token: 24 url-safe characters, 144 bits of randomness."""
    return secrets.token_urlsafe(18)


def is_valid_token(token: str) -> bool:
    return bool(TOKEN_PATTERN.fullmatch(token))


@_translate_errors
class PlanStore:
    """Create, read and update plans. Thread-safe: one session per call. Every
    method (the constructor included) raises only storage.errors."""

    def __init__(self, url: str, *, echo: bool = False):
        self.engine: Engine = store_engine(url, echo=echo)
        # The schema is not touched here: storage.migrate.upgrade_database(url)
        # (`python -m storage.migrate`, and the server at start) brings it to head.
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def dispose(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ plans
    def create(self, title: str = "", language: str = "nl", answers: Answers | None = None,
               workspace: str | None = None) -> Plan:
        """A new plan; without `workspace` it starts a workspace of its own (its token)."""
        token = new_token()
        now = _now()
        with self._sessions.begin() as s:
            position = 0
            if workspace is not None:
                position = 1 + (s.scalar(select(PlanRow.position)
                                         .where(PlanRow.workspace == workspace)
                                         .order_by(PlanRow.position.desc()).limit(1)) or 0)
            s.add(PlanRow(token=token, workspace=workspace or token, title=title[:TITLE_MAX],
                          language=language, current_rule=0, position=position,
                          created_at=now, updated_at=now))
            s.flush()
            for qid, value in (answers or {}).items():
                s.add(AnswerRow(plan_token=token, question_id=qid,
                                value_json=json.dumps(value), updated_at=now))
        plan = self.get(token)
        assert plan is not None
        return plan

    def get(self, token: str) -> Plan | None:
        """The plan with its answers. Read on every run of a page, so it is one
        connection and two plain SELECTs (no ORM objects)."""
        if not is_valid_token(token):
            return None  # says nothing about which plans exist: no database work
        columns = PlanRow.__table__.c
        with self.engine.connect() as conn:
            row = conn.execute(select(PlanRow.__table__).where(columns.token == token)).first()
            # Both SELECTs whether or not the plan exists: an unknown token costs the
            # same database work as a known one (no timing hint about what exists).
            stored = conn.execute(select(AnswerRow.question_id, AnswerRow.value_json)
                                  .where(AnswerRow.plan_token == token)).all()
        if row is None:
            return None
        return self._plan_from(row, stored)

    def reread(self, plan: Plan) -> Plan | None:
        """`plan` as stored now (None when it no longer exists): `plan` itself while
        its revision is the stored one, which costs one indexed SELECT, else read
        again. A page reads its plan on every run (another tab, server process or a
        restart may have changed it); most runs change nothing."""
        columns = PlanRow.__table__.c
        with self.engine.connect() as conn:
            # The plan row first, then its answers: answers read after the row are at
            # least as new as its revision, so a change is never taken for none.
            row = conn.execute(select(PlanRow.__table__)
                               .where(columns.token == plan.token)).first()
            if row is None:
                return None
            if row.revision == plan.revision:
                return plan
            stored = conn.execute(select(AnswerRow.question_id, AnswerRow.value_json)
                                  .where(AnswerRow.plan_token == plan.token)).all()
        return self._plan_from(row, stored)

    @staticmethod
    def _plan_from(row: Any, stored: Sequence[Any]) -> Plan:
        answers = {qid: json.loads(raw) for qid, raw in stored}
        return Plan(token=row.token, title=row.title, language=row.language,
                    current_rule=row.current_rule, answers=answers,
                    created_at=row.created_at, updated_at=row.updated_at,
                    workspace=row.workspace, note=row.note, deleted=row.deleted_at is not None,
                    revision=row.revision)

    def _plan(self, s: Session, row: PlanRow) -> Plan:
        return Plan(token=row.token, title=row.title, language=row.language,
                    current_rule=row.current_rule, answers=self._answers(s, row.token),
                    created_at=row.created_at, updated_at=row.updated_at,
                    workspace=row.workspace, note=row.note, deleted=row.deleted_at is not None,
                    revision=row.revision)

    # -------------------------------------------------------------- scenarios
    def scenarios(self, workspace: str, *, deleted: bool = False) -> list[Plan]:
        """The workspace's scenarios in order (or those deleted and restorable)."""
        with self._sessions() as s:
            flag = PlanRow.deleted_at.is_not(None) if deleted else PlanRow.deleted_at.is_(None)
            rows = s.scalars(select(PlanRow).where(PlanRow.workspace == workspace, flag)
                             .order_by(PlanRow.position, PlanRow.created_at)).all()
            return [self._plan(s, row) for row in rows]

    def duplicate(self, token: str, title: str) -> Plan:
        """A "what if" copy in the same workspace, with all answers."""
        original = self.get(token)
        if original is None:
            raise PlanNotFound(token)
        return self.create(title=title, language=original.language,
                           answers=original.answers, workspace=original.workspace)

    def delete(self, token: str) -> None:
        """Soft delete: the scenario can be restored (see `restore`)."""
        self._set_deleted(token, _now())

    def restore(self, token: str) -> None:
        self._set_deleted(token, None)

    def _set_deleted(self, token: str, when: datetime | None) -> None:
        with self._sessions.begin() as s:
            row = s.get(PlanRow, token)
            if row is None:
                raise PlanNotFound(token)
            row.deleted_at = when
            row.updated_at = _now()
            row.revision += 1

    def update(self, token: str, *, title: str | None = None, language: str | None = None,
               current_rule: int | None = None, note: str | None = None,
               expected_title: object = UNCHECKED, expected_note: object = UNCHECKED) -> None:
        """Change fields of a plan. With `expected_title`/`expected_note` (what this tab
        last saw) a change made meanwhile elsewhere is never overwritten
        (ValueConflict). A deleted plan's content is read-only (PlanDeleted) until it
        is restored."""
        with self._sessions.begin() as s:
            # Write first: that takes the database's write lock on SQLite (the row
            # lock below is PostgreSQL's), so check and write are one step.
            s.execute(update(PlanRow).where(PlanRow.token == token)
                      .values(updated_at=_now(), revision=PlanRow.revision + 1))
            row = s.get(PlanRow, token, with_for_update=True, populate_existing=True)
            if row is None:
                raise PlanNotFound(token)
            if row.deleted_at is not None and (title, note, language) != (None, None, None):
                raise PlanDeleted(token)  # where the reader is (current_rule) may still change
            if expected_title is not UNCHECKED and row.title != expected_title:
                raise ValueConflict("title", row.title)
            if expected_note is not UNCHECKED and row.note != expected_note:
                raise ValueConflict("note", row.note)
            if title is not None:
                row.title = title[:TITLE_MAX]
            if language is not None:
                row.language = language
            if current_rule is not None:
                row.current_rule = current_rule
            if note is not None:
                row.note = note[:NOTE_MAX]
            row.updated_at = _now()

    # ------------------------------------------------------ workspace rates
    def rates(self, workspace: str) -> dict[str, float] | None:
        """The rates saved for this workspace (field -> value), None when none were."""
        with self.engine.connect() as conn:
            raw = conn.scalar(select(WorkspaceRatesRow.rates_json)
                              .where(WorkspaceRatesRow.workspace == workspace))
        if raw is None:
            return None
        loaded = json.loads(raw)
        return {str(k): float(v) for k, v in loaded.items()} if isinstance(loaded, dict) else None

    def save_rates(self, workspace: str, rates: dict[str, float]) -> None:
        """Store the workspace's rates (all fields at once), replacing earlier ones."""
        encoded, now = json.dumps(rates, sort_keys=True), _now()
        with self.engine.begin() as conn:
            match = WorkspaceRatesRow.workspace == workspace
            if not conn.execute(update(WorkspaceRatesRow).where(match)
                                .values(rates_json=encoded, updated_at=now)).rowcount:
                conn.execute(insert(WorkspaceRatesRow).values(
                    workspace=workspace, rates_json=encoded, updated_at=now))

    # ---------------------------------------------------------------- answers
    def save_answer(self, token: str, question_id: str, value: AnswerValue | None, *,
                    expected: object = UNCHECKED) -> int:
        """Store one answer (None removes it) in its own transaction; returns the
        plan's revision after it.

        With `expected` (the value this tab last saw, None for unanswered) the save
        is refused with AnswerConflict when another tab changed the answer since:
        nobody's answer is overwritten silently. The first statement locks the plan
        row (PostgreSQL) or the database (SQLite), so check and write are one step.
        """
        now = _now()
        with self.engine.begin() as conn:
            revision = lock_live_plan(conn, token, now)
            match = (AnswerRow.plan_token == token) & (AnswerRow.question_id == question_id)
            if expected is not UNCHECKED:
                raw = conn.scalar(select(AnswerRow.value_json).where(match))
                current = None if raw is None else json.loads(raw)
                if current != expected:
                    raise AnswerConflict(question_id, current)
            if value is None:
                conn.execute(delete(AnswerRow).where(match))
            else:
                encoded = json.dumps(value)
                if not conn.execute(update(AnswerRow).where(match)
                                    .values(value_json=encoded, updated_at=now)).rowcount:
                    conn.execute(insert(AnswerRow).values(
                        plan_token=token, question_id=question_id, value_json=encoded,
                        updated_at=now))
            return revision

    def set_current_rule(self, token: str, index: int) -> int:
        """Where the reader is in the plan (also in a deleted one, which can still be
        viewed): one UPDATE, as it happens on every move. Returns the revision it
        wrote."""
        with self.engine.begin() as conn:
            revision = _bump(conn, PlanRow.token == token, current_rule=index,
                             updated_at=_now())
            if revision is None:
                raise PlanNotFound(token)
            return revision

    def answers(self, token: str) -> Answers:
        with self._sessions() as s:
            return self._answers(s, token)

    @staticmethod
    def _answers(s: Session, token: str) -> Answers:
        rows = s.execute(select(AnswerRow.question_id, AnswerRow.value_json)
                         .where(AnswerRow.plan_token == token)).all()
        out: Answers = {}
        for qid, raw in rows:
            value = json.loads(raw)
            out[qid] = value
        return out


def lock_live_plan(conn: Connection, token: str, now: datetime) -> int:
    """Touch a plan that is not deleted as the first statement of a write: it locks
    the plan's row (PostgreSQL) or the database (SQLite), so a check and the write
    after it are one step, and adds one to its revision (a tab holding the plan
    reads it again on its next run: ui/current_plan). Returns that revision, this
    write's number (the row stays locked until the transaction ends). PlanDeleted /
    PlanNotFound when it cannot be written."""
    revision = _bump(conn, PlanRow.token == token, PlanRow.deleted_at.is_(None),
                     updated_at=now)
    if revision is None:
        exists = conn.scalar(select(PlanRow.token).where(PlanRow.token == token))
        raise PlanDeleted(token) if exists else PlanNotFound(token)
    return revision


def _bump(conn: Connection, *where: Any, **values: Any) -> int | None:
    """Set `values` on the plan row matching `where` and add one to its revision, in
    one UPDATE that returns the new revision (None: no such row)."""
    revision = conn.execute(update(PlanRow).where(*where)
                            .values(**values, revision=PlanRow.revision + 1)
                            .returning(PlanRow.revision)).scalar_one_or_none()
    return None if revision is None else int(revision)


def store_engine(url: str, *, echo: bool = False) -> Engine:
    """The engine every store uses. A server database's connections are checked
    before use (one may have been dropped by the server or the network). SQLite's
    are not: a file opened in this process has nothing to drop, and the check was a
    statement on every read (bench/README.md); they are shared across threads,
    wait up to 15 s for a lock, with foreign keys on and write-ahead logging."""
    sqlite = url.startswith("sqlite")
    kwargs: dict[str, Any] = {"echo": echo, "pool_pre_ping": not sqlite}
    if sqlite:
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 15}
    engine = create_engine(url, **kwargs)
    if sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()
