"""Load an uploaded assessment file as a new plan, or explain why not."""

from __future__ import annotations

import streamlit as st

from exchange import ImportResult, describe, import_json, size_problem
from reports.format import escape_markdown
from ui import plan_state
from ui.i18n import lang, t
from ui.resources import get_content


def problem_lines(result: ImportResult) -> list[str]:
    messages = get_content().messages[lang()]
    return [describe(p, messages, inert=escape_markdown) for p in result.problems]


def import_uploaded_file() -> None:
    """on_change of the uploader: runs once per chosen file."""
    uploaded = st.session_state.get("import_file")
    if uploaded is None:
        return
    too_big = size_problem(uploaded.size)  # never read a huge file into memory twice
    if too_big is not None:
        result = ImportResult(problems=(too_big,))
    else:
        result = import_json(uploaded.getvalue(), get_content())
    if not result.ok:
        details = "\n".join(f"- {line}" for line in problem_lines(result))
        plan_state.flash("error", f"{t('start.import_failed')}\n\n{details}")
        return
    plan = plan_state.new_plan(answers_=result.answers,
                               plan_title=result.title or t("plan.default_title"))
    plan_state.flash("success", t("start.import_ok", title=escape_markdown(plan.title),
                                  count=len(result.answers)))
