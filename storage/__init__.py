"""Storage behind a small interface: plans and their answers (SQLAlchemy 2).
Callers see `Plan` and the errors in `storage.errors`, never SQLAlchemy."""

from storage.errors import (
    AnswerConflict,
    PlanDeleted,
    PlanNotFound,
    StorageError,
    StorageUnavailable,
    ValueConflict,
)
from storage.netplans import NetplanStore
from storage.plans import Plan, PlanStore, is_valid_token, new_token
from storage.settings import database_url

__all__ = ["AnswerConflict", "NetplanStore", "Plan", "PlanDeleted", "PlanNotFound", "PlanStore",
           "StorageError", "StorageUnavailable", "ValueConflict", "database_url", "is_valid_token",
           "new_token"]
