"""The network plan's edited fields: one row per plan and field, so saving one
field never overwrites another (two tabs editing different fields both keep
theirs). A field without a row shows its prefill from the scan. Rows go with
their plan (ON DELETE CASCADE)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, func, insert, select
from sqlalchemy import update as sql_update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column

from storage.errors import ValueConflict
from storage.plans import (
    UNCHECKED,
    Base,
    PlanRow,
    _now,
    _translate_errors,
    lock_live_plan,
    store_engine,
)

MAX_VALUE_CHARS = 20_000  # a stored field's JSON; the content's limits are far below
# A row of the store's own, never a field (field ids start with a letter): the most
# meetings a calendar download of this plan has held.
ISSUED = "_issued_meetings"


class NetplanFieldRow(Base):
    __tablename__ = "netplan_fields"
    plan_token: Mapped[str] = mapped_column(
        String(64), ForeignKey("plans.token", ondelete="CASCADE"), primary_key=True)
    field_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    value_json: Mapped[str] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


@_translate_errors
class NetplanStore:
    """Read and save a plan's network-plan fields. Thread-safe: one connection per
    call. Raises only storage.errors."""

    def __init__(self, url: str, *, echo: bool = False, engine: Engine | None = None):
        self.engine: Engine = engine or store_engine(url, echo=echo)

    def dispose(self) -> None:
        self.engine.dispose()

    def fields(self, token: str) -> dict[str, Any]:
        """The stored fields of a plan (field id -> value); {} when none are."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(NetplanFieldRow.field_id, NetplanFieldRow.value_json)
                                .where(NetplanFieldRow.plan_token == token)).all()
        loaded = {field_id: json.loads(raw) for field_id, raw in rows if field_id != ISSUED}
        return {k: v for k, v in loaded.items() if v is not None}  # a cleared field: none

    def revision(self, token: str) -> int:
        """How many times this plan's fields were saved or cleared, plus each time a
        download held more meetings than any before: rises with every change of
        what the calendar says (its SEQUENCE)."""
        with self.engine.connect() as conn:
            total = conn.scalar(select(func.coalesce(func.sum(NetplanFieldRow.revision), 0))
                                .where(NetplanFieldRow.plan_token == token))
        return int(total or 0)

    def save_field(self, token: str, field_id: str, value: Any, *,
                   expected: object = UNCHECKED) -> None:
        """Store one field (None: cleared, back to the prefill) in its own
        transaction. With `expected` (the stored value this tab last saw, None for
        none) a value changed meanwhile elsewhere is not overwritten
        (ValueConflict). A deleted plan is read-only (PlanDeleted)."""
        now = _now()
        encoded = None if value is None else json.dumps(value)
        if encoded is not None and len(encoded) > MAX_VALUE_CHARS:
            raise ValueError(f"value of {field_id} too long to store")
        with self.engine.begin() as conn:
            lock_live_plan(conn, token, now)
            match = (NetplanFieldRow.plan_token == token) & (NetplanFieldRow.field_id == field_id)
            row = conn.execute(select(NetplanFieldRow.value_json, NetplanFieldRow.revision)
                               .where(match)).first()
            current = None if row is None or row.value_json == "null" else \
                json.loads(row.value_json)
            if expected is not UNCHECKED and current != expected:
                raise ValueConflict(field_id, current)
            if row is None:
                if encoded is not None:
                    conn.execute(insert(NetplanFieldRow).values(
                        plan_token=token, field_id=field_id, value_json=encoded, revision=1,
                        updated_at=now))
                return
            # A cleared field keeps its row ("null") so the revision keeps rising.
            conn.execute(sql_update(NetplanFieldRow).where(match).values(
                value_json=encoded or "null", revision=row.revision + 1, updated_at=now))

    def note_issued(self, token: str, meetings: int) -> int:
        """Record that a calendar with `meetings` meetings was handed out; return the
        most any download of this plan has held (so a later, shorter calendar can
        cancel the meetings it no longer has). A deleted plan changes nothing."""
        with self.engine.begin() as conn:
            touched = conn.execute(sql_update(PlanRow)
                                   .where(PlanRow.token == token, PlanRow.deleted_at.is_(None))
                                   .values(updated_at=_now(),
                                           revision=PlanRow.revision + 1)).rowcount
            match = (NetplanFieldRow.plan_token == token) & (NetplanFieldRow.field_id == ISSUED)
            row = conn.execute(select(NetplanFieldRow.value_json, NetplanFieldRow.revision)
                               .where(match)).first()
            before = int(json.loads(row.value_json)) if row is not None else 0
            if not touched or meetings <= before:
                return max(before, meetings)
            if row is None:
                conn.execute(insert(NetplanFieldRow).values(
                    plan_token=token, field_id=ISSUED, value_json=json.dumps(meetings),
                    revision=1, updated_at=_now()))
            else:
                conn.execute(sql_update(NetplanFieldRow).where(match).values(
                    value_json=json.dumps(meetings), revision=row.revision + 1,
                    updated_at=_now()))
            return meetings
