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


class StorageUnavailable(StorageError):
    """The database could not be reached or refused the operation."""


class AnswerConflict(StorageError):
    """Another tab changed this answer after this tab last saw it."""

    def __init__(self, question_id: str, current: Any):
        super().__init__(question_id)
        self.question_id = question_id
        self.current = current
