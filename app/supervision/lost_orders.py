"""Orders lost to another station: the OMS refused this station's picks because another
station worked the order first (its events arrived first).

Decided here, without waiting for a supervisor: the order now belongs to the other station.
This station gives up its events of the order that the OMS refused or holds back, keeps
telling everybody about the goods it physically took (their movements go out again as a
``stock_changed PICK``, since the OMS never accepted the picks that carried them), puts the
units its picker holds on put-back tasks (the picker is stopped and guided at once, as for
a mid-pick cancel), releases what it still reserved, and follows the order's status from the
feed. The put-back then reports the units back in a bin like any put-back, so the OMS and
every station converge. A supervisor gets an ``ORDER_LOST`` exception saying what was done.

Only orders this station is picking (PICKING/PICKED) are settled so; a packed or shipped
order, or any other refusal, stays for the supervisor to retry or discard.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import exception_details as details
from app.outbox import record_event
from app.queries.stock import available_qty
from app.services.audit import record_audit
from app.services.lookups import station_warehouse_id
from local_db.models import (
    ExceptionRecord,
    OutboundOrder,
    OutboxEvent,
    PutBackTask,
    SerialNumber,
    Stock,
)
from local_db.store import Store, UnitOfWork
from local_db.types import utc_now
from oms_contract.events import StockBucket, StockChanged, StockChangeType, StockMovement

# OMS refusals that mean "another station's events about this order came first".
LOST_CODES = ("STATUS_BACKWARDS", "OVER_PICK", "ORDER_ALREADY_SHIPPED", "ORDER_CLAIMED_ELSEWHERE")
SETTLEABLE = ("PICKING", "PICKED")
EXCEPTION_TYPE = "ORDER_LOST"


@dataclass(frozen=True)
class _Units:
    """Units this station took out of one slot for the order and never got accepted."""

    location_code: str
    owner_id: str
    sku_id: str
    batch_no: str | None
    expiry_date: dt.date | None


def _orders_to_settle(session: Session) -> list[str]:
    rows = session.execute(
        select(OutboxEvent.order_no)
        .join(OutboundOrder, OutboundOrder.order_no == OutboxEvent.order_no)
        .where(
            OutboxEvent.status == "rejected",
            OutboxEvent.reject_code.in_(LOST_CODES),
            OutboundOrder.status.in_(SETTLEABLE),
        )
        .distinct()
    )
    return sorted(str(order_no) for (order_no,) in rows)


def _given_up(uow: UnitOfWork, order_no: str) -> list[OutboxEvent]:
    """The order's rejected event and every later one not accepted (held back behind it)."""
    rows = list(
        uow.session.scalars(
            select(OutboxEvent)
            .where(
                OutboxEvent.order_no == order_no,
                OutboxEvent.status.in_(("rejected", "pending")),
            )
            .order_by(OutboxEvent.station_seq)
        )
    )
    first = min(row.station_seq for row in rows if row.status == "rejected")
    return [row for row in rows if row.station_seq >= first]


def _movements(rows: Iterable[OutboxEvent]) -> list[StockMovement]:
    found: list[StockMovement] = []
    for row in rows:
        payload = json.loads(row.payload_json)
        found += [StockMovement.model_validate(m) for m in payload.get("movements", [])]
    return found


def _units_in_hand(movements: list[StockMovement]) -> dict[_Units, int]:
    """Per slot, the units the given-up picks (less the given-up unpicks) took out."""
    held: dict[_Units, int] = defaultdict(int)
    for movement in movements:
        if movement.bucket is not StockBucket.ON_HAND:
            continue  # short picks: held in the bin as frozen/damaged, nothing in hand
        slot = _Units(
            movement.location_code,
            movement.owner_id,
            movement.sku_id,
            movement.batch_no,
            movement.expiry_date,
        )
        held[slot] -= movement.delta
    return {slot: quantity for slot, quantity in held.items() if quantity > 0}


def _report_movements(
    uow: UnitOfWork, movements: list[StockMovement], operator: str, warehouse: str
) -> list[int]:
    by_sku: dict[tuple[str, str], list[StockMovement]] = defaultdict(list)
    for movement in movements:
        by_sku[(movement.owner_id, movement.sku_id)].append(movement)
    ids = []
    for (owner_id, sku_id), moved in sorted(by_sku.items()):
        payload = StockChanged(
            warehouse_id=warehouse,
            owner_id=owner_id,
            sku_id=sku_id,
            change_type=StockChangeType.PICK,
            change_qty=0,  # the picks used the order's reservation: nothing free changed
            available_qty=available_qty(uow.session, owner_id, sku_id),
            movements=moved,
        )
        ids.append(record_event(uow, payload, operator).id)
    return ids


