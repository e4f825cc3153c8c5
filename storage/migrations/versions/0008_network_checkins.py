"""Check-ins of a running network: a network (a plan that has started), its moments
(start, mid, end), respondents by an unguessable token (never a name) with their
own learning question, answers per moment and respondent, stories, and the
rule-10 decision. Self-contained: only new tables, nothing of the plans or the
workshops is touched.

Revision ID: 0008
Revises: 0005 (for now: re-chained after 0006/0007 when merged)
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "networks",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("plan_token", sa.String(64), nullable=False),
        sa.Column("language", sa.String(5), nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decision", sa.String(16), nullable=True),
        sa.Column("follow_up", sa.Date, nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_networks_plan_token", "networks", ["plan_token"])
    op.create_table(
        "network_moments",
        sa.Column("network_id", sa.String(64),
                  sa.ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("moment", sa.String(8), primary_key=True),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("workshop_id", sa.String(64), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "network_respondents",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("network_id", sa.String(64),
                  sa.ForeignKey("networks.id", ondelete="CASCADE"), nullable=False),
        sa.Column("learning_question", sa.Text, nullable=False, server_default=""),
        sa.Column("learning_shared", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_network_respondents_network_id", "network_respondents",
                    ["network_id"])
    op.create_table(
        "network_answers",
        sa.Column("respondent_token", sa.String(64),
                  sa.ForeignKey("network_respondents.token", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("moment", sa.String(8), primary_key=True),
        sa.Column("item_id", sa.String(64), primary_key=True),
        sa.Column("network_id", sa.String(64),
                  sa.ForeignKey("networks.id", ondelete="CASCADE"), nullable=False),
        sa.Column("value", sa.String(16), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_network_answers_network_id", "network_answers", ["network_id"])
    op.create_table(
        "network_stories",
        sa.Column("respondent_token", sa.String(64),
                  sa.ForeignKey("network_respondents.token", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("moment", sa.String(8), primary_key=True),
        sa.Column("story_id", sa.String(64), primary_key=True),
        sa.Column("network_id", sa.String(64),
                  sa.ForeignKey("networks.id", ondelete="CASCADE"), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_network_stories_network_id", "network_stories", ["network_id"])


def downgrade() -> None:
    op.drop_index("ix_network_stories_network_id", "network_stories")
    op.drop_table("network_stories")
    op.drop_index("ix_network_answers_network_id", "network_answers")
    op.drop_table("network_answers")
    op.drop_index("ix_network_respondents_network_id", "network_respondents")
    op.drop_table("network_respondents")
    op.drop_table("network_moments")
    op.drop_index("ix_networks_plan_token", "networks")
    op.drop_table("networks")
