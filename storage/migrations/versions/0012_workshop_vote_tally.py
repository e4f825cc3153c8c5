"""A workshop's votes counted in their own row (issue 10, speed): every vote bumped
the workshop row's version and so held that row exclusively for its whole
transaction; 300 phones on two servers queued behind each other (bench/README.md).
Now a vote holds the workshop row shared and bumps `workshop_tallies.votes` as its
last statement; a workshop's version is `workshops.version + workshop_tallies.votes`
(storage/workshops.py). One row per workshop, made here for the existing ones,
counting from 0, so their versions stay what they were; going down adds the votes
back into `workshops.version`.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshop_tallies",
        sa.Column("workshop_id", sa.String(64),
                  sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("votes", sa.Integer(), nullable=False, server_default="0"),
    )
    op.execute("INSERT INTO workshop_tallies (workshop_id, votes) "
               "SELECT id, 0 FROM workshops")


def downgrade() -> None:
    # The votes go back into the one counter: a version never goes down.
    op.execute("UPDATE workshops SET version = version + COALESCE((SELECT t.votes FROM "
               "workshop_tallies t WHERE t.workshop_id = workshops.id), 0)")
    op.drop_table("workshop_tallies")
