"""Order claims at the OMS (#14, ``oms_contract/claims.py``): one station works an order.

Each call runs in one write transaction under the warehouse row lock (``lock_warehouse``:
``BEGIN IMMEDIATE`` already serialises writers on SQLite, the row lock ``FOR UPDATE`` does
on PostgreSQL), so of two stations asking for one order at the same instant one is granted
and the other is told who holds it (seed 002 模块2: 分布式锁 for the reservation, the same
idea for the order's work).

Every call is idempotent (seed 000 §6.2 接口幂等设计): asking again for a claim one holds
renews it, releasing what one does not hold changes nothing. A claim whose lease ran out is
free on every read; the sweep writes its EXPIRED release later (``expire_due``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from oms_contract.claims import ClaimReleaseReason, ClaimState
from oms_contract.events import OutboundStatus
from oms_server.errors import ApiError, NotFound
from oms_server.models import OrderClaimRow, OutboundOrder, Station, StationState, Warehouse
from oms_server.services.claim_rows import How, grant, is_closed, is_live, release, state_for
from oms_server.services.feed import lock_warehouse


def _order_of(session: Session, order_no: str, warehouse_id: str) -> OutboundOrder:
    """As the station routes answer: 404 unknown, 403 another warehouse's."""
    order = session.get(OutboundOrder, order_no)
    if order is None:
        raise NotFound("ORDER_NOT_FOUND", f"Order {order_no} is not known to the OMS.")
    if order.warehouse_id != warehouse_id:
        raise ApiError(
            403,
            "WAREHOUSE_MISMATCH",
            f"Order {order_no} belongs to warehouse {order.warehouse_id}, not {warehouse_id}.",
        )
    return order


def _orders_of(
    session: Session, order_nos: Sequence[str], warehouse_id: str
) -> dict[str, OutboundOrder]:
    """The listed orders of the warehouse (an unknown or foreign one is left out)."""
    rows = session.scalars(
        select(OutboundOrder).where(
            OutboundOrder.order_no.in_(sorted(set(order_nos))),
            OutboundOrder.warehouse_id == warehouse_id,
        )
    )
    return {order.order_no: order for order in rows}


def _not_claimable(order_no: str) -> ClaimState:
    # In a list (renewal, block) an order unknown here cannot be claimed: answered closed.
    return ClaimState(order_no=order_no, granted=False, closed=True)


def expire_if_due(
    session: Session, warehouse: Warehouse, order: OutboundOrder, now: dt.datetime
) -> OrderClaimRow | None:
    """The order's live claim; a claim that ran out (or of the warehouse the order left) is
    released EXPIRED first, so the log and the feed say why the holder changed."""
    row = session.get(OrderClaimRow, order.order_no)
    if row is not None and not is_live(row, order, now):
        release(session, warehouse, row, ClaimReleaseReason.EXPIRED, now)
        return None
    return row


def claim(
    session: Session, station: Station, order_no: str, lease_s: int, now: dt.datetime
) -> ClaimState:
    """Grant the order to ``station`` (or renew its claim); a PICKED order another station
    holds is handed over (picking and packing may be two stations)."""
    warehouse = lock_warehouse(session, station.warehouse_id)
    order = _order_of(session, order_no, station.warehouse_id)
    if is_closed(order):
        return state_for(session, order, None, station.device_id, now)
    row = expire_if_due(session, warehouse, order, now)
    lease = now + dt.timedelta(seconds=lease_s)
    if row is not None and row.device_id == station.device_id:
        row.lease_expires_at = max(row.lease_expires_at, lease)
    elif row is not None and not _hands_over(order, row):
        pass  # held by another station: answered with its holder
    else:
        how = How.STATION
        if row is not None:
            release(
                session,
                warehouse,
                row,
                ClaimReleaseReason.HANDED_OVER,
                now,
                to_device_id=station.device_id,
            )
            how = How.HANDOVER
        row = grant(
            session, warehouse, order, station.device_id, how=how, lease_expires_at=lease, now=now
        )
    return state_for(session, order, row, station.device_id, now)


def _hands_over(order: OutboundOrder, row: OrderClaimRow) -> bool:
    """The claim of a PICKED order passes to the station that asks (packing after picking),
    once: a claim that was itself handed over is the packing station's, not passed on again."""
    return order.status == OutboundStatus.PICKED and row.how != How.HANDOVER


def renew(
    session: Session, station: Station, order_nos: Sequence[str], lease_s: int, now: dt.datetime
) -> list[ClaimState]:
    """Renew each listed claim the station holds. One that ran out while nobody took the
    order is granted again; one another station holds now is answered with its holder (never
    taken back: it may have been handed over or re-assigned)."""
    warehouse = lock_warehouse(session, station.warehouse_id)
    orders = _orders_of(session, order_nos, station.warehouse_id)
    lease = now + dt.timedelta(seconds=lease_s)
    answers = []
    for order_no in order_nos:
        order = orders.get(order_no)
        if order is None:
            answers.append(_not_claimable(order_no))
            continue
        row = None if is_closed(order) else expire_if_due(session, warehouse, order, now)
        if row is not None and row.device_id == station.device_id:
            row.lease_expires_at = max(row.lease_expires_at, lease)
        elif row is None and not is_closed(order):
            row = grant(
                session,
                warehouse,
                order,
                station.device_id,
                how=How.STATION,
                lease_expires_at=lease,
                now=now,
            )
        answers.append(state_for(session, order, row, station.device_id, now))
    return answers


