"""What IT sees of order claims: the live claims of a warehouse, open claims per station."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from oms_server.models import OrderClaimRow, OutboundOrder, Station
from oms_server.schemas import ClaimView
from oms_server.services.claim_rows import CLOSED_STATUSES


def _live(now: dt.datetime) -> Select[OrderClaimRow]:
    # A claim counts while its lease runs, for an order still in the claim's warehouse and
    # not closed (a closed order's claim is released in the same transaction anyway).
    return (
        select(OrderClaimRow)
        .join(OutboundOrder, OutboundOrder.order_no == OrderClaimRow.order_no)
        .where(
            OrderClaimRow.lease_expires_at > now,
            OutboundOrder.warehouse_id == OrderClaimRow.warehouse_id,
            OutboundOrder.status.not_in([str(status) for status in CLOSED_STATUSES]),
        )
    )


def claim_views(session: Session, warehouse_id: str | None, now: dt.datetime) -> list[ClaimView]:
    """The live claims of ``warehouse_id`` (None: of every warehouse)."""
    query = (
        _live(now)
        .add_columns(Station.station_name)
        .outerjoin(Station, Station.device_id == OrderClaimRow.device_id)
        .order_by(OrderClaimRow.warehouse_id, OrderClaimRow.device_id, OrderClaimRow.order_no)
    )
    if warehouse_id is not None:
        query = query.where(OrderClaimRow.warehouse_id == warehouse_id)
    return [
        ClaimView(
            order_no=row.order_no,
            warehouse_id=row.warehouse_id,
            device_id=row.device_id,
            station_name=name or "",
            granted_at=row.granted_at,
            lease_expires_at=row.lease_expires_at,
            how=row.how,
            granted_by=row.granted_by,
        )
        for row, name in session.execute(query)
    ]


def open_claims_by_station(session: Session, now: dt.datetime) -> dict[str, int]:
    live = _live(now).subquery()
    rows = session.execute(select(live.c.device_id, func.count()).group_by(live.c.device_id))
    return {device_id: int(count) for device_id, count in rows}
