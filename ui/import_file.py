"""Load an uploaded assessment file as a new plan, or explain why not."""

from __future__ import annotations

import math

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from content.labels import number
from exchange import MAX_IMPORT_BYTES, ImportResult, describe, size_problem
from reports.format import escape_markdown
from services import StorageUnavailable
from ui import current_plan, session
from ui.i18n import lang, t
from ui.resources import get_content, get_service

# The uploader's limit, in Streamlit's (whole) megabytes: the browser refuses a larger
# file before sending it. Vonk's own limit (MAX_IMPORT_BYTES) is then checked on the
# uploaded size before a byte of the file is read.
UPLOAD_LIMIT_MB = max(1, math.ceil(MAX_IMPORT_BYTES / 1_000_000))


def upload_limit_text(lang: str) -> str:
    """Vonk's limit as the uploader shows it: "1 MB"."""
    return f"{number(MAX_IMPORT_BYTES / 1_000_000, lang)} MB"


def problem_lines(result: ImportResult) -> list[str]:
    # dict.fromkeys: one line per problem, even where the file format reports one
    # wrong answer once per type it could have had
    return list(dict.fromkeys(describe(p, get_content(), lang(), inert=escape_markdown)
                              for p in result.problems))


def import_uploaded_file(uploaded: UploadedFile | None) -> None:
    """Handle a chosen file once: a new plan on success (nothing else changes),
    otherwise every problem in the user's language, shown where the user looks."""
    if uploaded is None or session.import_seen(uploaded.file_id):
        return
    too_big = size_problem(uploaded.size)
    if too_big is not None:
        st.error(f"{t('start.import_failed')}\n\n- {describe(too_big, get_content(), lang())}",
                 icon=":material/error:")
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