def release_own(session: Session, station: Station, order_no: str, now: dt.datetime) -> ClaimState:
    """The operator left the order (LEFT). Releasing what one does not hold changes nothing."""
    warehouse = lock_warehouse(session, station.warehouse_id)
    order = _order_of(session, order_no, station.warehouse_id)
    row = session.get(OrderClaimRow, order_no)
    if row is not None and row.device_id == station.device_id:
        release(session, warehouse, row, ClaimReleaseReason.LEFT, now)
        row = None
    return state_for(session, order, row, station.device_id, now)


def block(
    session: Session,
    warehouse_id: str,
    device_id: str,
    *,
    order_nos: Sequence[str],
    lease_s: int,
    granted_by: str,
    now: dt.datetime,
) -> list[ClaimState]:
    """A supervisor's block for ``device_id``: the listed orders with a longer lease; one
    another station holds, or closed, is answered not granted."""
    warehouse = lock_warehouse(session, warehouse_id)
    require_station_of(session, device_id, warehouse_id)
    orders = _orders_of(session, order_nos, warehouse_id)
    lease = now + dt.timedelta(seconds=lease_s)
    answers = []
    for order_no in order_nos:
        order = orders.get(order_no)
        if order is None:
            answers.append(_not_claimable(order_no))
            continue
        row = None if is_closed(order) else expire_if_due(session, warehouse, order, now)
        if not is_closed(order) and (row is None or row.device_id == device_id):
            row = grant(
                session,
                warehouse,
                order,
                device_id,
                how=How.BLOCK,
                lease_expires_at=max(lease, row.lease_expires_at) if row else lease,
                now=now,
                granted_by=granted_by,
            )
        answers.append(state_for(session, order, row, device_id, now))
    return answers


def reassign(
    session: Session,
    warehouse_id: str,
    order_no: str,
    *,
    to_device_id: str | None,
    granted_by: str,
    lease_s: int,
    now: dt.datetime,
    asking_device_id: str | None = None,
) -> ClaimState:
    """A supervisor takes the order's claim from its holder: freed (``to_device_id`` None)
    or given to that station of the warehouse. A closed order is answered closed."""
    warehouse = lock_warehouse(session, warehouse_id)
    order = _order_of(session, order_no, warehouse_id)
    if to_device_id is not None:
        require_station_of(session, to_device_id, warehouse_id)
    if is_closed(order):
        return state_for(session, order, None, asking_device_id, now)
    row = expire_if_due(session, warehouse, order, now)
    if row is not None and row.device_id != to_device_id:
        release(
            session,
            warehouse,
            row,
            ClaimReleaseReason.REASSIGNED,
            now,
            to_device_id=to_device_id,
            granted_by=granted_by,
        )
        row = None
    if to_device_id is not None:
        row = grant(
            session,
            warehouse,
            order,
            to_device_id,
            how=How.REASSIGN,
            lease_expires_at=now + dt.timedelta(seconds=lease_s),
            now=now,
            granted_by=granted_by,
        )
    return state_for(session, order, row, asking_device_id, now)


def require_station_of(session: Session, device_id: str, warehouse_id: str) -> Station:
    station = session.get(Station, device_id)
    if (
        station is None
        or station.pseudo
        or station.warehouse_id != warehouse_id
        or station.state != StationState.ACTIVE
    ):
        raise NotFound(
            "STATION_NOT_FOUND", f"No active station {device_id} in warehouse {warehouse_id}."
        )
    return station


def release_closed(
    session: Session, warehouse: Warehouse, order: OutboundOrder, now: dt.datetime
) -> None:
    """The OMS accepted the order's PACKED, SHIPPED or CANCELLED: its claim is freed."""
    row = session.get(OrderClaimRow, order.order_no)
    if row is not None and is_closed(order):
        release(session, warehouse, row, ClaimReleaseReason(str(order.status)), now)


def release_rerouted(
    session: Session, old_warehouse: Warehouse, order_no: str, now: dt.datetime
) -> None:
    """The order left ``old_warehouse`` (re-routed): a claim there is cancelled with it."""
    row = session.get(OrderClaimRow, order_no)
    if row is not None and row.warehouse_id == old_warehouse.warehouse_id:
        release(session, old_warehouse, row, ClaimReleaseReason.CANCELLED, now)


def expire_due(session: Session, warehouse_id: str, now: dt.datetime) -> int:
    """The sweep's work in one warehouse: every claim whose lease ran out is released
    EXPIRED (log + feed). Answers how many."""
    warehouse = lock_warehouse(session, warehouse_id)
    rows = list(
        session.scalars(
            select(OrderClaimRow)
            .where(
                OrderClaimRow.warehouse_id == warehouse_id,
                OrderClaimRow.lease_expires_at <= now,
            )
            .order_by(OrderClaimRow.order_no)
        )
    )
    for row in rows:
        release(session, warehouse, row, ClaimReleaseReason.EXPIRED, now)
    return len(rows)


def warehouses_with_expired(session: Session, now: dt.datetime) -> list[str]:
    return list(
        session.scalars(
            select(OrderClaimRow.warehouse_id)
            .where(OrderClaimRow.lease_expires_at <= now)
            .distinct()
            .order_by(OrderClaimRow.warehouse_id)
        )
    )
