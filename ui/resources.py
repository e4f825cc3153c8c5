"""Process-wide resources shared by all sessions: the content and the plan store."""

from __future__ import annotations

import streamlit as st

from content.loader import default_content
from content.models import Content
from storage import PlanStore, database_url


@st.cache_resource(show_spinner=False)
def get_store() -> PlanStore:
    return PlanStore(database_url())


def get_content() -> Content:
    return default_content()  # validated once per process (lru_cache)
