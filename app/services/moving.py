"""Moving stock between bins: putaway from the dock and operator moves."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import errors
from app.services.audit import record_audit
from app.services.lookups import check_quantity, get_location, get_sku
from app.services.stock_events import emit_stock_changed
from app.services.stock_ledger import Ledger, StockSlot, free_qty, get_or_create_stock
from local_db.models import PutawayTask, SerialNumber, Stock, StockMove
from local_db.store import UnitOfWork
from local_db.types import utc_now
from oms_contract.events import StockBucket, StockChangeType


def stock_row_at(
    session: Session, location_code: str, owner_id: str, sku_id: str, batch_no: str | None
) -> Stock:
    """The row an operator means by bin + SKU (+ batch); earliest expiry if several."""
    sku = get_sku(session, owner_id, sku_id)
    location = get_location(session, location_code)
    batch = (batch_no or "").strip() or None
    query = select(Stock).where(
        Stock.location_code == location.code,
        Stock.owner_id == owner_id,
        Stock.sku_id == sku_id,
        Stock.on_hand > 0,
    )
    rows = list(session.scalars(query.order_by(Stock.expiry_date, Stock.id)))
    if batch is not None:
        rows = [row for row in rows if row.batch_no == batch]
    elif sku.batch_managed and len({row.batch_no for row in rows}) > 1:
        raise errors.BatchRequired("several_batches", sku=sku_id, bin=location.code)
    if not rows:
        raise errors.NoStockHere("sku_not_in_bin", sku=sku_id, bin=location.code)
    return rows[0]


def _move(
    uow: UnitOfWork,
    row: Stock,
    to_code: str,
    quantity: int,
    *,
    damaged: bool,
    frozen: bool = False,
    reason: str,
    operator: str,
    serials: Sequence[str] = (),
) -> Ledger:
    session = uow.session
    target = get_or_create_stock(
        session, StockSlot(to_code, row.owner_id, row.sku_id, row.batch_no, row.expiry_date)
    )
    ledger = Ledger()
    ledger.change(row, StockBucket.ON_HAND, -quantity)
    ledger.change(target, StockBucket.ON_HAND, quantity)
    if damaged:
        ledger.change(row, StockBucket.DAMAGED, -quantity)
        ledger.change(target, StockBucket.DAMAGED, quantity)
    if frozen:
        ledger.change(row, StockBucket.FROZEN, -quantity)
        ledger.change(target, StockBucket.FROZEN, quantity)
    session.add(
        StockMove(
            from_location=row.location_code,
            to_location=to_code,
            owner_id=row.owner_id,
            sku_id=row.sku_id,
            batch_no=row.batch_no,
            expiry_date=row.expiry_date,
            quantity=quantity,
            reason=reason,
            moved_by=operator,
            moved_at=utc_now(),
        )
    )
    _move_serials(session, row, to_code, quantity, serials)
    return ledger


def _move_serials(
    session: Session, row: Stock, to_code: str, quantity: int, scanned: Sequence[str]
) -> None:
    if scanned:
        for serial_no in scanned:
            record = session.get(SerialNumber, (row.owner_id, row.sku_id, serial_no))
            if (
                record is None
                or record.status != "in_stock"
                or record.location_code != row.location_code
            ):
                raise errors.WrongLocation(
                    "serial_not_in_bin", serial=serial_no, sku=row.sku_id, bin=row.location_code
                )
            record.location_code = to_code
        return
    # No serials scanned (a putaway): the first ones booked in the bin go along.
    serials = session.scalars(
        select(SerialNumber)
        .where(
            SerialNumber.owner_id == row.owner_id,
            SerialNumber.sku_id == row.sku_id,
            SerialNumber.location_code == row.location_code,
            SerialNumber.status == "in_stock",
        )
        .order_by(SerialNumber.serial_no)
        .limit(quantity)
    )
    for serial in serials:
        serial.location_code = to_code


def _target(session: Session, to_location: str, from_code: str) -> str:
    target = get_location(session, to_location)
    if target.frozen:
        raise errors.LocationFrozen("choose_another_bin", bin=target.code)
    if target.code == from_code:
        raise errors.InvalidInput("already_in_bin", bin=target.code)
    return target.code


def putaway(uow: UnitOfWork, task_id: int, to_location: str, operator: str) -> PutawayTask:
    """Move received goods from the dock into a storage bin."""
    session = uow.session
    task = session.get(PutawayTask, task_id)
    if task is None:
        raise errors.UnknownTask("putaway_task_not_known", task=task_id)
    if task.status != "open":
        raise errors.TaskClosed("already_put_away")
    to_code = _target(session, to_location, task.from_location)
    row = session.get(Stock, task.stock_id)
    assert row is not None
    # Held units (a return's damaged or quarantined ones) move as held.
    movable = row.damaged if task.damaged else row.frozen if task.frozen else free_qty(row)
    if movable < task.quantity:
        raise errors.StockShortage(
            "movable_now", qty=max(movable, 0), sku=row.sku_id, bin=row.location_code
        )
    ledger = _move(
        uow,
        row,
        to_code,
        task.quantity,
        damaged=task.damaged,
        frozen=task.frozen,
        reason="PUTAWAY",
        operator=operator,
    )
    task.to_location = to_code
    task.status = "done"
    task.done_by = operator
    task.done_at = utc_now()
    events = emit_stock_changed(uow, ledger, StockChangeType.MOVE, operator, with_movements=True)
    record_audit(
        uow,
        operator=operator,
        action="putaway",
        entity="putaway_task",
        entity_key=str(task.id),
        after={"to": to_code, "quantity": task.quantity},
        outbox_event=events[0] if events else None,
    )
    return task


def move_stock(
    uow: UnitOfWork,
    *,
    from_location: str,
    to_location: str,
    owner_id: str,
    sku_id: str,
    quantity: int,
    operator: str,
    batch_no: str | None = None,
    serials: Sequence[str] = (),
) -> StockMove:
    """Move free (not reserved, frozen or damaged) units from one bin to another; the
    scanned ``serials`` of a serial-managed SKU (one per unit) go along."""
    session = uow.session
    row = stock_row_at(session, from_location, owner_id, sku_id, batch_no)
    to_code = _target(session, to_location, row.location_code)
    check_quantity(quantity)
    if free_qty(row) < quantity:
        raise errors.StockShortage(
            "free_to_move", qty=max(free_qty(row), 0), sku=sku_id, bin=row.location_code
        )
    if serials and len(serials) != quantity:
        raise errors.SerialsRequired(
            "serial_count", sku=sku_id, quantity=quantity, scanned=len(serials)
        )
    ledger = _move(
        uow,
        row,
        to_code,
        quantity,
        damaged=False,
        reason="MOVE",
        operator=operator,
        serials=serials,
    )
    events = emit_stock_changed(uow, ledger, StockChangeType.MOVE, operator, with_movements=True)
    move = session.scalars(select(StockMove).order_by(StockMove.id.desc())).first()
    assert move is not None
    record_audit(
        uow,
        operator=operator,
        action="move_stock",
        entity="stock_move",
        entity_key=str(move.id),
        after={"from": row.location_code, "to": to_code, "sku": sku_id, "quantity": quantity},
        outbox_event=events[0] if events else None,
    )
    return move
