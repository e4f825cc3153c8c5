"""The network plan use cases: show a plan's working documents (each field its
stored value or its prefill from the scan), save one edited field, and build the
downloads (Word, PDF, Markdown, the call as text, the calendar as .ics).

Saves return an outcome a page can show, like `PlanService.save_answer`; a field
edited meanwhile in another tab is never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from content.models import Content
from content.netplan import Netplan
from evaluation import Evaluation
from netplan import FieldProblem, FieldValue, NetworkPlan, check_value, resolve
from netplan.fields import withdrawn_meetings
from netplan.schedule import Event
from reports import Document, to_markdown, to_pdf, to_text
from reports.calendar_ics import to_ics
from reports.netplan import call_document, netplan_document
from reports.render_docx import to_docx
from scoring.answers import Answers
from services.plans import Conflict, PlanGone, PlanService, Saved, Unavailable
from storage import (
    NetplanStore,
    PlanNotFound,
    StorageUnavailable,
    ValueConflict,
)


@dataclass(frozen=True)
class FieldRefused:
    """The value is not valid for the field; nothing was stored."""

    problem: FieldProblem


FieldOutcome = Saved | Conflict | FieldRefused | Unavailable | PlanGone


class NetplanService:
    """The network plan of a scenario, over one store. Thread-safe (the store is)."""

    def __init__(self, store: NetplanStore, content: Content, netplan: Netplan):
        self.store = store
        self.content = content
        self.netplan = netplan

    @classmethod
    def beside(cls, plans: PlanService, netplan: Netplan) -> NetplanService:
        """The service on the same database (and connection pool) as `plans`."""
        return cls(NetplanStore("", engine=plans.store.engine), plans.content, netplan)

    def view(self, token: str | None, answers: Answers, lang: str,
             today: date | None = None) -> NetworkPlan:
        """Every field as shown: stored, else prefilled from `answers` (a plan not
        saved yet has no stored fields). Raises StorageUnavailable."""
        stored = self.store.fields(token) if token else {}
        return resolve(self.netplan, self.content, answers, stored, lang,
                       today or date.today())

    def save_field(self, token: str, field_id: str, raw: object, *,
                   expected: FieldValue | None) -> FieldOutcome:
        """Check and store one field (None: back to the prefill). `expected` is the
        stored value the user saw (None: none was stored)."""
        value, problem = check_value(self.netplan, self.content, field_id, raw)
        if problem is not None:
            return FieldRefused(problem)
        try:
            self.store.save_field(token, field_id, value, expected=expected)
        except ValueConflict as conflict:
            return Conflict(conflict.current)
        except StorageUnavailable:
            return Unavailable()
        except PlanNotFound:  # deleted (read-only) or gone
            return PlanGone()
        return Saved(value)

    # ----------------------------------------------------------------- downloads
    def document(self, plan: NetworkPlan, evaluation: Evaluation, title: str,
                 made_on: date | None = None) -> Document:
        return netplan_document(self.content, self.netplan, plan, evaluation, title, made_on)

    def docx(self, plan: NetworkPlan, evaluation: Evaluation, title: str) -> bytes:
        return to_docx(self.document(plan, evaluation, title), self.content)

    def pdf(self, plan: NetworkPlan, evaluation: Evaluation, title: str) -> bytes:
        return to_pdf(self.document(plan, evaluation, title), self.content)

    def markdown(self, plan: NetworkPlan, evaluation: Evaluation, title: str) -> str:
        return to_markdown(self.document(plan, evaluation, title), self.content)

    def call_text(self, plan: NetworkPlan) -> str:
        """The call for participants as plain text, to paste."""
        return to_text(call_document(self.content, plan), self.content)

    def calendar(self, token: str | None, plan: NetworkPlan, *,
                 now: datetime | None = None) -> bytes:
        """The .ics: UIDs from the plan's token (hashed) and each event's key, the
        SEQUENCE the number of saved changes of the plan's fields. Meetings an
        earlier download held and the plan no longer has (fewer meetings now) are
        sent as cancelled, so the calendar that imported them drops them."""
        withdrawn: tuple[Event, ...] = ()
        if token:
            issued = self.store.note_issued(token, len(plan.schedule.meetings))
            withdrawn = withdrawn_meetings(self.netplan, plan, issued)
        sequence = self.store.revision(token) if token else 0
        return to_ics(self.netplan, plan, plan_key=token or "unsaved", sequence=sequence,
                      now=now or datetime.now(UTC), withdrawn=withdrawn)


def stored_value(plan: NetworkPlan, field_id: str) -> Any:
    """What a save of this field is checked against: the stored value, or None."""
    return plan.stored.get(field_id)
