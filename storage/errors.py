"""The errors storage raises. Nothing above storage sees a database exception:
callers handle these three (services/ turns them into what the user is told)."""

from __future__ import annotations

from typing import Any


class StorageError(Exception):
    """Base of every storage error."""


class PlanNotFound(StorageError):
    """No plan with this token (never created, or the token is malformed)."""

    def __init__(self, token: str):
        super().__init__(token[:12])
        self.token = token


class PlanDeleted(PlanNotFound):
    """The plan is deleted (restorable): it can be read and restored, not changed."""


class StorageUnavailable(StorageError):
    """The database could not be reached or refused the operation."""


class ValueConflict(StorageError):
    """Another tab changed this value (an answer, the name, the note) after this tab
    last saw it; nothing was written. `current` is what the store holds."""

    def __init__(self, field: str, current: Any):
        super().__init__(field)
        self.field = field
        self.current = current


class AnswerConflict(ValueConflict):
    """Another tab changed this answer after this tab last saw it."""

    def __init__(self, question_id: str, current: Any):
        super().__init__(question_id, current)
        self.question_id = question_id


class WorkshopNotFound(StorageError):
    """No workshop with this id (never created, purged, or the id is malformed)."""


class ParticipantNotFound(StorageError):
    """No participant with this token (never joined, removed, or purged)."""


class AgreedActionNotFound(StorageError):
    """No agreed action with this id in the workshop (removed meanwhile)."""


class NetworkNotFound(StorageError):
    """No network with this id (never started, deleted, or the id is malformed)."""


class RespondentNotFound(StorageError):
    """No respondent with this token in this network (never added, or deleted)."""


class ActionRefused(StorageError):
    """The workshop's phase or the rule's state does not allow this now; `reason` is
    a code of workshop.phases.PhaseError (or "closed", "full"). For a network's
    check-in: "moment_not_open", "moment_closed" or "plan_deleted" (the network's
    plan is a deleted scenario: the network is paused until it is restored)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
