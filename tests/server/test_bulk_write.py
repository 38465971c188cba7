"""bulk_write stores on SQLite exactly what the Core statements it stands in for store."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

from oms_server.db import Database
from oms_server.models import AcceptedEvent, LogicalStock, OrderStatusHistory, OutboundOrder
from oms_server.services.bulk_write import insert_many, update_many
from oms_server.services.push_state import table_of

T0 = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)
# Another zone, microseconds, a whole second: each must come out as Core writes it.
T1 = dt.datetime(2026, 11, 22, 11, 0, 5, 120, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _accepted(event_id: str, occurred_at: dt.datetime, latency_ms: int | None) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "station_id": "ST-1",
        "station_seq": 7,
        "warehouse_id": "WH01",
        "event_type": "stock_changed",
        "occurred_at": occurred_at,
        "received_at": T0,
        "latency_ms": latency_ms,
        "feed_seq": 3,
    }


def _stock(sku_id: str, reported_at: dt.datetime | None) -> dict[str, Any]:
    return {
        "on_hand": 5,
        "reserved": 1,
        "station_available_qty": None if reported_at is None else 4,
        "station_reported_at": reported_at,
        "updated_at": T1,
        "warehouse_id": "WH01",
        "owner_id": "ACME",
        "sku_id": sku_id,
    }


def _raw(path: Path, sql: str) -> list[tuple[Any, ...]]:
    """Rows as SQLite holds them: the text and the storage class of every value."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def _typed(columns: list[str]) -> str:
    return ", ".join(f"quote({c}), typeof({c})" for c in columns)


def test_inserts_and_updates_store_the_same_text_as_core(tmp_path: Path) -> None:
    path = tmp_path / "oms.sqlite3"
    db = Database(f"sqlite:///{path}")
    db.create_schema()
    accepted = table_of(AcceptedEvent)
    stock = table_of(LogicalStock)
    try:
        with db.write_transaction() as session:
            session.execute(
                accepted.insert(), [_accepted("core-1", T0, None), _accepted("core-2", T1, 5)]
            )
            insert_many(session, accepted, [_accepted("bulk-1", T0, None)])
            insert_many(session, accepted, [_accepted("bulk-2", T1, 5)])
            session.execute(stock.insert(), [_stock("CORE", None), _stock("BULK", None)])
            update_many(
                session, stock, ("warehouse_id", "owner_id", "sku_id"), [_stock("BULK", T1)]
            )
            session.execute(
                stock.update()
                .where(stock.c.sku_id == "CORE")
                .values({k: v for k, v in _stock("CORE", T1).items() if k != "sku_id"})
            )
            insert_many(session, accepted, [])  # nothing to write: no statement
    finally:
        db.dispose()

    columns = [c.name for c in accepted.columns if c.name != "event_id"]
    rows = dict(
        (row[0], row[1:])
        for row in _raw(path, f"SELECT event_id, {_typed(columns)} FROM accepted_event")
    )
    assert rows["bulk-1"] == rows["core-1"]
    assert rows["bulk-2"] == rows["core-2"]
    columns = [c.name for c in stock.columns if c.name != "sku_id"]
    rows = dict(
        (row[0], row[1:])
        for row in _raw(path, f"SELECT sku_id, {_typed(columns)} FROM logical_stock")
    )
    assert rows["BULK"] == rows["CORE"]


def test_a_left_out_column_with_a_python_default_goes_through_core(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'oms.sqlite3'}")
    db.create_schema()
    history = table_of(OrderStatusHistory)
    assert history.c.recorded_at.default is not None
    try:
        with db.write_transaction() as session:
            session.add(
                OutboundOrder(
                    order_no="SO-1",
                    command_id="CMD-1",
                    warehouse_id="WH01",
                    owner_id="ACME",
                    command_json="{}",
                    status="CREATED",
                )
            )
            session.flush()
            insert_many(
                session,
                history,
                [{"order_no": "SO-1", "status": "RECEIVED", "status_time": T0}],
            )
            recorded = session.execute(history.select()).one().recorded_at
        assert recorded is not None
    finally:
        db.dispose()
