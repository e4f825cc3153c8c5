"""Process-wide resources shared by all sessions: the content, the plan service and
the live workshop's service (with its join limiters)."""

from __future__ import annotations

import contextlib

import streamlit as st

from content.loader import default_content
from content.models import Content
from content.netplan import default_netplan
from services import PlanService
from services.attempts import SlidingWindow, resume_limiter_from_settings
from services.checkins import CheckinService
from services.moment_workshop import MomentWorkshopService
from services.netplan import NetplanService
from services.workshop import StorageUnavailable, WorkshopService


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
    """One check-in service (and one database pool) per server process. Networks
    past their undo window or retention are deleted when it is made (and whenever
    a network is deleted)."""
    service = CheckinService.from_settings(get_content(), get_service())
    with contextlib.suppress(StorageUnavailable):  # the next deletion tries again
        service.purge_expired()
    return service


@st.cache_resource(show_spinner=False)
def get_workshop_service() -> WorkshopService:
    """One workshop service per server process: its store (and database pool) and
    the two join limiters (failed attempts per address, joins per code) are shared
    by every session of the process. The workshop's state itself lives in the
    database, so several processes agree on it. Workshops past their retention are
    deleted when it is made (and whenever a workshop is created: pages/workshop.py)."""
    service = WorkshopService.from_settings(get_content(), get_service())
    # If the database is away now, the next creation tries again (the pages say so).
    with contextlib.suppress(StorageUnavailable):
        service.purge_expired()
    return service


@st.cache_resource(show_spinner=False)
def get_moment_workshop_service() -> MomentWorkshopService:
    """Check-in moments through the live workshop: over the process's workshop and
    check-in services (their pools), nothing of its own."""
    return MomentWorkshopService(get_workshop_service(), get_checkin_service())
