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
    """The books' quantity when the count was submitted (None: not from a count)."""
    counted_qty: int | None = None

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
        rows = session.execute(
            select(
                StockAdjustment,
                line.with_only_columns(CycleCountLine.system_qty).scalar_subquery(),
                line.with_only_columns(CycleCountLine.counted_qty).scalar_subquery(),
            )
            .where(StockAdjustment.status == "pending_approval")
            .order_by(StockAdjustment.created_at, StockAdjustment.id)
            .limit(limit)
        )
        return [
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
            )
            for row, expected, counted in rows
        ]


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
