"""Load an uploaded assessment file as a new plan, or explain why not."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from exchange import ImportResult, describe
from reports.format import escape_markdown
from services import StorageUnavailable
from ui import current_plan, session
from ui.i18n import lang, t
from ui.resources import get_content, get_service


def problem_lines(result: ImportResult) -> list[str]:
    messages = get_content().messages[lang()]
    return [describe(p, messages, inert=escape_markdown) for p in result.problems]


def import_uploaded_file(uploaded: UploadedFile | None) -> None:
    """Handle a chosen file once: a new plan on success (nothing else changes),
    otherwise every problem in the user's language, shown where the user looks."""
    if uploaded is None or session.import_seen(uploaded.file_id):
        return
    try:
        result, plan = get_service().import_file(uploaded.getvalue(), language=lang(),
                                                 default_title=t("plan.default_title"))
    except StorageUnavailable:
        st.error(t("plan.save_failed"), icon=":material/error:")
        return
    if plan is None:
        details = "\n".join(f"- {line}" for line in problem_lines(result))
        st.error(f"{t('start.import_failed')}\n\n{details}", icon=":material/error:")
        return
    current_plan.adopt(plan)
    session.flash("success", t("start.import_ok", title=escape_markdown(plan.title),
                               count=len(result.answers)))
    st.rerun()
