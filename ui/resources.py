"""Process-wide resources shared by all sessions: the content and the plan service."""

from __future__ import annotations

import streamlit as st

from content.loader import default_content
from content.models import Content
from services import PlanService


@st.cache_resource(show_spinner=False)
def get_service() -> PlanService:
    """One service (and one database pool) per server process."""
    return PlanService.from_settings(get_content())


def get_content() -> Content:
    return default_content()  # validated once per process (lru_cache)
