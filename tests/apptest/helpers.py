"""Answering the wizard the way a user does, through the widgets."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from content.labels import number
from content.loader import default_content
from scoring.answers import Answers


def answer_current_rule(at: AppTest, answers: Answers) -> None:
    """Set every question of the rule on screen that `answers` covers."""
    content = default_content()
    for rule in content.rules:
        for q in rule.structure.questions:
            if q.id not in answers:
                continue
            key = f"q:{q.id}"
            widgets = [w for w in (*at.radio, *at.get("button_group"), *at.number_input,
                                   *at.text_input) if getattr(w, "key", None) == key]
            if not widgets:
                continue
            value = answers[q.id]
            if q.kind == "number" and isinstance(value, int | float):
                value = number(value, "nl")  # typed as a Dutch reader writes it: "3,5"
            widgets[0].set_value(value).run()
            assert not at.exception, at.exception


def answer_everything(at: AppTest, answers: Answers) -> None:
    content = default_content()
    for index in range(len(content.rules)):
        answer_current_rule(at, answers)
        if index < len(content.rules) - 1:
            at.button(key="next_rule").click().run()
            assert not at.exception


def open_rates(at: AppTest) -> AppTest:
    """Open the rates' expander, as a click does (its inputs are drawn only while it
    is open; opening it reruns the page)."""
    from ui import session

    at.session_state[session.rates_open_key(at.session_state["workspace"])] = True
    return at.run()
