"""定时全量同步: a station's snapshot against OMS logical stock, per owner/SKU."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from oms_contract.sync_api import ReconciliationResult, StockDifference, StockSnapshot
from oms_server.models import LogicalStock, Station, utc_now


def reconcile(session: Session, station: Station, snapshot: StockSnapshot) -> ReconciliationResult:
    """Compare sellable on-hand; anything the OMS holds that the snapshot lacks counts as 0."""
    station_qty: dict[tuple[str, str], int] = {}
    for line in snapshot.lines:
        key = (line.owner_id, line.sku_id)
        station_qty[key] = station_qty.get(key, 0) + line.on_hand
    oms_qty = {
        (row.owner_id, row.sku_id): row.on_hand
        for row in session.scalars(
            select(LogicalStock).where(LogicalStock.warehouse_id == snapshot.warehouse_id)
        )
    }
    differences = []
    for key in sorted(station_qty.keys() | oms_qty.keys()):
        at_station = station_qty.get(key, 0)
        at_oms = oms_qty.get(key, 0)
        if at_station != at_oms:
            differences.append(
                StockDifference(
                    owner_id=key[0],
                    sku_id=key[1],
                    station_qty=at_station,
                    oms_qty=at_oms,
                    difference=at_station - at_oms,
                )
            )
    station.last_seen_at = utc_now()
    return ReconciliationResult(
        warehouse_id=snapshot.warehouse_id,
        checked_lines=len(station_qty.keys() | oms_qty.keys()),
        differences=differences,
    )
