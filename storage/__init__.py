"""Storage behind a small interface: plans and their answers (SQLAlchemy 2).
Callers see `Plan` and the errors in `storage.errors`, never SQLAlchemy."""

from storage.errors import AnswerConflict, PlanNotFound, StorageError, StorageUnavailable
from storage.plans import Plan, PlanStore, is_valid_token, new_token
from storage.settings import database_url

__all__ = ["AnswerConflict", "Plan", "PlanNotFound", "PlanStore", "StorageError",
           "StorageUnavailable", "database_url", "is_valid_token", "new_token"]
