"""Live workshops: workshops (with a version counter), their rules' state,
participants by an unguessable token, and votes per participant, statement and
round. Self-contained: only new tables, nothing of the plans is touched.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshops",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("code", sa.String(8), nullable=False, unique=True),
        sa.Column("secret_hash", sa.String(128), nullable=False),
        sa.Column("language", sa.String(5), nullable=False),
        sa.Column("phase", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
        sa.Column("min_figure", sa.Integer, nullable=False),
        sa.Column("min_distribution", sa.Integer, nullable=False),
        sa.Column("rehearsal", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("facts_json", sa.Text, nullable=False, server_default="{}"),
        sa.Column("source_plan", sa.String(64), nullable=True),
        sa.Column("scenario_token", sa.String(64), nullable=True),
        sa.Column("next_seat", sa.Integer, nullable=False, server_default="1"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("code_expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delete_after", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_workshops_delete_after", "workshops", ["delete_after"])
    op.create_table(
        "workshop_rules",
        sa.Column("workshop_id", sa.String(64),
                  sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("rule_id", sa.String(32), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("statements_json", sa.Text, nullable=False),
        sa.Column("is_open", sa.Boolean, nullable=False),
        sa.Column("locked", sa.Boolean, nullable=False),
        sa.Column("discussed", sa.Boolean, nullable=False),
        sa.Column("revealed", sa.Integer, nullable=False),
    )
    op.create_table(
        "workshop_participants",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("workshop_id", sa.String(64),
                  sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seat", sa.Integer, nullable=False),
        sa.Column("simulated", sa.Boolean, nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("workshop_id", "seat", name="uq_participant_seat"),
    )
    op.create_index("ix_workshop_participants_workshop_id", "workshop_participants",
                    ["workshop_id"])
    op.create_table(
        "workshop_votes",
        sa.Column("participant_token", sa.String(64),
                  sa.ForeignKey("workshop_participants.token", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("statement_id", sa.String(64), primary_key=True),
        sa.Column("round", sa.Integer, primary_key=True),
        sa.Column("workshop_id", sa.String(64),
                  sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
        sa.Column("rule_id", sa.String(32), nullable=False),
        sa.Column("value", sa.String(16), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_workshop_votes_round", "workshop_votes", ["workshop_id", "round"])


def downgrade() -> None:
    op.drop_index("ix_workshop_votes_round", "workshop_votes")
    op.drop_table("workshop_votes")
    op.drop_index("ix_workshop_participants_workshop_id", "workshop_participants")
    op.drop_table("workshop_participants")
    op.drop_table("workshop_rules")
    op.drop_index("ix_workshops_delete_after", "workshops")
    op.drop_table("workshops")
