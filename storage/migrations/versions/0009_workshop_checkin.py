"""A live workshop run for a moment of a network's check-ins (issue 11): the
workshop remembers the network and the moment (start, mid, end) whose statements
its room rates, so its answers can be recorded into that moment, and when they
last were. Three nullable columns on `workshops` (a workshop on the golden rules
leaves them empty) and an index to find a network's workshops.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workshops") as batch:
        batch.add_column(sa.Column("network_id", sa.String(64), nullable=True))
        batch.add_column(sa.Column("moment", sa.String(8), nullable=True))
        batch.add_column(sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_workshops_network_id", "workshops", ["network_id"])


def downgrade() -> None:
    op.drop_index("ix_workshops_network_id", "workshops")
    with op.batch_alter_table("workshops") as batch:
        batch.drop_column("recorded_at")
        batch.drop_column("moment")
        batch.drop_column("network_id")
