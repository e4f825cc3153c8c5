"""Answer Vonk's questions in a real browser the way a person does: by clicking
the option texts, typing numbers and pressing the wizard's buttons."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from content.labels import number
from content.loader import default_content
from content.models import NONE_OF_THESE, UNKNOWN, Question, QuestionText
from scoring.answers import Answers, AnswerValue
from tests.browser.conftest import wait_idle

CONTENT = default_content()


def widget(page: Page, test_id: str, label: str) -> Locator:
    return page.locator(f'[data-testid="{test_id}"]').filter(
        has=page.get_by_text(label, exact=True)).first


def answer(page: Page, q: Question, qt: QuestionText, value: AnswerValue, lang: str) -> None:
    m = CONTENT.messages[lang]
    if q.kind == "scale":
        text = m["answer.unknown"] if value == UNKNOWN else f"{value} · {m[f'scale.{value}']}"
        widget(page, "stRadio", qt.label).get_by_text(text, exact=True).click()
    elif q.kind == "choice":
        text = m["answer.unknown"] if value == UNKNOWN else qt.options[str(value)]
        widget(page, "stRadio", qt.label).get_by_text(text, exact=True).click()
    elif q.kind == "multi":
        assert isinstance(value, list)
        labels = {NONE_OF_THESE: m["answer.none_of_these"], UNKNOWN: m["answer.unknown"],
                  **qt.options}
        group = widget(page, "stButtonGroup", qt.label)
        for v in value:
            group.get_by_role("button", name=labels[v], exact=True).click()
            wait_idle(page)
        return
    elif q.kind == "number":
        box = widget(page, "stTextInput", qt.label).locator("input")
        box.fill(number(value, lang))  # as the reader writes it: "3,5" in Dutch
        box.press("Enter")
    else:
        box = widget(page, "stTextInput", qt.label).locator("input")
        box.fill(str(value))
        box.press("Enter")
    wait_idle(page)


def answer_rule(page: Page, rule_index: int, answers: Answers, lang: str = "nl") -> None:
    rule = CONTENT.rules[rule_index]
    for q in rule.structure.questions:
        if q.id in answers:
            answer(page, q, rule.texts[lang].questions[q.id], answers[q.id], lang)


def next_rule(page: Page, lang: str = "nl") -> None:
    page.get_by_role("button", name=CONTENT.messages[lang]["scan.next"]).click()
    wait_idle(page)
