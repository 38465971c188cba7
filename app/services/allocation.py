"""Taking in an outbound command and reserving its stock (FEFO, then bin walk order)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import errors
from app.outbox import record_event
from app.services.audit import record_audit
from app.services.lookups import get_order, today
from app.services.order_events import refuse_unless_workable, set_status
from app.services.stock_events import emit_stock_changed
from app.services.stock_ledger import Ledger, free_qty
from local_db.models import (
    ExceptionRecord,
    Location,
    OutboundLine,
    OutboundOrder,
    Owner,
    PickTask,
    Sku,
    Stock,
)
from local_db.store import UnitOfWork
from local_db.types import utc_now
from oms_contract.documents import OutboundCommand
from oms_contract.events import OutboundReceived, ReceiveResult, StockChangeType

_FAR_FUTURE = dt.date.max


@dataclass(frozen=True)
class PlannedPick:
    line: OutboundLine
    row: Stock
    location: Location
    quantity: int


def _candidates(session: Session, owner_id: str, sku: Sku) -> list[tuple[Stock, Location]]:
    """Rows stock can be taken from, in the order to take it: first-expiry-first-out for
    expiry-managed SKUs, then the pickers' walk order."""
    rows = session.execute(
        select(Stock, Location)
        .join(Location, Location.code == Stock.location_code)
        .where(
            Stock.owner_id == owner_id,
            Stock.sku_id == sku.sku_id,
            Location.pickable.is_(True),
            Location.frozen.is_(False),
        )
    ).all()
    business_date = today()
    usable = [
        (row, location)
        for row, location in rows
        if row.expiry_date is None or row.expiry_date >= business_date
    ]

    def walk_key(item: tuple[Stock, Location]) -> tuple[dt.date, int, str, int]:
        row, location = item
        expiry = (row.expiry_date or _FAR_FUTURE) if sku.expiry_managed else _FAR_FUTURE
        return (expiry, location.pick_sequence, location.code, row.id)

    return sorted(usable, key=walk_key)


def plan_allocation(session: Session, order: OutboundOrder) -> list[PlannedPick]:
    """All-or-nothing: either every line is covered or StockShortage names what is missing."""
    taken: dict[int, int] = defaultdict(int)
    plan: list[PlannedPick] = []
    missing: list[str] = []
    for line in order.lines:
        sku = session.get(Sku, (order.owner_id, line.sku_id))
        if sku is None:
            missing.append(f"{line.sku_id} (unknown SKU)")
            continue
        need = line.quantity
        for row, location in _candidates(session, order.owner_id, sku):
            if need == 0:
                break
            can_take = min(need, free_qty(row) - taken[row.id])
            if can_take <= 0:
                continue
            taken[row.id] += can_take
            plan.append(PlannedPick(line, row, location, can_take))
            need -= can_take
        if need:
            missing.append(f"{line.sku_id} short by {need}")
    if missing:
        raise errors.StockShortage("order_short", order=order.order_no, missing="; ".join(missing))
    return plan


def _apply_plan(
    uow: UnitOfWork, order: OutboundOrder, plan: list[PlannedPick], operator: str
) -> None:
    ledger = Ledger()
    walk = sorted(plan, key=lambda p: (p.location.pick_sequence, p.location.code, p.row.id))
    for sequence, planned in enumerate(walk, start=1):
        ledger.lock(planned.row, planned.quantity)
        uow.session.add(
            PickTask(
                order_id=order.id,
                line_id=planned.line.id,
                stock_id=planned.row.id,
                sequence=sequence,
                location_code=planned.location.code,
                sku_id=planned.line.sku_id,
                batch_no=planned.row.batch_no,
                expiry_date=planned.row.expiry_date,
                quantity=planned.quantity,
                status="open",
            )
        )
    set_status(order, "ALLOCATED")
    uow.session.flush()
    event = record_event(
        uow,
        OutboundReceived(
            command_id=order.command_id, order_no=order.order_no, result=ReceiveResult.SUCCESS
        ),
        operator,
    )
    emit_stock_changed(
        uow,
        ledger,
        StockChangeType.ALLOCATION,
        operator,
        with_movements=False,
        warehouse_id=order.warehouse_id,
    )
    record_audit(
        uow,
        operator=operator,
        action="allocate_outbound",
        entity="outbound_order",
        entity_key=order.order_no,
        after={"status": order.status, "pick_tasks": len(walk)},
        outbox_event=event,
    )


