"""Scenarios in workspaces: every plan becomes a scenario of a workspace. Existing
plans each get their own workspace whose token is the plan's token, so every resume
link given out before still opens the same answers.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plans") as batch:
        batch.add_column(sa.Column("workspace", sa.String(64), nullable=True))
        batch.add_column(sa.Column("note", sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("position", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("revision", sa.Integer, nullable=False, server_default="0"))
    op.execute("UPDATE plans SET workspace = token WHERE workspace IS NULL")
    with op.batch_alter_table("plans") as batch:
        batch.alter_column("workspace", existing_type=sa.String(64), nullable=False)
        batch.create_index("ix_plans_workspace", ["workspace"])
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("revision", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("answers") as batch:
        batch.drop_column("revision")
    with op.batch_alter_table("plans") as batch:
        batch.drop_index("ix_plans_workspace")
        for column in ("revision", "deleted_at", "position", "note", "workspace"):
            batch.drop_column(column)
