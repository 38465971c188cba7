"""The OMS database's schema: Alembic revisions (``oms_server/migrations``) run at start.

:func:`upgrade` takes the migration lock first, so two OMS processes starting at once on one
database migrate one after the other (the second finds the schema at head): on PostgreSQL a
transaction-level advisory lock, on SQLite the ``BEGIN IMMEDIATE`` every write transaction of
:class:`oms_server.db.Database` starts with (one writer per file). The whole migration is that
one transaction: a failure leaves the database as it was.

A database made before the OMS had migrations (its tables, no ``alembic_version``) is brought
to revision 0001's shape and stamped 0001 first (``oms_server/schema_adoption.py``). A
database at a revision this build does not know (made by a newer build) is refused with
:class:`SchemaTooNew` before anything is written.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from oms_server import schema_adoption

log = logging.getLogger("oms_server.schema")

MIGRATIONS_DIR: Final = Path(__file__).resolve().parent / "migrations"
FIRST_REVISION: Final = "0001"
# pg_advisory_xact_lock key of the migration (services/alerts.py holds 0x5EED_0007).
_PG_LOCK_KEY: Final = 0x5EED_A1E0


class SchemaTooNew(RuntimeError):
    """The database is at a revision this build does not know: a newer oms-server migrated
    it. Running this build on it could write rows the newer schema forbids."""

    def __init__(self, revision: str, head: str) -> None:
        super().__init__(
            f"the database is at schema revision {revision}, which this oms-server does not "
            f"know (its newest is {head}): it was upgraded by a newer build; run that build "
            "or a later one, or restore the database's backup from before that upgrade"
        )
        self.revision = revision
        self.head = head


@dataclass(frozen=True)
class Upgrade:
    """What :func:`upgrade` did: the revision before (None: empty or made before migrations),
    whether a database from before migrations was adopted, and the revision after."""

    before: str | None
    adopted: bool
    after: str


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # env.py runs on this connection (inside the caller's transaction) instead of a URL.
    config.attributes["connection"] = connection
    return config


@functools.cache
def script_directory() -> ScriptDirectory:
    """The shipped revisions (read once: they do not change while the process runs)."""
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None, "oms_server/migrations/versions names one head"
    return head


def revisions() -> list[str]:
    """Every revision this build knows, the first one first."""
    return [script.revision for script in reversed(list(script_directory().walk_revisions()))]


def current_revision(connection: Connection) -> str | None:
    """The revision the database is stamped with (None: empty, or made before migrations)."""
    # As env.py: the migration always runs inside the caller's one transaction.
    context = MigrationContext.configure(connection, opts={"transactional_ddl": True})
    return context.get_current_revision()


def upgrade(connection: Connection, target: str = "head") -> Upgrade:
    """Bring the database to ``target`` in one transaction under the migration lock.

    ``connection`` must not be in a transaction; on SQLite it should have foreign keys off
    (``Database.migration_connection``) so a batch migration can rebuild a parent table."""
    with connection.begin():
        _lock(connection)
        before = _known_revision(connection)
        adopted = before is None and schema_adoption.adopt(connection, script_directory())
        config = alembic_config(connection)
        if adopted:
            command.stamp(config, FIRST_REVISION)
        command.upgrade(config, target)
        after = current_revision(connection)
        if before != after or adopted:
            _check_references(connection)
    assert after is not None
    if before != after or adopted:
        log.info(
            "OMS database schema %s -> %s%s",
            before or "none",
            after,
            " (made before migrations: adopted as 0001)" if adopted else "",
        )
    return Upgrade(before, adopted, after)


def downgrade(connection: Connection, target: str) -> str | None:
    """Step the database back to ``target`` (tests and a developer's rollback)."""
    with connection.begin():
        _lock(connection)
        _known_revision(connection)
        command.downgrade(alembic_config(connection), target)
        _check_references(connection)
        return current_revision(connection)


def _lock(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})


def _known_revision(connection: Connection) -> str | None:
    current = current_revision(connection)
    if current is not None and current not in revisions():
        raise SchemaTooNew(current, head_revision())
    return current


def _check_references(connection: Connection) -> None:
    """On SQLite the migration ran with foreign keys off: prove no row lost its parent
    (reads every referencing table, so only after a migration that changed something)."""
    if connection.dialect.name != "sqlite":
        return
    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if problems:
        raise RuntimeError(f"the migration left rows without their parent: {problems[:5]}")
