"""Moving through the wizard: progress, the jump menu's labels, going to a rule."""

from __future__ import annotations

import streamlit as st

from content.models import Content, Rule
from scoring.answers import Answers
from ui import plan_state
from ui.i18n import lang, t


def rule_progress(content: Content, answers: Answers, rule: Rule | None = None
                  ) -> tuple[int, int]:
    """Answered questions (any answer, 'weet ik niet' included) and the total."""
    rules = [rule] if rule is not None else content.rules
    questions = [q for r in rules for q in r.structure.questions]
    return sum(1 for q in questions if q.id in answers), len(questions)


def rule_label(rule: Rule) -> str:
    """Stable label for the jump menu (a label that changed with progress would
    make Streamlit treat the menu as a new widget)."""
    return f"{rule.number}. {rule.texts[lang()].title}"


def rule_status(content: Content, rule: Rule, answers: Answers) -> str:
    done, total = rule_progress(content, answers, rule)
    return f"✓ {t('scan.rule_done')}" if done == total else \
        t("scan.rule_answered", done=done, total=total)


def jump_menu_key() -> str:
    """One menu per language: its labels differ, so it is a different widget."""
    return f"rule_pick_{lang()}"


def go_to(index: int) -> None:
    plan_state.save_rule_index(index)
    st.session_state[jump_menu_key()] = index
