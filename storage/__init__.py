"""Storage behind a small interface: plans and their answers (SQLAlchemy 2)."""

from storage.plans import AnswerConflict, Plan, PlanStore, is_valid_token, new_token
from storage.settings import database_url

__all__ = ["AnswerConflict", "Plan", "PlanStore", "database_url", "is_valid_token", "new_token"]
