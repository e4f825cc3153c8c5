"""Process-wide resources shared by all sessions: the content and the plan service."""

from __future__ import annotations

import streamlit as st

from content.loader import default_content
from content.models import Content
from content.netplan import default_netplan
from services import PlanService
from services.attempts import SlidingWindow, resume_limiter_from_settings
from services.checkins import CheckinService
from services.netplan import NetplanService


@st.cache_resource(show_spinner=False)
def get_service() -> PlanService:
    """One service (and one database pool) per server process."""
    return PlanService.from_settings(get_content())


@st.cache_resource(show_spinner=False)
def get_netplan_service() -> NetplanService:
    """The network plan's use cases, on the plan service's database pool."""
    return NetplanService.beside(get_service(), default_netplan())


def get_content() -> Content:
    return default_content()  # validated once per process (lru_cache)


@st.cache_resource(show_spinner=False)
def resume_limiter() -> SlidingWindow | None:
    """Failed resume attempts per client address: one limiter per server process,
    shared by all sessions (it is thread-safe); None when the limit is switched off
    (VONK_RESUME_ATTEMPTS=0). AppTest clears it with the other caches."""
    return resume_limiter_from_settings()


@st.cache_resource(show_spinner=False)
def get_checkin_service() -> CheckinService:
    """One check-in service (and one database pool) per server process."""
    return CheckinService.from_settings(get_content(), get_service())
