"""Moving through the wizard: progress and the jump menu's labels."""

from __future__ import annotations

from content.models import Content, Rule
from scoring.answers import Answers
from ui.i18n import lang, t


def rule_progress(content: Content, answers: Answers, rule: Rule | None = None
                  ) -> tuple[int, int]:
    """Answered questions (any answer, 'weet ik niet' included) and the total."""
    rules = [rule] if rule is not None else content.rules
    questions = [q for r in rules for q in r.structure.questions]
    return sum(1 for q in questions if q.id in answers), len(questions)


def rule_label(content: Content, rule: Rule) -> str:
    """Stable label for the jump menu (a label that changed with progress would
    make Streamlit treat the menu as a new widget)."""
    return content.rule_label(rule.id, lang())


def rule_status(content: Content, rule: Rule, answers: Answers) -> str:
    done, total = rule_progress(content, answers, rule)
    return f"✓ {t('scan.rule_done')}" if done == total else \
        t("scan.rule_answered", done=done, total=total)
