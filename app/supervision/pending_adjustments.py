"""Adjustments waiting for a supervisor: count differences above the station's threshold and
write-offs or found goods above it (ADJUSTMENT_APPROVAL), and the supervisor's decision."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.flows.messages import run_service
from app.services.audit import record_audit
from app.services.counting import (
    approve_adjustment,
    count_task_for,
    reject_adjustment,
)
from app.services.stock_ledger import StockSlot, find_stock
from local_db.models import CycleCountLine, Operator, OutboxEvent, StockAdjustment, StockMove
from local_db.store import Store, UnitOfWork

Decision = Literal["approve", "reject", "recount"]

# Outbox events read per pending row to see whether its stock moved since: a bin's events of
# one day, and far more than a supervisor waits for before deciding.
_EVENTS_READ = 2_000


@dataclass(frozen=True)
class PendingAdjustment:
    adjustment_no: str
    location_code: str
    owner_id: str
    sku_id: str
    batch_no: str | None
    quantity: int
    """The adjustment (counted − expected for a count)."""
    created_by: str
    """Who counted (or asked for the write-off / found goods)."""
    expected_qty: int | None = None
    """The books' quantity when the count was submitted (None: not from a count)."""
    counted_qty: int | None = None
    reason_code: str = "COUNT_DIFFERENCE"
    created_at: dt.datetime | None = None
    """When it was counted (or asked for)."""
    on_hand_now: int | None = None
    """What the books hold in that slot now."""
    moved_since: bool = False
    """The slot's stock moved after the count: the count may be stale, recount first."""
    created_by_name: str | None = None

    @property
    def difference(self) -> int:
        return self.quantity


def pending_adjustments(store: Store, limit: int = 200) -> list[PendingAdjustment]:
    with store.read_session() as session:
        # The count line of the same count and slot says what the books held and what was
        # counted: the supervisor decides on those, not on the difference alone.
        line = (
            select(CycleCountLine.system_qty, CycleCountLine.counted_qty)
            .where(
                CycleCountLine.cycle_count_id == StockAdjustment.cycle_count_id,
                CycleCountLine.owner_id == StockAdjustment.owner_id,
                CycleCountLine.sku_id == StockAdjustment.sku_id,
                CycleCountLine.batch_no.is_not_distinct_from(StockAdjustment.batch_no),
            )
            .limit(1)
            .correlate(StockAdjustment)
        )
        found = session.execute(
            select(
                StockAdjustment,
                line.with_only_columns(CycleCountLine.system_qty).scalar_subquery(),
                line.with_only_columns(CycleCountLine.counted_qty).scalar_subquery(),
            )
            .where(StockAdjustment.status == "pending_approval")
            .order_by(StockAdjustment.created_at, StockAdjustment.id)
            .limit(limit)
        )
        rows = [(row, expected, counted) for row, expected, counted in found]
        badges = {row.created_by for row, _, _ in rows}
        names = {
            badge: name
            for badge, name in session.execute(
                select(Operator.badge_code, Operator.name).where(Operator.badge_code.in_(badges))
            )
        }
        result = []
        for row, expected, counted in rows:
            slot = StockSlot(
                row.location_code, row.owner_id, row.sku_id, row.batch_no, row.expiry_date
            )
            stock = find_stock(session, slot)
            on_hand = stock.on_hand if stock is not None else 0
            moved = _moved_since(session, slot, row.created_at)
            if expected is not None and on_hand != expected:
                moved = True  # e.g. another station's movement, applied from the feed
            result.append(
                PendingAdjustment(
                    row.adjustment_no,
                    row.location_code,
                    row.owner_id,
                    row.sku_id,
                    row.batch_no,
                    row.quantity,
                    row.created_by,
                    expected,
                    counted,
                    row.reason_code,
                    row.created_at,
                    on_hand,
                    moved,
                    names.get(row.created_by),
                )
            )
        return result


def _moved_since(session: Session, slot: StockSlot, since: dt.datetime) -> bool:
    """A bin-to-bin move, or any event of this station moving units of the slot, after
    ``since``."""
    moved = session.scalar(
        select(StockMove.id)
        .where(
            or_(
                StockMove.from_location == slot.location_code,
                StockMove.to_location == slot.location_code,
            ),
            StockMove.owner_id == slot.owner_id,
            StockMove.sku_id == slot.sku_id,
            StockMove.moved_at > since,
        )
        .limit(1)
    )
    if moved is not None:
        return True
    # The bin and SKU in the text narrow the events to parse; the movements decide.
    payloads = session.scalars(
        select(OutboxEvent.payload_json)
        .where(
            OutboxEvent.occurred_at > since,
            OutboxEvent.payload_json.contains(slot.location_code),
            OutboxEvent.payload_json.contains(slot.sku_id),
        )
        .order_by(OutboxEvent.id.desc())
        .limit(_EVENTS_READ)
    )
    return any(_moves_slot(json.loads(payload), slot) for payload in payloads)


def _moves_slot(value: object, slot: StockSlot) -> bool:
    """Somewhere in an event payload, a movement of on-hand units of this slot."""
    if isinstance(value, list):
        return any(_moves_slot(item, slot) for item in value)
    if not isinstance(value, dict):
        return False
    if "delta" in value and "location_code" in value:
        return (
            value.get("location_code") == slot.location_code
            and value.get("owner_id") == slot.owner_id
            and value.get("sku_id") == slot.sku_id
            and value.get("batch_no") == slot.batch_no
            and value.get("bucket", "on_hand") == "on_hand"
        )
    return any(_moves_slot(item, slot) for item in value.values())


def request_recount(uow: UnitOfWork, adjustment_no: str, supervisor_badge: str) -> str:
    """Supervisor only: the count is not booked and the bin is counted again; returns the
    count task's number. One unit of work: the rejection, the count task and the audit."""
    adjustment = reject_adjustment(uow, adjustment_no, supervisor_badge, "recount")
    count = count_task_for(uow, adjustment.location_code, supervisor_badge)
    record_audit(
        uow,
        operator=supervisor_badge,
        action="request_recount",
        entity="stock_adjustment",
        entity_key=adjustment_no,
        after={
            "count": count.count_no,
            "location": adjustment.location_code,
            "sku": adjustment.sku_id,
        },
    )
    return count.count_no


def decide(
    store: Store,
    adjustment_no: str,
    supervisor_badge: str,
    decision: Decision,
) -> None:
    """Raises a FloorError (nothing changed) if the badge or the adjustment does not allow it:
    not a supervisor, their own count or adjustment, already decided."""
    if decision == "approve":
        run_service(store, lambda uow: approve_adjustment(uow, adjustment_no, supervisor_badge))
    elif decision == "recount":
        run_service(store, lambda uow: request_recount(uow, adjustment_no, supervisor_badge))
    else:
        run_service(
            store,
            lambda uow: reject_adjustment(uow, adjustment_no, supervisor_badge, "rejected"),
        )
