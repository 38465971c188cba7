"""The stock_changed events (seed 000's InventorySyncMessage) an action leaves behind."""

from __future__ import annotations

from app.outbox import RecordedEvent, record_event
from app.queries.stock import available_qty
from app.services.allocation import reallocate_held_orders
from app.services.lookups import station_warehouse_id
from app.services.stock_ledger import Ledger
from local_db.store import UnitOfWork
from oms_contract.events import StockChanged, StockChangeType


def emit_stock_changed(
    uow: UnitOfWork,
    ledger: Ledger,
    change_type: StockChangeType,
    operator: str,
    *,
    with_movements: bool,
    warehouse_id: str | None = None,
) -> list[RecordedEvent]:
    """One stock_changed per touched (owner, SKU), with the available quantity after the
    change. ``change_qty`` is the change of the free quantity (allocation −, receipt +,
    freeze −, move 0). ``with_movements`` only when no other event of the action carries them.

    Every action that changes stock ends here, so this is also where orders held for a
    shortage of what arrived or was released are allocated again (their events follow the
    action's; the returned list holds the action's own)."""
    session = uow.session
    session.flush()
    warehouse = warehouse_id or station_warehouse_id(session)
    events = []
    for owner_id, sku_id in ledger.touched():
        key = (owner_id, sku_id)
        payload = StockChanged(
            warehouse_id=warehouse,
            owner_id=owner_id,
            sku_id=sku_id,
            change_type=change_type,
            change_qty=ledger.sellable_change(key),
            available_qty=available_qty(session, owner_id, sku_id),
            movements=ledger.movements.get(key, []) if with_movements else [],
        )
        events.append(record_event(uow, payload, operator))
    reallocate_held_orders(uow, operator, ledger.raised())
    return events
