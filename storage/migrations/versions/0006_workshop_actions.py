"""Agreed actions of a live workshop: what, who (a role, free text), by when, in
the facilitator's order. Deleted with the workshop (foreign key, and explicitly by
the purge). Only a new table; nothing else is touched.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# The lengths of content/workshop.py AgreedActionFields when this revision was made
# (a migration keeps its own numbers: a later change of the model needs a revision).
WHAT_MAX = 300
WHO_MAX = 80


def upgrade() -> None:
    op.create_table(
        "workshop_actions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("workshop_id", sa.String(64),
                  sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("what", sa.String(WHAT_MAX), nullable=False),
        sa.Column("who", sa.String(WHO_MAX), nullable=False),
        sa.Column("due", sa.Date, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_workshop_actions_workshop_id", "workshop_actions", ["workshop_id"])


def downgrade() -> None:
    op.drop_index("ix_workshop_actions_workshop_id", "workshop_actions")
    op.drop_table("workshop_actions")
