"""Shared helpers of the store tests: master data, stock set-up, commands, DB snapshots."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import selectinload

from app.clock import business_date
from app.errors import FloorError
from app.services.allocation import receive_outbound_command
from app.services.picking import confirm_pick
from local_db.models import (
    Barcode,
    Base,
    ExceptionRecord,
    Location,
    Operator,
    OutboundOrder,
    OutboxEvent,
    Owner,
    PickTask,
    Sku,
    Stock,
    SyncState,
)
from local_db.store import Store, UnitOfWork
from oms_contract.documents import InboundLine, InboundOrder, OutboundCommand, OutboundItem
from oms_contract.pins import hash_pin

WAREHOUSE = "WH1"
OWNER = "OW1"
PICKER = "P1"
SUPERVISOR = "SUP1"
SUPERVISOR_PIN = "2468"
GTIN = {"SKU-A": "6901234567892", "SKU-B": "6901234567908", "SKU-S": "6901234567915"}
BINS = ("A-01-01-01", "A-01-01-02", "A-01-01-03")
DOCK = "DOCK-01"
FROZEN_BIN = "F-01-01-01"
TODAY = business_date()


def seed_master_data(store: Store) -> None:
    with store.unit_of_work() as uow:
        s = uow.session
        s.add(SyncState(key="warehouse_id", value=WAREHOUSE))
        s.add(SyncState(key="station_id", value="ST-1"))
        s.add(Owner(owner_id=OWNER, name="Owner One"))
        s.add(Owner(owner_id="OW2", name="Owner Two"))
        s.flush()
        s.add(Sku(owner_id=OWNER, sku_id="SKU-A", name="Green tea 500ml"))
        s.add(
            Sku(
                owner_id=OWNER,
                sku_id="SKU-B",
                name="Milk powder",
                batch_managed=True,
                expiry_managed=True,
            )
        )
        s.add(Sku(owner_id=OWNER, sku_id="SKU-S", name="Phone", serial_managed=True))
        s.add(Sku(owner_id=OWNER, sku_id="SKU-Z", name="Soap", safety_stock=2))
        s.add(Sku(owner_id="OW2", sku_id="SKU-A", name="Other owner's tea"))
        s.flush()
        for sku_id, code in GTIN.items():
            s.add(Barcode(code=code, owner_id=OWNER, sku_id=sku_id, kind="GTIN"))
        s.add(Barcode(code="INT-Z", owner_id=OWNER, sku_id="SKU-Z", kind="INTERNAL"))
        for sequence, code in enumerate(BINS, start=1):
            s.add(Location(code=code, zone="A", pick_sequence=sequence * 10))
        s.add(Location(code=DOCK, zone="DOCK", pick_sequence=0, pickable=False))
        s.add(Location(code=FROZEN_BIN, zone="F", pick_sequence=5, frozen=True))
        s.add(Operator(badge_code=PICKER, name="Picker", role="operator"))
        s.add(
            Operator(
                badge_code=SUPERVISOR,
                name="Boss",
                role="supervisor",
                pin_hash=hash_pin(SUPERVISOR_PIN, iterations=1000),
            )
        )
        uow.commit()


def add_stock(
    store: Store,
    location: str,
    sku_id: str,
    quantity: int,
    *,
    batch_no: str | None = None,
    expiry_date: dt.date | None = None,
    owner_id: str = OWNER,
) -> int:
    """Test set-up only: put stock in a bin without events."""
    with store.unit_of_work() as uow:
        row = Stock(
            location_code=location,
            owner_id=owner_id,
            sku_id=sku_id,
            batch_no=batch_no,
            expiry_date=expiry_date,
            on_hand=quantity,
            locked=0,
            frozen=0,
            damaged=0,
        )
        uow.session.add(row)
        uow.commit()
        return row.id


Item = tuple[str, int] | tuple[str, int, str | None]
"""(SKU, quantity) or (SKU, quantity, the batch to ship)."""


def command(order_no: str, items: Sequence[Item], *, owner_id: str = OWNER) -> OutboundCommand:
    return OutboundCommand(
        command_id=f"CMD-{order_no}",
        order_no=order_no,
        warehouse_id=WAREHOUSE,
        owner_id=owner_id,
        consignee="张三",
        phone="13800000000",
        province="广东",
        city="深圳",
        district="南山",
        address="科技园 1 号",
        carrier_code="SF",
        items=[
            OutboundItem(
                sku_id=item[0],
                sku_name=item[0],
                quantity=item[1],
                barcode=GTIN.get(item[0]),
                batch_no=item[2] if len(item) == 3 else None,
            )
            for item in items
        ],
    )


def inbound(
    inbound_no: str,
    lines: Sequence[tuple[str, int]],
    *,
    inbound_type: str = "PURCHASE",
) -> InboundOrder:
    return InboundOrder.model_validate(
        {
            "inbound_no": inbound_no,
            "warehouse_id": WAREHOUSE,
            "owner_id": OWNER,
            "inbound_type": inbound_type,
            "lines": [InboundLine(sku_id=sku, expected_qty=qty) for sku, qty in lines],
        }
    )


def db_state(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to prove a refused action changed nothing."""
    state: dict[str, list[tuple[Any, ...]]] = {}
    with store.read_session() as session:
        for table in Base.metadata.sorted_tables:
            rows = session.execute(text(f"SELECT * FROM {table.name} ORDER BY 1")).all()
            state[table.name] = [tuple(row) for row in rows]
    return state


