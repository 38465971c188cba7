"""The batch's SKU and stock reads seek each (owner, sku) pair, for every batch size."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from oms_server.db import Database
from oms_server.services.push_state import load_batch_state


@pytest.mark.parametrize("pairs", [1, 140, 300, 1000])
def test_every_pair_is_one_seek_of_the_primary_key(tmp_path: Path, pairs: int) -> None:
    path = tmp_path / "oms.sqlite3"
    db = Database(f"sqlite:///{path}")
    db.create_schema()
    statements: list[tuple[str, Any]] = []

    def capture(*args: Any) -> None:
        statements.append((args[2], args[3]))

    event.listen(db.engine, "before_cursor_execute", capture)
    keys = [(f"OWN{n % 20}", f"SKU-{n:06d}") for n in range(pairs)]
    try:
        with db.write_transaction() as session:
            load_batch_state(session, "WH01", keys, [], dt.datetime.now(dt.UTC))
    finally:
        db.dispose()
    connection = sqlite3.connect(path)
    try:
        plans = [
            " / ".join(row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + sql, params))
            for sql, params in statements
            if "logical_stock" in sql or "FROM sku" in sql or "JOIN sku" in sql
        ]
    finally:
        connection.close()
    assert len(plans) == 2
    for plan in plans:
        assert "owner_id=? AND sku_id=?" in plan, plan
        assert plan.index("SCAN pairs") < plan.index("SEARCH"), plan
