"""The room's result as a plan: the group's median answer per statement, on top
of the plan's facts (numbers, roles, dates) from the scan the workshop started
from, so `scoring.assess` scores the group exactly as it scores one person.

With an even number of answers the two middle answers may differ; the group's
answer is then the less favourable of the two (the lower one, or the higher one
for a statement where agreeing is bad): Vonk's judgement, so that a divided room
is never scored better than its own middle.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping

from content.models import UNKNOWN, Content, Question
from content.workshop import Anonymity
from scoring.answers import Answers, AnswerValue, question_index
from workshop.aggregate import Vote, counts_of


def statements(content: Content, rule_ids: Iterable[str] | None = None
               ) -> dict[str, tuple[str, ...]]:
    """The statements (scale questions) of these rules (all rules: None), by rule id,
    in content order; rules without statements are left out."""
    wanted = None if rule_ids is None else set(rule_ids)
    out: dict[str, tuple[str, ...]] = {}
    for rule in content.rules:
        if wanted is not None and rule.id not in wanted:
            continue
        ids = tuple(q.id for q in rule.structure.questions if q.kind == "scale")
        if ids:
            out[rule.id] = ids
    return out


def group_answer(question: Question, votes: Iterable[Vote], anonymity: Anonymity
                 ) -> AnswerValue | None:
    """The room's answer to one statement: the median of the 1..5 answers when at
    least `min_figure` gave one; "weet ik niet" when enough answered but too few
    rated; None (no answer) when too few answered at all."""
    counts, unknown = counts_of(votes)
    rated = sorted(x for x, c in counts.items() for _ in range(c))
    if len(rated) >= anonymity.min_figure:
        pick = statistics.median_high if question.reverse else statistics.median_low
        return int(pick(rated))
    if len(rated) + unknown >= anonymity.min_figure and question.allow_unknown:
        return UNKNOWN
    return None


def group_answers(content: Content, facts: Answers,
                  votes: Mapping[str, Iterable[Vote]], anonymity: Anonymity) -> Answers:
    """The plan the room's answers make: `facts` (whatever the start plan said),
    with every voted statement's answer replaced by the room's (or removed when
    too few answered)."""
    index = question_index(content)
    answers: Answers = dict(facts)
    for qid, given in votes.items():
        question = index.get(qid)
        if question is None or question.kind != "scale":
            raise ValueError(f"not a statement: {qid}")
        value = group_answer(question, given, anonymity)
        if value is None:
            answers.pop(qid, None)
        else:
            answers[qid] = value
    return answers