def stock_rows(store: Store, sku_id: str | None = None) -> list[Stock]:
    with store.read_session() as session:
        query = select(Stock).order_by(Stock.id)
        if sku_id is not None:
            query = query.where(Stock.sku_id == sku_id)
        return list(session.scalars(query))


def check_invariants(store: Store) -> None:
    """Rows within bounds, and every order's quantities adding up."""
    with store.read_session() as session:
        for row in session.scalars(select(Stock)):
            assert row.on_hand >= 0, row.id
            assert 0 <= row.locked <= row.on_hand, row.id
            assert row.locked + row.frozen + row.damaged <= row.on_hand, row.id
        for order in session.scalars(select(OutboundOrder)):
            for line in order.lines:
                tasks = [t for t in order.pick_tasks if t.line_id == line.id]
                assert line.picked_qty == sum(t.picked_qty for t in tasks)
                assert line.short_qty == sum(t.short_qty for t in tasks)
                assert line.picked_qty + line.short_qty <= line.quantity
                assert line.packed_qty <= line.picked_qty
                was_allocated = order.status != "SHORTAGE" and bool(order.pick_tasks)
                if was_allocated and not order.handled_remotely:
                    assert sum(t.quantity for t in tasks) == line.quantity
                if order.status in ("ALLOCATED", "PICKING", "PICKED", "PACKED", "SHIPPED"):
                    assert tasks or order.handled_remotely
            if order.status in ("ALLOCATED", "PICKING") and not order.handled_remotely:
                for task in order.pick_tasks:
                    assert task.picked_qty + task.short_qty <= task.quantity
        # Reservations equal what open pick tasks still need.
        open_need: dict[int, int] = {}
        for task in session.scalars(select(PickTask).where(PickTask.status == "open")):
            open_need[task.stock_id] = (
                open_need.get(task.stock_id, 0) + task.quantity - task.picked_qty - task.short_qty
            )
        for row in session.scalars(select(Stock)):
            assert row.locked == open_need.get(row.id, 0), (row.id, row.locked, open_need)


T = TypeVar("T")


def run(store: Store, action: Callable[[UnitOfWork], T]) -> T:
    """Run one floor action in its own unit of work and commit it."""
    with store.unit_of_work() as uow:
        result = action(uow)
        uow.commit()
        return result


def refused(
    store: Store, action: Callable[[UnitOfWork], object], error: type[FloorError]
) -> FloorError:
    """The action raises ``error`` and leaves every table exactly as it was."""
    before = db_state(store)
    with pytest.raises(error) as raised, store.unit_of_work() as uow:
        action(uow)
        uow.commit()
    assert db_state(store) == before
    assert raised.value.reason and " " not in raised.value.reason  # a key, worded in ui/
    return raised.value


def events(store: Store, event_type: str | None = None) -> list[dict[str, Any]]:
    """Outbox payloads in station order (optionally of one type)."""
    with store.read_session() as session:
        rows = session.scalars(select(OutboxEvent).order_by(OutboxEvent.station_seq))
        return [
            json.loads(row.payload_json)
            for row in rows
            if event_type is None or row.event_type == event_type
        ]


def exceptions(store: Store, exception_type: str) -> list[ExceptionRecord]:
    with store.read_session() as session:
        return list(
            session.scalars(
                select(ExceptionRecord).where(ExceptionRecord.exception_type == exception_type)
            )
        )


def get(store: Store, model: type[T], key: object) -> T:
    with store.read_session() as session:
        found = session.get(model, key)
        assert found is not None
        return found


def order(store: Store, order_no: str) -> OutboundOrder:
    with store.read_session() as session:
        found = session.scalars(
            select(OutboundOrder)
            .where(OutboundOrder.order_no == order_no)
            .options(selectinload(OutboundOrder.lines), selectinload(OutboundOrder.pick_tasks))
        ).one()
        return found


def allocated(store: Store, order_no: str, items: Sequence[Item]) -> OutboundOrder:
    run(store, lambda uow: receive_outbound_command(uow, command(order_no, items), PICKER))
    return order(store, order_no)


def pick_all(store: Store, order_no: str) -> None:
    """Pick every open task of an order completely (batches and serials included)."""
    serial_counter = iter(range(1, 1_000_000))
    for task in order(store, order_no).pick_tasks:
        if task.status != "open":
            continue
        remaining = task.quantity - task.picked_qty - task.short_qty
        sku = get(store, Sku, (OWNER, task.sku_id))
        serials = (
            [f"{order_no}-{task.id}-{next(serial_counter)}" for _ in range(remaining)]
            if sku.serial_managed
            else []
        )
        run(
            store,
            lambda uow, task=task, remaining=remaining, serials=serials: confirm_pick(
                uow,
                task.id,
                location_code=task.location_code,
                barcode=GTIN.get(task.sku_id, task.sku_id),
                quantity=remaining,
                operator=PICKER,
                batch_no=task.batch_no,
                serials=serials,
            ),
        )
