"""Migrations: built from the first revision up with data in it, and no drift from models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from local_db import migrate
from local_db.models import Base
from local_db.store import migrate_to_head, open_store

FIRST = "0001"


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def _fill_first_schema(path: Path) -> None:
    """Rows in the tables of the first schema, written with plain SQL as an old release
    would have."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        run = connection.exec_driver_sql
        run("INSERT INTO owner VALUES ('OW1', 'Owner One')")
        run(
            "INSERT INTO sku (owner_id, sku_id, name, safety_stock, batch_managed, "
            "expiry_managed, serial_managed, weight_grams) "
            "VALUES ('OW1', 'SKU-A', 'Tea', 3, 0, 0, 0, 500)"
        )
        run("INSERT INTO barcode VALUES ('6901234567892', 'OW1', 'SKU-A', 'GTIN')")
        run("INSERT INTO location VALUES ('A-01-01-01', 'A', 10, 1, 0)")
        run(
            "INSERT INTO stock (id, location_code, owner_id, sku_id, batch_no, expiry_date, "
            "on_hand, locked, frozen, damaged) "
            "VALUES (1, 'A-01-01-01', 'OW1', 'SKU-A', NULL, NULL, 10, 2, 1, 0)"
        )
        run(
            "INSERT INTO outbound_order (id, command_id, order_no, wms_outbound_no, "
            "warehouse_id, owner_id, consignee, phone, province, city, district, address, "
            "carrier_code, service_type, priority, deadline, ext_info_json, status, "
            "cancelled_mid_pick, handled_remotely, created_at, updated_at) VALUES (1, 'C1', "
            "'SO-1', 'WO1', 'WH1', 'OW1', 'x', 'y', 'p', 'c', 'd', 'a', 'SF', 'STANDARD', 0, "
            "NULL, '{}', 'ALLOCATED', 0, 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        )
        run(
            "INSERT INTO outbound_line (id, order_id, line_no, sku_id, sku_name, quantity, "
            "barcode, picked_qty, short_qty, packed_qty) "
            "VALUES (1, 1, 1, 'SKU-A', 'Tea', 2, NULL, 0, 0, 0)"
        )
        run(
            "INSERT INTO pick_task (id, order_id, line_id, stock_id, sequence, location_code, "
            "sku_id, batch_no, expiry_date, quantity, picked_qty, short_qty, short_reason, "
            "serials_json, status, picked_by, picked_at) VALUES (1, 1, 1, 1, 1, "
            "'A-01-01-01', 'SKU-A', NULL, NULL, 2, 0, 0, NULL, '[]', 'open', NULL, NULL)"
        )
        run(
            "INSERT INTO outbox_event (id, event_id, station_seq, event_type, order_no, "
            "payload_json, operator, occurred_at, status, attempts) VALUES (1, "
            "'0123456789abcdef0123456789abcdef', 1, 'outbound_received', 'SO-1', '{}', 'P1', "
            "'2026-01-01 00:00:00', 'pending', 0)"
        )
        run("INSERT INTO sync_state VALUES ('feed_cursor', '42')")
        run(
            "INSERT INTO applied_feed_entry VALUES (42, 'outbound_command_created', "
            "'2026-01-01 00:00:00', 'ok')"
        )
    engine.dispose()


def _table_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        tables = [
            name
            for (name,) in connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type='table' AND name != 'alembic_version'"
            )
        ]
        result = {
            name: [tuple(r) for r in connection.execute(text(f"SELECT * FROM {name} ORDER BY 1"))]
            for name in tables
        }
    engine.dispose()
    return result


def test_revisions_form_one_line_from_the_first() -> None:
    revisions = _revisions()
    assert revisions[0] == FIRST
    assert revisions[-1] == migrate.head_revision()


def test_upgrade_from_the_first_revision_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    migrate_to_head(path, FIRST)
    _fill_first_schema(path)
    before = _table_rows(path)
    for revision in _revisions()[1:]:
        migrate_to_head(path, revision)
    after = _table_rows(path)
    for table, rows in before.items():
        width = len(rows[0]) if rows else 0
        # New columns are appended; the old columns keep every value.
        assert [row[:width] for row in after[table]] == rows, table
    store = open_store(path)  # at head already: opening is a no-op migration
    with store.read_session() as session:
        assert session.execute(text("SELECT on_hand FROM stock")).scalar_one() == 10
    store.close()


def test_downgrade_and_upgrade_again_keep_data(tmp_path: Path) -> None:
    path = tmp_path / "roundtrip.sqlite3"
    migrate_to_head(path, FIRST)
    _fill_first_schema(path)
    before = _table_rows(path)
    migrate_to_head(path)
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        migrate.downgrade(connection, FIRST)
    engine.dispose()
    assert _table_rows(path) == before
    migrate_to_head(path)
    _assert_no_drift(path)


def _assert_no_drift(path: Path) -> None:
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_models_and_migrations_do_not_drift(tmp_path: Path) -> None:
    path = tmp_path / "head.sqlite3"
    open_store(path).close()
    _assert_no_drift(path)


def test_migrations_keep_the_schema_checks(tmp_path: Path) -> None:
    """CHECK constraints survive (batch migrations rebuild tables): a negative on-hand is
    refused by the database itself."""
    path = tmp_path / "checks.sqlite3"
    migrate_to_head(path, FIRST)
    _fill_first_schema(path)
    migrate_to_head(path)
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        sql = connection.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name='stock'")
        assert "locked <= on_hand" in sql.scalar_one()
    engine.dispose()


def test_a_store_at_head_opens_without_running_alembic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Start-up on a large store must not pay for Alembic or a whole-file foreign_key_check
    when there is nothing to migrate (bench.startup found most of a second there)."""
    path = tmp_path / "station.sqlite3"
    open_store(path).close()

    def must_not_run(*_args: object) -> None:
        raise AssertionError("Alembic ran on a store already at head")

    monkeypatch.setattr(migrate, "upgrade", must_not_run)
    reopened = open_store(path)
    reopened.close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        assert migrate.current_revision(connection) == migrate.head_revision()
    engine.dispose()
