"""Schema 0006 (task control): the frozen store of a released schema upgrades to it with every
order workable as before, and a supervisor can hold, assign and release its orders at once."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import create_engine, select

from app.queries.pick_tasks import next_workable_order
from app.supervision import task_control
from local_db import migrate
from local_db.models import Operator, OutboundOrder
from local_db.store import migrate_to_head, open_store
from tests.fixtures.stores.make_frozen_store import frozen_store_path

NEW_COLUMNS = {"hold_reason", "held_by", "held_at", "assigned_to", "assigned_at"}


def _columns(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("PRAGMA table_xinfo(outbound_order)").fetchall()
    connection.close()
    return {str(row[1]) for row in rows}


def _query_plan(path: Path, sql: str) -> str:
    with sqlite3.connect(path) as connection:
        rows = connection.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
    connection.close()
    return " ".join(str(row[3]) for row in rows)


def test_a_frozen_0004_store_upgrades_to_task_control(tmp_path: Path) -> None:
    path = tmp_path / "station.sqlite3"
    shutil.copy(frozen_store_path("0004"), path)
    assert not NEW_COLUMNS & _columns(path)

    store = open_store(path)  # migrates to the head, as the station does at start
    try:
        assert _columns(path) >= NEW_COLUMNS
        assert "task_queue_key" in _columns(path)  # the generated key is untouched
        with store.read_session() as session:
            orders = list(session.scalars(select(OutboundOrder)))
            supervisor = session.scalars(
                select(Operator.badge_code).where(Operator.role == "supervisor", Operator.active)
            ).first()
        assert orders and all(o.hold_reason is None and o.assigned_to is None for o in orders)
        assert supervisor is not None
        workable = next_workable_order(store)
        assert workable is not None  # the demo's open orders are as workable as before

        task_control.decide(
            store,
            lambda uow: task_control.hold_order(uow, supervisor, workable, "ADDRESS_CHECK"),
        )
        assert next_workable_order(store) != workable
    finally:
        store.close()
    # An operator's own orders are found through the partial index, not a table scan.
    plan = _query_plan(path, "SELECT id FROM outbound_order WHERE assigned_to = 'B1'")
    assert "ix_outbound_order_assigned_to" in plan


def test_0006_downgrades_to_0005_and_back(tmp_path: Path) -> None:
    path = tmp_path / "station.sqlite3"
    shutil.copy(frozen_store_path("0004"), path)
    migrate_to_head(path)
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        migrate.downgrade(connection, "0005")
    engine.dispose()
    assert not NEW_COLUMNS & _columns(path)
    migrate_to_head(path)
    assert _columns(path) >= NEW_COLUMNS
