"""Rates saved with the workspace: the rates and hours an HR adviser set for the
investment estimate, kept with the scenarios they apply to, so a reload or the
personal link shows the same estimate. One row per workspace that has rates; a
workspace without a row uses the defaults of content/investment.yaml.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workspace_rates",
        sa.Column("workspace", sa.String(64), primary_key=True),
        sa.Column("rates_json", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("workspace_rates")
