"""Load an uploaded assessment file as a new plan, or explain why not."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from exchange import ImportResult, describe, import_json
from reports.format import escape_markdown
from ui import plan_state
from ui.i18n import lang, t
from ui.resources import get_content

_SEEN = "import_file_seen"


def problem_lines(result: ImportResult) -> list[str]:
    messages = get_content().messages[lang()]
    return [describe(p, messages, inert=escape_markdown) for p in result.problems]


def import_uploaded_file(uploaded: UploadedFile | None) -> None:
    """Handle a chosen file once: a new plan on success (nothing else changes),
    otherwise every problem in the user's language, shown where the user looks."""
    if uploaded is None or st.session_state.get(_SEEN) == uploaded.file_id:
        return
    st.session_state[_SEEN] = uploaded.file_id
    result = import_json(uploaded.getvalue(), get_content())  # size checked first
    if not result.ok:
        details = "\n".join(f"- {line}" for line in problem_lines(result))
        st.error(f"{t('start.import_failed')}\n\n{details}", icon=":material/error:")
        return
    plan = plan_state.new_plan(answers_=result.answers,
                               plan_title=result.title or t("plan.default_title"))
    plan_state.flash("success", t("start.import_ok", title=escape_markdown(plan.title),
                                  count=len(result.answers)))
    st.rerun()