def _stop_local_work(uow: UnitOfWork, order: OutboundOrder) -> None:
    for task in order.pick_tasks:
        if task.status != "open":
            continue
        row = uow.session.get(Stock, task.stock_id)
        assert row is not None
        row.locked -= task.quantity - task.picked_qty - task.short_qty
        task.status = "cancelled"
    # Picked serials are back in the warehouse but in no bin until put back.
    for serial in uow.session.scalars(
        select(SerialNumber).where(
            SerialNumber.outbound_order_id == order.id, SerialNumber.status == "picked"
        )
    ):
        serial.status = "in_stock"
        serial.location_code = None


def give_up_lost_order(uow: UnitOfWork, order_no: str) -> int:
    """Settle one lost order (see the module docstring); answers the put-back tasks made."""
    session = uow.session
    order = session.scalar(select(OutboundOrder).where(OutboundOrder.order_no == order_no))
    assert order is not None
    rows = _given_up(uow, order_no)
    rejected = next(row for row in rows if row.status == "rejected")
    operator = rejected.operator
    now = utc_now()
    movements = _movements(rows)
    for row in rows:
        row.status = "discarded"
        row.resolved_by = "SYSTEM"
        row.resolved_at = now
    resolution = "order lost to another station: events given up, goods to put back"
    for record in session.scalars(
        select(ExceptionRecord).where(
            ExceptionRecord.outbox_event_id.in_([row.id for row in rows]),
            ExceptionRecord.status == "open",
        )
    ):
        record.status = "resolved"
        record.resolution = resolution
        record.resolved_by = "SYSTEM"
        record.resolved_at = now
    _stop_local_work(uow, order)
    in_hand = _units_in_hand(movements)
    for slot, quantity in sorted(in_hand.items(), key=lambda item: repr(item[0])):
        session.add(
            PutBackTask(
                order_id=order.id,
                owner_id=slot.owner_id,
                sku_id=slot.sku_id,
                batch_no=slot.batch_no,
                expiry_date=slot.expiry_date,
                quantity=quantity,
                suggested_location=slot.location_code,
                status="open",
            )
        )
    order.handled_remotely = True
    session.flush()
    reported = _report_movements(
        uow, movements, operator, order.warehouse_id or station_warehouse_id(session)
    )
    # Lost to a claim's holder (#14) is worded as such: this station held no claim.
    code = (
        details.ORDER_LOST_TO_CLAIM_HOLDER
        if rejected.reject_code == "ORDER_CLAIMED_ELSEWHERE"
        else details.ORDER_LOST_TO_OTHER_STATION
    )
    session.add(
        ExceptionRecord(
            exception_type=EXCEPTION_TYPE,
            order_no=order_no,
            severity="medium",
            status="open",
            detail_code=code,
            detail_args_json=details.detail_args(
                event_type=rejected.event_type,
                seq=rejected.station_seq,
                reject_code=rejected.reject_code,
                given_up=len(rows),
                put_backs=len(in_hand),
            ),
            created_at=now,
            outbox_event_id=rejected.id,
        )
    )
    record_audit(
        uow,
        operator="SYSTEM",
        action="order_lost",
        entity="outbound_order",
        entity_key=order_no,
        before={"status": order.status, "rejected_seq": rejected.station_seq},
        after={
            "given_up": [str(row.station_seq) for row in rows],
            "put_back_tasks": len(in_hand),
            "reported_events": len(reported),
        },
    )
    return len(in_hand)


def settle_lost_orders(store: Store) -> list[str]:
    """Settle every order the OMS says another station won; one unit of work per order, so
    one bad order never stops the others. Answers the orders settled."""
    with store.read_session() as session:
        candidates = _orders_to_settle(session)
    settled = []
    for order_no in candidates:
        with store.unit_of_work() as uow:
            if order_no not in _orders_to_settle(uow.session):
                continue  # settled or changed meanwhile
            give_up_lost_order(uow, order_no)
            uow.commit()
        settled.append(order_no)
    return settled
