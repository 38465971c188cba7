"""An order's claim row, its log and its feed entries: grant, release, conflict.

Every change of holder writes three things in the caller's transaction: the ``order_claim``
row, an ``order_claim_log`` row (audit) and a feed entry (``order_claimed`` /
``order_claim_released`` / ``claim_conflict``) so the warehouse's other stations learn of it.
The caller holds the warehouse row lock (``feed.lock_warehouse``): that lock is what makes
two stations asking for one order at the same instant come one after the other.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from oms_contract.claims import (
    ClaimConflict,
    ClaimReleaseReason,
    ClaimState,
    OrderClaimed,
    OrderClaimReleased,
)
from oms_contract.events import OutboundStatus
from oms_server.models import OrderClaimLog, OrderClaimRow, OutboundOrder, Station, Warehouse
from oms_server.services.feed import append_feed

CLOSED_STATUSES = frozenset(
    {OutboundStatus.PACKED, OutboundStatus.SHIPPED, OutboundStatus.CANCELLED}
)
"""An order in one of these can no longer be claimed: its floor work is done."""


class How(StrEnum):
    """How a station came to hold a claim (``order_claim.how``)."""

    STATION = "STATION"
    """It asked (``POST /claims``, or a renewal of a claim that had run out)."""
    BLOCK = "BLOCK"
    """A supervisor's block ahead of an outage (longer lease)."""
    EVENT = "EVENT"
    """Its pick event was accepted while nobody held the order (a station that never asks)."""
    HANDOVER = "HANDOVER"
    """It asked for a PICKED order another station held (packing after picking)."""
    REASSIGN = "REASSIGN"
    """A supervisor or an administrator gave it the order."""


def is_closed(order: OutboundOrder) -> bool:
    return order.status in CLOSED_STATUSES


def is_live(row: OrderClaimRow | None, order: OutboundOrder, now: dt.datetime) -> bool:
    """A claim that still counts: its lease has not run out, and it is of the warehouse the
    order is in now (a re-routed order's old claim counts for nothing)."""
    return row is not None and row.lease_expires_at > now and row.warehouse_id == order.warehouse_id


def station_name(session: Session, device_id: str) -> str:
    return session.scalar(select(Station.station_name).where(Station.device_id == device_id)) or ""


def state_for(
    session: Session,
    order: OutboundOrder,
    row: OrderClaimRow | None,
    asking_device_id: str | None,
    now: dt.datetime,
) -> ClaimState:
    """The answer to ``asking_device_id`` (None: an administrator, granted if anybody
    holds it) about the order's claim as it stands."""
    if is_closed(order):
        return ClaimState(order_no=order.order_no, granted=False, closed=True)
    if row is None or not is_live(row, order, now):
        return ClaimState(order_no=order.order_no, granted=False)
    return ClaimState(
        order_no=order.order_no,
        granted=asking_device_id is None or row.device_id == asking_device_id,
        holder_device_id=row.device_id,
        holder_station_name=station_name(session, row.device_id),
        lease_expires_at=row.lease_expires_at,
    )


def grant(
    session: Session,
    warehouse: Warehouse,
    order: OutboundOrder,
    device_id: str,
    *,
    how: How,
    lease_expires_at: dt.datetime,
    now: dt.datetime,
    granted_by: str | None = None,
) -> OrderClaimRow:
    """``device_id`` holds the order from now (any earlier row is replaced: release it first)."""
    row = session.get(OrderClaimRow, order.order_no)
    if row is None:
        row = OrderClaimRow(order_no=order.order_no)
        session.add(row)
    row.warehouse_id = warehouse.warehouse_id
    row.device_id = device_id
    row.granted_at = now
    row.lease_expires_at = lease_expires_at
    row.how = how.value
    row.granted_by = granted_by
    _log(
        session,
        warehouse,
        order.order_no,
        action="GRANTED",
        device_id=device_id,
        detail=how.value,
        now=now,
        granted_by=granted_by,
    )
    session.flush()
    name = station_name(session, device_id)
    body = OrderClaimed(
        order_no=order.order_no,
        device_id=device_id,
        station_name=name,
        lease_expires_at=lease_expires_at,
    )
    append_feed(session, warehouse, body, now)
    return row


def release(
    session: Session,
    warehouse: Warehouse,
    row: OrderClaimRow,
    reason: ClaimReleaseReason,
    now: dt.datetime,
    *,
    to_device_id: str | None = None,
    granted_by: str | None = None,
) -> None:
    """The holder no longer holds the order (``to_device_id``: whom it goes to, for audit)."""
    _log(
        session,
        warehouse,
        row.order_no,
        action="RELEASED",
        device_id=row.device_id,
        detail=reason.value,
        now=now,
        granted_by=granted_by,
        other_device_id=to_device_id,
        lease_expires_at=row.lease_expires_at,
    )
    body = OrderClaimReleased(order_no=row.order_no, device_id=row.device_id, reason=reason)
    session.delete(row)
    session.flush()
    append_feed(session, warehouse, body, now)


def conflict(
    session: Session,
    warehouse: Warehouse,
    row: OrderClaimRow,
    *,
    loser_device_id: str,
    event_type: str,
    now: dt.datetime,
) -> None:
    """A station's event of an order another station holds was refused."""
    _log(
        session,
        warehouse,
        row.order_no,
        action="CONFLICT",
        device_id=loser_device_id,
        detail=event_type,
        now=now,
        granted_by=None,
        other_device_id=row.device_id,
        lease_expires_at=row.lease_expires_at,
    )
    body = ClaimConflict(
        order_no=row.order_no, holder_device_id=row.device_id, loser_device_id=loser_device_id
    )
    append_feed(session, warehouse, body, now)


def _log(
    session: Session,
    warehouse: Warehouse,
    order_no: str,
    *,
    action: str,
    device_id: str,
    detail: str,
    now: dt.datetime,
    granted_by: str | None,
    other_device_id: str | None = None,
    lease_expires_at: dt.datetime | None = None,
) -> None:
    session.add(
        OrderClaimLog(
            warehouse_id=warehouse.warehouse_id,
            order_no=order_no,
            action=action,
            device_id=device_id,
            detail=detail,
            other_device_id=other_device_id,
            granted_by=granted_by,
            lease_expires_at=lease_expires_at,
            recorded_at=now,
        )
    )
