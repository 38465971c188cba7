"""What the receiver's screen needs about an inbound order and its putaway tasks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from app.flows.view import DueInbound
from app.services.return_limits import return_room
from local_db.models.inbound import InboundLine, InboundOrder, PutawayTask
from local_db.models.master_data import Location, Sku
from local_db.models.stock import Stock
from local_db.store import Store


@dataclass(frozen=True)
class InboundLineInfo:
    line_no: int
    sku_id: str
    sku_name: str
    expected_qty: int
    received_qty: int
    """Booked by earlier receipts of this inbound order (a delivery in several parts)."""
    expected_batch_no: str | None
    expected_expiry_date: dt.date | None
    batch_managed: bool
    expiry_managed: bool
    serial_managed: bool


@dataclass(frozen=True)
class PutawayInfo:
    task_id: int
    sku_id: str
    quantity: int
    from_location: str
    damaged: bool
    frozen: bool = False
    """A return's quarantined units: they stay on QC hold in the bin they go to."""


@dataclass(frozen=True)
class InboundPicture:
    inbound_no: str
    owner_id: str
    is_return: bool
    status: str
    lines: tuple[InboundLineInfo, ...]
    putaways: tuple[PutawayInfo, ...]
    return_room: tuple[tuple[str, int], ...] = ()
    """A return's most units per SKU in all (app/services/return_limits.py)."""
    related_order_no: str | None = None


def read_inbound(store: Store, inbound_no: str) -> InboundPicture | None:
    with store.read_session() as session:
        inbound = session.scalars(
            select(InboundOrder).where(InboundOrder.inbound_no == inbound_no)
        ).first()
        if inbound is None:
            return None
        lines = []
        for line in inbound.lines:
            sku = session.get(Sku, (inbound.owner_id, line.sku_id))
            lines.append(
                InboundLineInfo(
                    line_no=line.line_no,
                    sku_id=line.sku_id,
                    sku_name=sku.name if sku else line.sku_id,
                    expected_qty=line.expected_qty,
                    received_qty=line.received_qty,
                    expected_batch_no=line.expected_batch_no,
                    expected_expiry_date=line.expected_expiry_date,
                    batch_managed=bool(sku and sku.batch_managed),
                    expiry_managed=bool(sku and sku.expiry_managed),
                    serial_managed=bool(sku and sku.serial_managed),
                )
            )
        putaways = tuple(
            PutawayInfo(
                task.id, line.sku_id, task.quantity, task.from_location, task.damaged, task.frozen
            )
            for task, line in session.execute(
                select(PutawayTask, InboundLine)
                .join(InboundLine, InboundLine.id == PutawayTask.inbound_line_id)
                .where(InboundLine.inbound_id == inbound.id, PutawayTask.status == "open")
                .order_by(PutawayTask.id)
            )
        )
        is_return = inbound.inbound_type == "RETURN"
        room = return_room(session, inbound) if is_return else {}
        return InboundPicture(
            inbound_no=inbound.inbound_no,
            owner_id=inbound.owner_id,
            is_return=is_return,
            status=inbound.status,
            lines=tuple(lines),
            putaways=putaways,
            return_room=tuple(sorted(room.items())),
            related_order_no=inbound.related_order_no,
        )


def receiving_dock(store: Store) -> str | None:
    """Where received goods stand until put away: the first non-pickable, unfrozen bin."""
    with store.read_session() as session:
        dock = session.scalars(
            select(Location)
            .where(Location.pickable.is_(False), Location.frozen.is_(False))
            .order_by(Location.code)
        ).first()
        return dock.code if dock else None


def due_inbounds(store: Store, limit: int = 20) -> tuple[DueInbound, ...]:
    """Open inbound orders, those expected earliest (or announced earliest) first."""
    with store.read_session() as session:
        orders = session.scalars(
            select(InboundOrder)
            .where(InboundOrder.status == "open")
            .order_by(
                InboundOrder.expected_at.is_(None),
                InboundOrder.expected_at,
                InboundOrder.created_at,
                InboundOrder.id,
            )
            .limit(limit)
        )
        return tuple(
            DueInbound(
                inbound_no=order.inbound_no,
                owner_id=order.owner_id,
                inbound_type=order.inbound_type,
                expected_units=sum(line.expected_qty for line in order.lines),
                received_units=sum(line.received_qty for line in order.lines),
                expected_at=order.expected_at.date().isoformat() if order.expected_at else None,
            )
            for order in orders
        )


def suggest_putaway_bin(store: Store, owner_id: str, sku_id: str) -> str | None:
    """Where to put received goods: a storage bin already holding the SKU (the fullest
    first, so the SKU stays together), else the first empty storage bin in walking order."""
    with store.read_session() as session:
        storage = (Location.pickable.is_(True), Location.frozen.is_(False))
        holding = session.scalar(
            select(Stock.location_code)
            .join(Location, Location.code == Stock.location_code)
            .where(Stock.owner_id == owner_id, Stock.sku_id == sku_id, Stock.on_hand > 0, *storage)
            .group_by(Stock.location_code)
            .order_by(func.sum(Stock.on_hand).desc(), Stock.location_code)
            .limit(1)
        )
        if holding is not None:
            return holding
        occupied = select(Stock.location_code).where(Stock.on_hand > 0)
        return session.scalar(
            select(Location.code)
            .where(*storage, Location.code.not_in(occupied))
            .order_by(Location.pick_sequence, Location.code)
            .limit(1)
        )
