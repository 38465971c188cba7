"""Which pick scans a benchmark makes: open pick tasks of orders spread over the store."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from bench.common import SEED


@dataclass(frozen=True)
class PickScan:
    """One confirmed item scan: one unit of a pick task."""

    order_no: str
    task_id: int
    location_code: str
    barcode: str
    batch_no: str | None
    operator: str


def plan_picks(db_path: Path, count: int, seed: int = SEED) -> list[PickScan]:
    """``count`` one-unit scans, whole orders in walk order, orders drawn at random (so the
    pages they touch are spread over the file, as on a real floor)."""
    rng = random.Random(seed + 7)
    connection = sqlite3.connect(db_path)
    try:
        order_ids = [row[0] for row in connection.execute("SELECT id FROM outbound_order")]
        rng.shuffle(order_ids)
        scans: list[PickScan] = []
        for order_id in order_ids:
            if len(scans) >= count:
                break
            order_no, owner_id, status = connection.execute(
                "SELECT order_no, owner_id, status FROM outbound_order WHERE id = ?", (order_id,)
            ).fetchone()
            if status not in ("ALLOCATED", "PICKING"):
                continue
            operator = f"P{rng.randrange(50) + 1:04d}"
            tasks = connection.execute(
                "SELECT id, location_code, sku_id, batch_no, quantity - picked_qty - short_qty "
                "FROM pick_task WHERE order_id = ? AND status = 'open' ORDER BY sequence, id",
                (order_id,),
            ).fetchall()
            for task_id, location_code, sku_id, batch_no, remaining in tasks:
                codes = [
                    row[0]
                    for row in connection.execute(
                        "SELECT code FROM barcode WHERE owner_id = ? AND sku_id = ? ORDER BY code",
                        (owner_id, sku_id),
                    )
                ]
                for _ in range(remaining):
                    scans.append(
                        PickScan(
                            order_no=order_no,
                            task_id=task_id,
                            location_code=location_code,
                            barcode=rng.choice(codes),
                            batch_no=batch_no,
                            operator=operator,
                        )
                    )
        return scans[:count]
    finally:
        connection.close()
