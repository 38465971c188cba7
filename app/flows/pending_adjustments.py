"""Count differences waiting for a supervisor (above the station's threshold)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select

from app.flows.messages import run_service
from app.services.counting import approve_adjustment, reject_adjustment
from local_db.models import CycleCountLine, StockAdjustment
from local_db.store import Store


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
    expected_qty: int | None = None
    """What the books said when counted; None for an adjustment that is not a count."""
    counted_qty: int | None = None

    @property
    def difference(self) -> int:
        return self.quantity


def pending_adjustments(store: Store, limit: int = 200) -> list[PendingAdjustment]:
    with store.read_session() as session:
        rows = session.scalars(
            select(StockAdjustment)
            .where(StockAdjustment.status == "pending_approval")
            .order_by(StockAdjustment.created_at, StockAdjustment.id)
            .limit(limit)
        ).all()
        result = []
        for row in rows:
            counted = None
            if row.cycle_count_id is not None:
                counted = session.scalar(
                    select(CycleCountLine).where(
                        CycleCountLine.cycle_count_id == row.cycle_count_id,
                        CycleCountLine.owner_id == row.owner_id,
                        CycleCountLine.sku_id == row.sku_id,
                        CycleCountLine.batch_no.is_(None)
                        if row.batch_no is None
                        else CycleCountLine.batch_no == row.batch_no,
                        CycleCountLine.expiry_date.is_(None)
                        if row.expiry_date is None
                        else CycleCountLine.expiry_date == row.expiry_date,
                    )
                )
            result.append(
                PendingAdjustment(
                    row.adjustment_no,
                    row.location_code,
                    row.owner_id,
                    row.sku_id,
                    row.batch_no,
                    row.quantity,
                    row.created_by,
                    expected_qty=counted.system_qty if counted else None,
                    counted_qty=counted.counted_qty if counted else None,
                )
            )
        return result


def decide(
    store: Store,
    adjustment_no: str,
    supervisor_badge: str,
    decision: Literal["approve", "reject"],
) -> None:
    """Raises a FloorError (nothing changed) if the badge or the adjustment does not allow it."""
    if decision == "approve":
        run_service(store, lambda uow: approve_adjustment(uow, adjustment_no, supervisor_badge))
    else:
        run_service(
            store,
            lambda uow: reject_adjustment(uow, adjustment_no, supervisor_badge, "recount"),
        )
