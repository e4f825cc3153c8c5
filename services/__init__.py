"""Vonk's use cases: what the pages (and later the workshop) ask of the app.

Pages call a `PlanService`; the service calls storage and the pure core
(scoring, guidance, investment, comparison via `evaluation`). Storage errors reach
callers as the outcomes and exceptions named here, never as database exceptions:
an action that cannot be done raises `StorageUnavailable` or `PlanNotFound`, which
the app shows in the user's language wherever they surface (ui/server.py).
"""

from services.plans import (
    Conflict,
    Invalid,
    PlanGone,
    PlanNotFound,
    PlanService,
    Saved,
    SaveOutcome,
    StorageUnavailable,
    Unavailable,
)

__all__ = [
    "Conflict",
    "Invalid",
    "PlanGone",
    "PlanNotFound",
    "PlanService",
    "SaveOutcome",
    "Saved",
    "StorageUnavailable",
    "Unavailable",
]
