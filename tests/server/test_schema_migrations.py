"""The OMS's schema under Alembic (#14) on SQLite and PostgreSQL: built from its first
revision, equal to the models, stepped up and down, a database from before migrations
adopted with every row, a revision from a newer build refused.

Seed 003 (分离库存模型, 优点): "OMS和WMS在数据库层面完全分离，可以独立部署、升级和演进" — the
OMS's database is upgraded on its own, in place, keeping what it holds.
"""

from __future__ import annotations

import ast
import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import inspect, text

from oms_server import schema_migrations
from oms_server.db import Database
from oms_server.schema_migrations import (
    FIRST_REVISION,
    SchemaTooNew,
    Upgrade,
    head_revision,
    revisions,
)
from tests.server.old_builds import forget_migrations
from tests.server.schema_support import (
    drift,
    kept,
    load_before_migrations,
    oms_tables,
    table_rows,
)


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    try:
        yield database
    finally:
        database.dispose()


def _revision(db: Database) -> str | None:
    with db.engine.connect() as connection:
        return schema_migrations.current_revision(connection)


def test_revisions_form_one_line_from_the_first() -> None:
    scripts = schema_migrations.script_directory()
    chain = revisions()
    assert chain[0] == FIRST_REVISION
    assert chain[-1] == head_revision()
    for older, newer in itertools.pairwise(chain):
        script = scripts.get_revision(newer)
        assert script is not None and script.down_revision == older


def test_no_revision_imports_the_oms_itself() -> None:
    """A revision that imported the models (or ran ``create_all``) would change whenever they
    do: what it did to databases already migrated would no longer be what it says."""
    for script in schema_migrations.script_directory().walk_revisions():
        assert script.path is not None
        tree = ast.parse(Path(script.path).read_text(encoding="utf-8"))
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not {name for name in imported if name.startswith("oms_server")}, script.path
        assert "create_all" not in Path(script.path).read_text(encoding="utf-8")


def test_an_empty_database_is_built_to_the_models(db: Database) -> None:
    """The test that makes the next model change come with its migration: the migrated
    schema must equal the models (no difference Alembic's autogenerate would write)."""
    head = head_revision()
    assert db.create_schema() == Upgrade(before=None, adopted=False, after=head)
    assert drift(db) == []
    assert db.create_schema() == Upgrade(before=head, adopted=False, after=head)


def test_every_revision_upgrades_and_downgrades_step_by_step(db: Database) -> None:
    chain = revisions()
    for revision in chain:
        with db.migration_connection() as connection:
            schema_migrations.upgrade(connection, revision)
        assert _revision(db) == revision
    for previous in [*reversed(chain[:-1]), "base"]:
        with db.migration_connection() as connection:
            after = schema_migrations.downgrade(connection, previous)
        assert after == (None if previous == "base" else previous)
    assert oms_tables(db) == set()
    db.create_schema()
    assert drift(db) == []


def test_the_last_build_s_demo_database_is_adopted_with_every_row(db: Database) -> None:
    """A database made by the last build before migrations (tables, no alembic_version):
    stamped 0001, upgraded, every row kept, and then equal to the models."""
    load_before_migrations(db)
    before = table_rows(db)
    assert len(before["outbound_order"]) == 12 and len(before["feed_entry"]) == 24
    assert db.create_schema() == Upgrade(before=None, adopted=True, after=head_revision())
    assert all(kept(before, table_rows(db)).values()), kept(before, table_rows(db))
    assert drift(db) == []


def test_an_older_build_s_database_is_completed_to_the_first_revision(db: Database) -> None:
    """Builds older than the last one lacked tables, columns and indexes and kept returns
    without their ``related_order_no`` column: adoption adds them as those builds' own
    start did (nullable, or NOT NULL with the default) and copies the return's order."""
    load_before_migrations(db)
    body = {"inbound_no": "RT-OLD", "inbound_type": "RETURN", "related_order_no": "SO-OLD"}
    with db.engine.begin() as connection:
        run = connection.exec_driver_sql
        run("DROP TABLE monitoring_alert")
        run("DROP INDEX ix_accepted_event_received")
        run("DROP INDEX ix_inbound_order_related_order_no")
        run("ALTER TABLE inbound_order DROP COLUMN related_order_no")
        run("ALTER TABLE logical_stock DROP COLUMN frozen")
        run("ALTER TABLE station DROP COLUMN state")
        connection.execute(
            text(
                "INSERT INTO inbound_order (inbound_no, warehouse_id, owner_id, body_json, "
                "status, created_at) VALUES ('RT-OLD', 'WH01', 'ACME', :body, 'CREATED', "
                "CURRENT_TIMESTAMP)"
            ),
            {"body": json.dumps(body, separators=(",", ":"))},
        )
    before = table_rows(db)
    assert db.create_schema().adopted
    assert drift(db) == []
    assert all(kept(before, table_rows(db)).values())
    with db.engine.connect() as connection:
        related = connection.exec_driver_sql(
            "SELECT related_order_no FROM inbound_order WHERE inbound_no = 'RT-OLD'"
        ).scalar_one()
        states = connection.exec_driver_sql("SELECT DISTINCT state FROM station").scalars()
        frozen = connection.exec_driver_sql("SELECT DISTINCT frozen FROM logical_stock")
        assert (related, list(states), list(frozen.scalars())) == ("SO-OLD", ["active"], [0])


def test_a_database_a_newer_build_migrated_is_refused_untouched(db: Database) -> None:
    db.create_schema()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'f00d'")
        connection.exec_driver_sql("DROP INDEX ix_station_warehouse_id")
    with pytest.raises(SchemaTooNew) as refused:
        db.create_schema()
    assert (refused.value.revision, refused.value.head) == ("f00d", head_revision())
    assert _revision(db) == "f00d"
    indexes = {index["name"] for index in inspect(db.engine).get_indexes("station")}
    assert "ix_station_warehouse_id" not in indexes


def test_a_stamped_database_is_not_adopted_again(db: Database) -> None:
    """Adoption is for databases without ``alembic_version`` only: a migrated database's
    changes come from revisions, never from the fix-ups (which would hide a missing one)."""
    db.create_schema()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP INDEX ix_station_warehouse_id")
    db.create_schema()
    assert "ix_station_warehouse_id" not in {
        index["name"] for index in inspect(db.engine).get_indexes("station")
    }
    with db.engine.begin() as connection:
        forget_migrations(connection)
    assert db.create_schema().adopted
    assert drift(db) == []


def test_a_migration_can_rebuild_a_table_other_rows_refer_to(tmp_path: Path) -> None:
    """SQLite alters most things by rebuilding the table (Alembic's batch mode): the
    migration connection has foreign keys off so ``warehouse``, which stations and feed
    entries refer to, can be dropped and renamed in place; the OMS's own connections keep
    them on."""
    db = Database(f"sqlite:///{tmp_path / 'oms.sqlite3'}")
    try:
        load_before_migrations(db)
        db.create_schema()
        before = table_rows(db)
        with db.migration_connection() as connection, connection.begin():
            context = MigrationContext.configure(connection)
            with Operations(context).batch_alter_table("warehouse", recreate="always"):
                pass
        assert table_rows(db) == before
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
    finally:
        db.dispose()
