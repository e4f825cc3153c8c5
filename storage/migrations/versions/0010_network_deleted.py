"""A network can be deleted with an undo (issue 11): `deleted_at` marks a network
its initiator deleted (restorable for the undo window of content/checkins.yaml,
then purged with everything answered in it), and `changed_at` is the network's
last activity (any change: an answer, a story, a moment, the decision), from
which its retention is counted. Existing networks get the latest time their own
rows hold.

Revision ID: 0010
Revises: 0009 (re-chained after the workshop's check-in moments when netdelete met main)
"""

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("networks") as batch:
        batch.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_networks_deleted_at", "networks", ["deleted_at"])
    op.create_index("ix_networks_changed_at", "networks", ["changed_at"])
    # The last activity of the networks there are: the latest time of their rows.
    conn = op.get_bind()
    latest: dict[str, datetime] = {}
    queries = [
        "SELECT id, started_at FROM networks",
        "SELECT id, decided_at FROM networks WHERE decided_at IS NOT NULL",
        "SELECT network_id, MAX(opened_at) FROM network_moments GROUP BY network_id",
        "SELECT network_id, MAX(closed_at) FROM network_moments GROUP BY network_id",
        "SELECT network_id, MAX(created_at) FROM network_respondents GROUP BY network_id",
        "SELECT network_id, MAX(updated_at) FROM network_answers GROUP BY network_id",
        "SELECT network_id, MAX(updated_at) FROM network_stories GROUP BY network_id",
    ]
    for query in queries:
        for network_id, when in conn.execute(sa.text(query)):
            if when is None:
                continue
            if isinstance(when, str):  # SQLite returns an aggregate of times as text
                when = datetime.fromisoformat(when)
            before = latest.get(network_id)
            if before is None or when > before:
                latest[network_id] = when
    networks = sa.table("networks", sa.column("id", sa.String),
                        sa.column("changed_at", sa.DateTime(timezone=True)))
    for network_id, when in latest.items():
        conn.execute(sa.update(networks).where(networks.c.id == network_id)
                     .values(changed_at=when))


def downgrade() -> None:
    op.drop_index("ix_networks_changed_at", "networks")
    op.drop_index("ix_networks_deleted_at", "networks")
    with op.batch_alter_table("networks") as batch:
        batch.drop_column("changed_at")
        batch.drop_column("deleted_at")
