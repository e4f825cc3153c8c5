"""Alembic environment for Vonk. Run through storage.migrate.upgrade(engine); the
engine's connection is passed in `config.attributes["connection"]`."""

from __future__ import annotations

from alembic import context

from storage.checkins import NetworkRow  # noqa: F401  (its tables join Base.metadata)
from storage.netplans import NetplanFieldRow  # noqa: F401  (its table joins Base.metadata)
from storage.plans import Base
from storage.workshops import WorkshopRow  # noqa: F401  (its tables join Base.metadata)

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=True, compare_type=True)
with context.begin_transaction():
    context.run_migrations()
