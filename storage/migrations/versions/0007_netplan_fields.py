"""The network plan's edited fields (issue 11): one row per plan and field, the
value as JSON and a revision that rises with every save (the calendar's
SEQUENCE). Self-contained: only a new table; it goes with its plan.

Revision ID: 0007
Revises: 0006 (re-chained after the workshop actions when wsinfra merged main)
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "netplan_fields",
        sa.Column("plan_token", sa.String(64),
                  sa.ForeignKey("plans.token", ondelete="CASCADE"), primary_key=True),
        sa.Column("field_id", sa.String(64), primary_key=True),
        sa.Column("value_json", sa.Text, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False, server_default="1"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("netplan_fields")
