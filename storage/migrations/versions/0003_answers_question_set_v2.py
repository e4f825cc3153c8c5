"""Stored answers follow the question set of version 2 (issue 8): renamed option ids,
split questions and "how firmly is it fixed" instead of ticks are converted by the
same table that converts version 1 assessment files (content/answer_history.yaml),
so a plan saved before opens with the same meaning. Nothing is guessed: what the
old answer cannot tell stays unanswered.

Revision ID: 0003
Revises: 0002
"""

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from content.answer_history import upgrade_answers

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

answers = sa.table("answers", sa.column("plan_token", sa.String),
                   sa.column("question_id", sa.String), sa.column("value_json", sa.Text),
                   sa.column("revision", sa.Integer),
                   sa.column("updated_at", sa.DateTime(timezone=True)))


def upgrade() -> None:
    bind = op.get_bind()
    by_plan: dict[str, dict[str, object]] = {}
    for token, qid, raw in bind.execute(sa.select(answers.c.plan_token, answers.c.question_id,
                                                  answers.c.value_json)):
        by_plan.setdefault(token, {})[qid] = json.loads(raw)
    now = datetime.now(UTC)
    for token, old in by_plan.items():
        new = upgrade_answers(old, 1)
        if new == old:
            continue
        for qid in old.keys() - new.keys():
            bind.execute(answers.delete().where(answers.c.plan_token == token,
                                                answers.c.question_id == qid))
        for qid, value in new.items():
            if qid not in old:
                bind.execute(answers.insert().values(
                    plan_token=token, question_id=qid, value_json=json.dumps(value),
                    revision=0, updated_at=now))
            elif old[qid] != value:
                bind.execute(answers.update().where(
                    answers.c.plan_token == token, answers.c.question_id == qid).values(
                    value_json=json.dumps(value), revision=answers.c.revision + 1,
                    updated_at=now))


def downgrade() -> None:
    """The old question set cannot be rebuilt from the new one (split questions were
    answered separately since); the answers are left as they are."""