def _new_order(command: OutboundCommand) -> OutboundOrder:
    now = utc_now()
    order = OutboundOrder(
        command_id=command.command_id,
        order_no=command.order_no,
        wms_outbound_no="WO" + uuid.uuid4().hex[:16].upper(),
        warehouse_id=command.warehouse_id,
        owner_id=command.owner_id,
        consignee=command.consignee,
        phone=command.phone,
        province=command.province,
        city=command.city,
        district=command.district,
        address=command.address,
        carrier_code=command.carrier_code,
        service_type=command.service_type,
        priority=command.priority,
        deadline=command.deadline,
        ext_info_json=json.dumps(command.ext_info, ensure_ascii=False, sort_keys=True),
        status="SHORTAGE",
        created_at=now,
        updated_at=now,
    )
    order.lines = [
        OutboundLine(
            line_no=number,
            sku_id=item.sku_id,
            sku_name=item.sku_name,
            quantity=item.quantity,
            barcode=item.barcode,
            picked_qty=0,
            short_qty=0,
            packed_qty=0,
        )
        for number, item in enumerate(command.items, start=1)
    ]
    return order


def find_existing(session: Session, command: OutboundCommand) -> OutboundOrder | None:
    return session.scalar(
        select(OutboundOrder).where(
            (OutboundOrder.command_id == command.command_id)
            | (OutboundOrder.order_no == command.order_no)
        )
    )


def receive_outbound_command(
    uow: UnitOfWork, command: OutboundCommand, operator: str
) -> OutboundOrder:
    """Create the order and reserve its stock, or record the shortage (库存不足).

    Idempotent by command_id (and order_no, as in seed 000): a repeat returns the existing
    order and writes nothing. A shortage is not a refusal: the order is kept with status
    SHORTAGE, an exception record and an outbound_received FAIL for the OMS.
    """
    session = uow.session
    existing = find_existing(session, command)
    if existing is not None:
        return existing
    if session.get(Owner, command.owner_id) is None:
        raise errors.NotFound("owner_not_known", owner=command.owner_id)
    order = _new_order(command)
    session.add(order)
    session.flush()
    try:
        plan = plan_allocation(session, order)
    except errors.StockShortage as shortage:
        # The OMS's words for it, as the feed planner (app.feed.outbound) writes them too.
        oms_message = f"Not enough stock for order {order.order_no}: {shortage.params['missing']}."
        event = record_event(
            uow,
            OutboundReceived(
                command_id=order.command_id,
                order_no=order.order_no,
                result=ReceiveResult.FAIL,
                error_code=errors.StockShortage.code,
                error_message=oms_message[:500],
            ),
            operator,
        )
        session.add(
            ExceptionRecord(
                exception_type="STOCK_SHORTAGE",
                order_no=order.order_no,
                severity="high",
                status="open",
                detail=oms_message,
                created_at=utc_now(),
                outbox_event_id=event.id,
            )
        )
        record_audit(
            uow,
            operator=operator,
            action="receive_outbound_command",
            entity="outbound_order",
            entity_key=order.order_no,
            after={"status": order.status, "lines": len(order.lines)},
            outbox_event=event,
        )
        return order
    _apply_plan(uow, order, plan, operator)
    return order


def allocate_outbound(uow: UnitOfWork, order_no: str, operator: str) -> OutboundOrder:
    """Retry the reservation of an order that met a shortage (e.g. after a receipt)."""
    order = get_order(uow.session, order_no)
    refuse_unless_workable(order, "SHORTAGE")
    plan = plan_allocation(uow.session, order)
    _apply_plan(uow, order, plan, operator)
    return order
