"""The rule in focus of a live workshop (issue 10): which rule the room is
discussing, stored with the workshop (it was session state of the facilitator's
control view, so the shared screen, a reloaded control view and a second
facilitator tab could not see it). One nullable column; nothing else changes.

Revision ID: 0013
Revises: 0012 (0012_workshop_vote_tally)
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workshops") as batch:
        batch.add_column(sa.Column("focus_rule", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workshops") as batch:
        batch.drop_column("focus_rule")
