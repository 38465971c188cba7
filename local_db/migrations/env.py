"""Alembic environment: always called with a live connection (see local_db.migrate)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from local_db.models import Base

config = context.config
connection = config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("run migrations through local_db.migrate with a live connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things: batch mode recreates the table instead.
    render_as_batch=True,
    compare_type=True,
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
