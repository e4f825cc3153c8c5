"""Shared fixtures for all test levels."""

from __future__ import annotations

import time
import warnings

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from content.loader import default_content
from content.models import Content
from scoring.answers import Answers


@pytest.fixture(scope="session")
def content() -> Content:
    return default_content()


def ready_plan() -> Answers:
    """A plan that follows the handreiking on every point."""
    return {
        "responsible": "named_internal", "initiated_by": "mixed", "responsible_time": 5,
        "responsible_mandate": 5, "outcomes_secured": 5, "follow_up": "planned_date",
        "balance_levels": 5, "initiator_balance": 4, "facilitator_experience": 5,
        "collective_aim": 5, "independent_guidance": "independent",
        "aim": "learning_then_spread", "reflection_time": 5, "work_forms": 4,
        "spread_plan": "later_phase",
        "recruitment": "open_call", "call_audience": "teachers",
        "call_contents": ["profile", "aim", "intended_result"],
        "dates_fixed": "all_dates", "commitment_clear": "stated_at_sign_up", "drive": 5,
        "theme_text": "Inspirerend docentschap", "theme_choice": "with_participants",
        "theme_concrete": 5, "theme_inviting": 5, "prior_knowledge": "none_needed",
        "group_size": 9, "institutions": "several_schools", "hard_core": "core",
        "newcomers": "with_welcome", "attendance": "all_meetings", "size_fits_aim": 5,
        "meeting_hours": 3.5, "meeting_count": 5, "rhythm": "six_weekly", "meal": "shared_meal",
        "location": 5, "facilities": 5, "support": 5, "participant_hours": "granted",
        "coordinator": "named_internal", "content_lead": "external",
        "process_facilitator": "external", "group_takes_over": 5,
        "co_design": ["theme", "programme", "organisation", "facilitation"],
        "initiative_room": 5, "take_and_give": "everyone_contributes",
        "sounding_board": "critical_feedback",
        "fixed_size": "indicative", "fixed_goals": "indicative", "fixed_outcomes": "indicative",
        "fixed_route": "open", "planned_end": "end_with_choice", "experiment": 5,
        "formal_structure": "informal",
    }


@pytest.fixture
def good_answers() -> Answers:
    return ready_plan()


def drop_test_database(admin_url: str, name: str, *, attempts: int = 10) -> None:
    """Drop a test's PostgreSQL database. ``WITH (FORCE)`` ends the test's own
    connections, but may not end one of another role (an autovacuum worker that
    just started on it): PostgreSQL refuses the whole drop then, so try again a
    moment later. A database that stays is only a leftover (named vonk_test_*), not
    a failed test: a warning says so."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        for attempt in range(attempts):
            try:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                return
            except (ProgrammingError, OperationalError) as exc:
                if attempt == attempts - 1:
                    warnings.warn(f"test database {name} left behind: {exc.orig}", stacklevel=2)
                    return
                time.sleep(0.5)
    finally:
        admin.dispose()
