"""Guidance: advice tied to the answers, three next steps with blockers first,
fitting practice tips."""

from __future__ import annotations

from hypothesis import given, settings

from content.models import Content
from guidance import build_guidance
from scoring import assess, clean_answers
from scoring.answers import Answers
from tests.conftest import ready_plan
from tests.unit.strategies import CONTENT, answer_sets


def guide(content: Content, answers: Answers, lang: str = "nl"):  # type: ignore[no-untyped-def]
    return build_guidance(content, assess(content, answers), answers, lang)


def test_ready_plan_gets_little_advice(content: Content, good_answers: Answers) -> None:
    g = guide(content, good_answers)
    assert all(a.priority >= 2 for a in g.all_advice())
    assert not any(s.kind == "blocker" for s in g.next_steps)


def test_blockers_come_first_in_next_steps(content: Content) -> None:
    answers = {**ready_plan(), "coordinator": "nobody", "responsible": "nobody",
               "meeting_hours": 2}
    g = guide(content, answers)
    assert len(g.next_steps) == 3
    assert [s.kind for s in g.next_steps[:2]] == ["blocker", "blocker"]
    assert {s.ref for s in g.next_steps[:2]} == {"no_responsible", "no_coordinator"}


def test_high_findings_come_before_ordinary_advice(content: Content) -> None:
    answers = {**ready_plan(), "group_size": 15, "hard_core": "no_core", "meal": "nothing"}
    g = guide(content, answers)
    assert g.next_steps[0].kind == "finding" and g.next_steps[0].ref == "large_group_no_core"


def test_advice_follows_the_answers(content: Content) -> None:
    g = guide(content, {**ready_plan(), "recruitment": "assigned", "dates_fixed": "none_yet"})
    ids = {a.advice_id for a in g.by_rule["r04"]}
    assert {"invite_not_assign", "fix_dates"} <= ids
    g2 = guide(content, ready_plan())
    assert not {"invite_not_assign", "fix_dates"} & {a.advice_id for a in g2.by_rule["r04"]}


def test_unknown_answer_triggers_advice_to_find_out(content: Content) -> None:
    g = guide(content, {**ready_plan(), "coordinator": "unknown"})
    assert "appoint_coordinator" in {a.advice_id for a in g.by_rule["r08"]}


def test_advice_is_in_the_chosen_language(content: Content) -> None:
    answers = {**ready_plan(), "meal": "nothing"}
    nl, en = guide(content, answers, "nl"), guide(content, answers, "en")
    a_nl = next(a for a in nl.by_rule["r07"] if a.advice_id == "share_meal")
    a_en = next(a for a in en.by_rule["r07"] if a.advice_id == "share_meal")
    assert a_nl.title != a_en.title and "maaltijd" in a_nl.body and "meal" in a_en.body


def test_every_advice_names_its_source(content: Content) -> None:
    answers = {q.id: "unknown" for r in content.rules for q in r.structure.questions
               if q.kind in ("scale", "choice")}
    for a in guide(content, answers).all_advice():
        assert a.source in content.sections


def test_tips_fit_the_weakest_rules(content: Content) -> None:
    answers = {**ready_plan(), "take_and_give": "listen_only", "co_design": ["none"],
               "initiative_room": 2}
    tips = guide(content, answers).tips
    assert tips and "r09" in tips[0].rule_ids


@settings(max_examples=80, deadline=None)
@given(answer_sets())
def test_at_most_three_steps_and_blockers_never_skipped(raw: dict[str, object]) -> None:
    answers, _ = clean_answers(CONTENT, raw)
    r = assess(CONTENT, answers)
    g = build_guidance(CONTENT, r, answers, "en")
    assert len(g.next_steps) <= 3
    blocker_steps = [s for s in g.next_steps if s.kind == "blocker"]
    assert len(blocker_steps) == min(len(r.blockers), 3)
    kinds = [s.kind for s in g.next_steps]
    assert kinds == sorted(kinds, key=["blocker", "finding", "advice"].index)


def test_next_steps_do_not_repeat_a_rule(content: Content) -> None:
    answers = {**ready_plan(), "group_size": 15, "hard_core": "no_core", "meal": "nothing",
               "support": 2, "recruitment": "assigned"}
    steps = guide(content, answers).next_steps
    advice_rules = [s.rule_ids[0] for s in steps if s.kind == "advice"]
    finding_rules = {rid for s in steps if s.kind == "finding" for rid in s.rule_ids}
    assert len(set(advice_rules)) == len(advice_rules)
    assert not set(advice_rules) & finding_rules
