"""The facilitator's timer on the shared screen (issue 10): when it ends, stored
with the workshop (it was session state of the control view, so the screen and
another server could not see it). One nullable column; nothing else changes.

Revision ID: 0011
Revises: 0010 (re-chained after 0009/0010 when main was merged into wsscale)
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workshops") as batch:
        batch.add_column(sa.Column("timer_ends_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workshops") as batch:
        batch.drop_column("timer_ends_at")
