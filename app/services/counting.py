"""Blind cycle counts of a bin; differences become stock adjustments, large ones wait for a
supervisor's approval."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import or_, select

from app import errors
from app import exception_details as details
from app.outbox import record_event
from app.services.audit import record_audit
from app.services.lookups import get_location, get_sku, require_supervisor
from app.services.stock_events import emit_stock_changed
from app.services.stock_ledger import Ledger, StockSlot, find_stock, get_or_create_stock
from local_db.models import CycleCount, CycleCountLine, ExceptionRecord, Stock, StockAdjustment
from local_db.store import UnitOfWork
from local_db.types import utc_now
from oms_contract.events import InventoryAdjusted, StockBucket, StockChangeType

DEFAULT_THRESHOLD = 5
COUNT_REASON = "COUNT_DIFFERENCE"


@dataclass(frozen=True)
class CountedItem:
    owner_id: str
    sku_id: str
    quantity: int
    batch_no: str | None = None
    expiry_date: dt.date | None = None


@dataclass(frozen=True)
class SlotDifference:
    adjustment_no: str
    location_code: str
    owner_id: str
    sku_id: str
    batch_no: str | None
    expected_qty: int  # the books before the count
    counted_qty: int
    pending: bool  # waits for a supervisor

    @property
    def difference(self) -> int:
        return self.counted_qty - self.expected_qty


@dataclass(frozen=True)
class CountOutcome:
    count_no: str
    status: str
    applied: list[str]  # adjustment numbers booked at once
    pending: list[str]  # adjustment numbers waiting for a supervisor
    differences: list[SlotDifference] = field(default_factory=list)


def start_cycle_count(uow: UnitOfWork, location_code: str, operator: str) -> CycleCount:
    session = uow.session
    location = get_location(session, location_code)
    already = session.scalar(
        select(CycleCount).where(
            CycleCount.location_code == location.code, CycleCount.status == "open"
        )
    )
    if already is not None:
        raise errors.NotAllowed("count_already_open", bin=location.code)
    count = CycleCount(
        count_no="CC" + uuid.uuid4().hex[:16].upper(),
        location_code=location.code,
        status="open",
        created_by=operator,
        created_at=utc_now(),
    )
    session.add(count)
    session.flush()
    record_audit(
        uow,
        operator=operator,
        action="start_cycle_count",
        entity="cycle_count",
        entity_key=count.count_no,
        after={"location": location.code},
    )
    return count


def count_task_for(uow: UnitOfWork, location_code: str, operator: str) -> CycleCount:
    """The bin's open count (a count task someone asked for, e.g. a supervisor's recount),
    or a new one started by ``operator``."""
    location = get_location(uow.session, location_code)
    already = uow.session.scalar(
        select(CycleCount)
        .where(CycleCount.location_code == location.code, CycleCount.status == "open")
        .order_by(CycleCount.id)
    )
    return already if already is not None else start_cycle_count(uow, location.code, operator)


def _get_count(uow: UnitOfWork, count_no: str) -> CycleCount:
    count = uow.session.scalar(select(CycleCount).where(CycleCount.count_no == count_no))
    if count is None:
        raise errors.UnknownCount("count_not_known", count=count_no)
    return count


def _slots(
    uow: UnitOfWork, count: CycleCount, counted: Sequence[CountedItem]
) -> dict[StockSlot, int]:
    """Counted quantity per slot; rows in the bin the counter did not list count as 0."""
    session = uow.session
    result: dict[StockSlot, int] = {}
    for item in counted:
        sku = get_sku(session, item.owner_id, item.sku_id)
        batch = (item.batch_no or "").strip() or None
        if item.quantity < 0 or item.quantity > 10_000_000:
            raise errors.InvalidQuantity("count_quantity", sku=item.sku_id)
        if sku.batch_managed and batch is None and item.quantity > 0:
            raise errors.BatchRequired("scan_batch_of", sku=item.sku_id)
        if sku.expiry_managed and item.expiry_date is None and item.quantity > 0:
            raise errors.ExpiryRequired("enter_expiry_of", sku=item.sku_id)
        slot = StockSlot(count.location_code, item.owner_id, item.sku_id, batch, item.expiry_date)
        if slot in result:
            raise errors.InvalidInput("counted_twice", sku=item.sku_id)
        result[slot] = item.quantity
    rows = session.scalars(
        select(Stock).where(Stock.location_code == count.location_code, Stock.on_hand > 0)
    )
    for row in rows:
        slot = StockSlot(row.location_code, row.owner_id, row.sku_id, row.batch_no, row.expiry_date)
        result.setdefault(slot, 0)
    return result


def submit_count(
    uow: UnitOfWork,
    count_no: str,
    counted: Sequence[CountedItem],
    *,
    operator: str,
    threshold: int = DEFAULT_THRESHOLD,
) -> CountOutcome:
    """Book the blind count. A difference of at most ``threshold`` units is adjusted at once;
    a larger one becomes a pending adjustment (and an exception record) for a supervisor."""
    session = uow.session
    count = _get_count(uow, count_no)
    if count.status != "open":
        raise errors.NotAllowed("count_already_submitted", count=count_no)
    slots = _slots(uow, count, counted)
    applied: list[str] = []
    pending: list[str] = []
    differences: list[SlotDifference] = []
    for slot, quantity in sorted(slots.items(), key=lambda kv: repr(kv[0])):
        row = find_stock(session, slot)
        system_qty = row.on_hand if row is not None else 0
        session.add(
            CycleCountLine(
                cycle_count_id=count.id,
                owner_id=slot.owner_id,
                sku_id=slot.sku_id,
                batch_no=slot.batch_no,
                expiry_date=slot.expiry_date,
                system_qty=system_qty,
                counted_qty=quantity,
            )
        )
        difference = quantity - system_qty
        if difference == 0:
            continue
        adjustment = StockAdjustment(
            adjustment_no="ADJ" + uuid.uuid4().hex[:16].upper(),
            location_code=slot.location_code,
            owner_id=slot.owner_id,
            sku_id=slot.sku_id,
            batch_no=slot.batch_no,
            expiry_date=slot.expiry_date,
            quantity=difference,
            reason_code=COUNT_REASON,
            status="pending_approval",
            cycle_count_id=count.id,
            created_by=operator,
            created_at=utc_now(),
        )
        session.add(adjustment)
        session.flush()
        differences.append(
            SlotDifference(
                adjustment.adjustment_no,
                slot.location_code,
                slot.owner_id,
                slot.sku_id,
                slot.batch_no,
                system_qty,
                quantity,
                pending=abs(difference) > threshold,
            )
        )
        if abs(difference) <= threshold:
            apply_adjustment(uow, adjustment, operator)
            applied.append(adjustment.adjustment_no)
        else:
            pending.append(adjustment.adjustment_no)
            session.add(
                ExceptionRecord(
                    exception_type="COUNT_DIFFERENCE",
                    sku_id=slot.sku_id,
                    location_code=slot.location_code,
                    severity="medium",
                    status="open",
                    detail_code=details.COUNT_DIFFERENCE_PENDING,
                    detail_args_json=details.detail_args(
                        adjustment=adjustment.adjustment_no, counted=quantity, expected=system_qty
                    ),
                    created_at=utc_now(),
                )
            )
    count.status = "pending_approval" if pending else "completed"
    count.counted_by = operator
    count.counted_at = utc_now()
    record_audit(
        uow,
        operator=operator,
        action="submit_count",
        entity="cycle_count",
        entity_key=count.count_no,
        before={"status": "open"},
        after={"status": count.status, "applied": applied, "pending": pending},
    )
    return CountOutcome(count.count_no, count.status, applied, pending, differences)


def apply_adjustment(uow: UnitOfWork, adjustment: StockAdjustment, operator: str) -> None:
    """Book the adjustment. Reserved units are never booked away: if the bin holds fewer
    than are reserved, on-hand stops at the reserved quantity and a STOCK_DIFFERENCE
    exception asks a supervisor to sort out the orders concerned."""
    session = uow.session
    row = get_or_create_stock(
        session,
        StockSlot(
            adjustment.location_code,
            adjustment.owner_id,
            adjustment.sku_id,
            adjustment.batch_no,
            adjustment.expiry_date,
        ),
    )
    ledger = Ledger()
    if adjustment.reason_code == "DAMAGE_WRITE_OFF" and adjustment.quantity < 0:
        # The units written off are the damaged ones: they leave that bucket too.
        ledger.change(row, StockBucket.DAMAGED, -min(row.damaged, -adjustment.quantity))
    target = row.on_hand + adjustment.quantity
    new_on_hand = max(target, row.locked)
    ledger.change(row, StockBucket.ON_HAND, new_on_hand - row.on_hand)
    excess = row.frozen + row.damaged - (row.on_hand - row.locked)
    if excess > 0:
        # Missing units come out of the damaged, then the frozen ones: they are in the bin.
        from_damaged = min(row.damaged, excess)
        ledger.change(row, StockBucket.DAMAGED, -from_damaged)
        ledger.change(row, StockBucket.FROZEN, -(excess - from_damaged))
    adjustment.status = "applied"
    event = record_event(
        uow,
        InventoryAdjusted(
            adjustment_no=adjustment.adjustment_no,
            owner_id=adjustment.owner_id,
            sku_id=adjustment.sku_id,
            quantity=ledger.on_hand_change.get((row.owner_id, row.sku_id), 0),
            reason_code=adjustment.reason_code,
            location_code=adjustment.location_code,
            batch_no=adjustment.batch_no,
            movements=ledger.all_movements(),
        ),
        operator,
    )
    emit_stock_changed(uow, ledger, StockChangeType.COUNT, operator, with_movements=False)
    if target < row.locked:
        session.add(
            ExceptionRecord(
                exception_type="STOCK_DIFFERENCE",
                sku_id=adjustment.sku_id,
                location_code=adjustment.location_code,
                severity="high",
                status="open",
                detail_code=details.RESERVED_UNITS_MISSING,
                detail_args_json=details.detail_args(
                    adjustment=adjustment.adjustment_no, missing=row.locked - target
                ),
                created_at=utc_now(),
                outbox_event_id=event.id,
            )
        )


def _pending(uow: UnitOfWork, adjustment_no: str) -> StockAdjustment:
    adjustment = uow.session.scalar(
        select(StockAdjustment).where(StockAdjustment.adjustment_no == adjustment_no)
    )
    if adjustment is None:
        raise errors.UnknownAdjustment("adjustment_not_known", adjustment=adjustment_no)
    if adjustment.status != "pending_approval":
        raise errors.NotAllowed(
            "adjustment_decided", adjustment=adjustment_no, status=adjustment.status
        )
    return adjustment


def _close(uow: UnitOfWork, adjustment: StockAdjustment, supervisor: str, resolution: str) -> None:
    session = uow.session
    now = utc_now()
    adjustment.approved_by = supervisor
    adjustment.approved_at = now
    for record in session.scalars(
        select(ExceptionRecord).where(
            ExceptionRecord.exception_type.in_(("COUNT_DIFFERENCE", "ADJUSTMENT_APPROVAL")),
            ExceptionRecord.status == "open",
            or_(
                ExceptionRecord.detail_args_json.contains(
                    details.adjustment_marker(adjustment.adjustment_no)
                ),
                # Records written before detail codes (schema 0004) name it in their text.
                ExceptionRecord.detail.startswith(adjustment.adjustment_no + ":"),
            ),
        )
    ):
        record.status = "resolved"
        record.resolution = resolution
        record.resolved_by = supervisor
        record.resolved_at = now
    session.flush()
    if adjustment.cycle_count_id is not None:
        count = session.get(CycleCount, adjustment.cycle_count_id)
        still_pending = session.scalar(
            select(StockAdjustment.id).where(
                StockAdjustment.cycle_count_id == adjustment.cycle_count_id,
                StockAdjustment.status == "pending_approval",
            )
        )
        if count is not None and still_pending is None:
            count.status = "completed"


def _not_their_own(uow: UnitOfWork, adjustment: StockAdjustment, supervisor: str) -> None:
    """Separation of duties: who counted or asked for an adjustment does not decide on it."""
    counted_by = None
    if adjustment.cycle_count_id is not None:
        count = uow.session.get(CycleCount, adjustment.cycle_count_id)
        counted_by = count.counted_by if count is not None else None
    if supervisor in (adjustment.created_by, counted_by):
        raise errors.NotAllowed("own_adjustment", adjustment=adjustment.adjustment_no)


def approve_adjustment(
    uow: UnitOfWork, adjustment_no: str, supervisor_badge: str
) -> StockAdjustment:
    """Supervisor only: book an adjustment above the threshold (count or write-off)."""
    supervisor = require_supervisor(uow.session, supervisor_badge)
    adjustment = _pending(uow, adjustment_no)
    _not_their_own(uow, adjustment, supervisor.badge_code)
    apply_adjustment(uow, adjustment, supervisor.badge_code)
    _close(uow, adjustment, supervisor.badge_code, "approved")
    record_audit(
        uow,
        operator=supervisor.badge_code,
        action="approve_adjustment",
        entity="stock_adjustment",
        entity_key=adjustment_no,
        before={"status": "pending_approval"},
        after={"status": adjustment.status, "quantity": adjustment.quantity},
    )
    return adjustment


def reject_adjustment(
    uow: UnitOfWork, adjustment_no: str, supervisor_badge: str, note: str = ""
) -> StockAdjustment:
    """Supervisor only: the count was wrong; the books stay as they are (recount instead)."""
    supervisor = require_supervisor(uow.session, supervisor_badge)
    adjustment = _pending(uow, adjustment_no)
    _not_their_own(uow, adjustment, supervisor.badge_code)
    adjustment.status = "rejected"
    _close(uow, adjustment, supervisor.badge_code, f"rejected: {note}"[:500])
    record_audit(
        uow,
        operator=supervisor.badge_code,
        action="reject_adjustment",
        entity="stock_adjustment",
        entity_key=adjustment_no,
        before={"status": "pending_approval"},
        after={"status": adjustment.status, "note": note[:200]},
    )
    return adjustment
