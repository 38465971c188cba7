"""Databases as the builds before migrations left them: their tables, no ``alembic_version``.

Tests of what start-up does to such a database make one with today's start (migrated to
head), change what the old build lacked, then forget the stamp (``forget_migrations``).
"""

from __future__ import annotations

from sqlalchemy import Connection


def forget_migrations(connection: Connection) -> None:
    """The next start takes the database for one made before migrations and adopts it."""
    connection.exec_driver_sql("DROP TABLE alembic_version")
