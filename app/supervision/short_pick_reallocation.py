"""A supervisor re-allocates a short pick's missing units from another bin.

The allocation planner (``app/services/allocation_plan.Planner``) reserves them as for a new
order; the short-picked task gives the units back (its quantity and short quantity shrink,
the line's short quantity with it), so the order's line adds up again and the picker is sent
to the new bin. The held units stay where the short pick put them (frozen until a count, or
damaged). The OMS learns of the new reservation through the planner's stock_changed events.
"""

from __future__ import annotations

from sqlalchemy import func, select

from app import errors
from app.outbox import record_payloads
from app.services.allocation_plan import ID, Demand, DemandLine, Planner
from app.services.order_events import set_status
from local_db.models import ExceptionRecord, OutboundLine, OutboundOrder, PickTask, Stock
from local_db.store import UnitOfWork


def _short_task(uow: UnitOfWork, order: OutboundOrder, record: ExceptionRecord) -> PickTask:
    task = uow.session.scalar(
        select(PickTask)
        .where(
            PickTask.order_id == order.id,
            PickTask.sku_id == record.sku_id,
            PickTask.location_code == record.location_code,
            PickTask.short_qty > 0,
        )
        .order_by(PickTask.id.desc())
    )
    if task is None:
        raise errors.NotAllowed("nothing_short_to_reallocate", order=order.order_no)
    return task


def reallocate_short_pick(uow: UnitOfWork, record: ExceptionRecord, operator: str) -> int:
    """Reserve the short-picked units elsewhere; answers the number of pick tasks made.
    Refused (nothing changed) when no other bin holds enough free stock."""
    session = uow.session
    order = session.scalar(select(OutboundOrder).where(OutboundOrder.order_no == record.order_no))
    if order is None:
        raise errors.UnknownOrder("order_not_here", order=record.order_no or "")
    if order.status not in ("PICKING", "PICKED"):
        raise errors.WrongOrderState(
            "order_in_wrong_state", order=order.order_no, status=order.status, needed="PICKED"
        )
    task = _short_task(uow, order, record)
    missing = task.short_qty
    line = session.get(OutboundLine, task.line_id)
    assert line is not None
    session.flush()
    connection = session.connection()
    demand = Demand(
        order.command_id,
        order.order_no,
        order.owner_id,
        order.warehouse_id,
        # A line naming a batch is re-allocated from that batch only.
        [DemandLine(task.sku_id, missing, line.batch_no)],
    )
    planner = Planner(connection, [demand])
    plan = planner.plan(demand)
    if plan.shortage is not None:
        raise errors.StockShortage("no_other_bin", qty=missing, sku=task.sku_id)
    for stock_id, locked in planner.locked_now.items():
        row = session.get(Stock, stock_id)
        assert row is not None
        row.locked = locked
    sequence = session.scalar(
        select(func.max(PickTask.sequence)).where(PickTask.order_id == order.id)
    )
    for offset, pick in enumerate(plan.picks, start=1):
        stock = session.get(Stock, pick.stock[ID])
        assert stock is not None
        session.add(
            PickTask(
                order_id=order.id,
                line_id=line.id,
                stock_id=stock.id,
                sequence=(sequence or 0) + offset,
                location_code=stock.location_code,
                sku_id=stock.sku_id,
                batch_no=stock.batch_no,
                expiry_date=stock.expiry_date,
                quantity=pick.quantity,
                status="open",
            )
        )
    task.short_qty -= missing
    if task.quantity == missing:
        task.status = "cancelled"  # nothing of it was picked: the new tasks replace it
    else:
        task.quantity -= missing
    line.short_qty -= missing
    if order.status == "PICKED":
        # Locally only: the OMS keeps its PICKED (it refuses a step back) and hears PICKED
        # again when the last unit is picked.
        set_status(order, "PICKING")
    # The planner's first event is outbound_received, which the OMS already has.
    record_payloads(uow, plan.events[1:], operator)
    session.flush()
    return len(plan.picks)
