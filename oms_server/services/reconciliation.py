"""定时全量同步: a station's snapshot against OMS logical stock, per owner/SKU, like with like.

The station's ``on_hand`` is what lies in its bins, less damaged units. The OMS's on-hand
falls only at SHIPPED, so the OMS side is compared as what it expects in the bins:

    expected = on_hand − damaged − picked_not_shipped

``picked_not_shipped`` is the units the OMS has accepted as picked (``picked_lines``, less
``unpicked``) on orders of the warehouse that are neither SHIPPED nor CANCELLED: they have
left the bins but not the warehouse. Events still in the station's outbox are the
station's part (``sync/reconcile.py`` leaves their SKUs out). docs/oms-api.md, "Stock
reconciliation".
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from oms_contract.events import OutboundStatus
from oms_contract.sync_api import ReconciliationResult, StockDifference, StockSnapshot
from oms_server.models import LogicalStock, OutboundLine, OutboundOrder, Station, utc_now

_DONE = (OutboundStatus.SHIPPED.value, OutboundStatus.CANCELLED.value)


def picked_not_shipped(session: Session, warehouse_id: str) -> dict[tuple[str, str], int]:
    """Units picked for open orders of the warehouse, per (owner, SKU)."""
    rows = session.execute(
        select(OutboundOrder.owner_id, OutboundLine.sku_id, func.sum(OutboundLine.picked_qty))
        .join(OutboundLine, OutboundLine.order_no == OutboundOrder.order_no)
        .where(
            OutboundOrder.warehouse_id == warehouse_id,
            OutboundOrder.status.not_in(_DONE),
            OutboundLine.picked_qty > 0,
        )
        .group_by(OutboundOrder.owner_id, OutboundLine.sku_id)
    )
    return {(owner_id, sku_id): int(total or 0) for owner_id, sku_id, total in rows}


def expected_in_bins(session: Session, warehouse_id: str) -> dict[tuple[str, str], int]:
    """What the OMS expects the warehouse's bins to hold (not damaged), per (owner, SKU)."""
    in_transit = picked_not_shipped(session, warehouse_id)
    expected = {
        (row.owner_id, row.sku_id): row.on_hand - (row.damaged or 0)
        for row in session.scalars(
            select(LogicalStock).where(LogicalStock.warehouse_id == warehouse_id)
        )
    }
    for key, units in in_transit.items():
        expected[key] = expected.get(key, 0) - units
    return {key: max(0, quantity) for key, quantity in expected.items()}


def reconcile(session: Session, station: Station, snapshot: StockSnapshot) -> ReconciliationResult:
    """Compare sellable on-hand; anything the OMS holds that the snapshot lacks counts as 0."""
    station_qty: dict[tuple[str, str], int] = {}
    for line in snapshot.lines:
        key = (line.owner_id, line.sku_id)
        station_qty[key] = station_qty.get(key, 0) + line.on_hand
    oms_qty = expected_in_bins(session, snapshot.warehouse_id)
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
