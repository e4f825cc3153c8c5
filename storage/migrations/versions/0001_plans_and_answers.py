"""Plans and their answers (the first release's schema).

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("title", sa.String(120), nullable=False, server_default=""),
        sa.Column("language", sa.String(5), nullable=False, server_default="nl"),
        sa.Column("current_rule", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "answers",
        sa.Column("plan_token", sa.String(64),
                  sa.ForeignKey("plans.token", ondelete="CASCADE"), primary_key=True),
        sa.Column("question_id", sa.String(64), primary_key=True),
        sa.Column("value_json", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("answers")
    op.drop_table("plans")
