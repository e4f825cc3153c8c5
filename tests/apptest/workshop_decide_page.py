"""A test page for ui/workshop_decide.py: the widgets as the facilitator page will
call them, for the workshop in the URL (?wid=…&secret=…&lang=…&show=prompts,actions).
Not part of the app; AppTest runs it (tests/apptest/test_workshop_decide.py)."""

import streamlit as st

from services.workshop import WorkshopService
from ui import workshop_decide
from ui.resources import get_content, get_service


@st.cache_resource
def workshop_service() -> WorkshopService:
    return WorkshopService.from_settings(get_content(), get_service())


st.session_state["lang"] = st.query_params.get("lang", "nl")
wid = st.query_params.get("wid", "")
secret = st.query_params.get("secret", "")
show = st.query_params.get("show", "prompts,actions").split(",")
service = workshop_service()
if "prompts" in show:
    workshop_decide.discussion_overview(service.discussion_prompts(wid))
if "actions" in show:
    workshop_decide.actions_editor(service, wid, secret)
if "exports" in show:
    workshop_decide.export_buttons(service, wid, secret, code="K7M-2NP")
