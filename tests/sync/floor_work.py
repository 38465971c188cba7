"""The floor work of the end-to-end tests, done through the real app services as a picker,
packer and shipper would (one unit of work per confirmed scan)."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import select

from app.services.packing import pack_order
from app.services.picking import confirm_pick
from app.services.shipping import ship_order
from local_db.models import Barcode, OutboundOrder
from local_db.store import Store
from oms_contract.documents import OutboundCommand, OutboundItem
from tests.support.oms_process import RunningOms
from tests.support.picks import open_pick_tasks
from tests.sync.real_oms import OWNER, WAREHOUSE

PICKER = "P001"
SUPERVISOR = "S001"
"""The demo's supervisor (oms_server/demo.py): freezing is a supervisor's decision."""


def barcode_of(store: Store, sku_id: str, owner_id: str = OWNER) -> str:
    with store.read_session() as session:
        code = session.scalar(
            select(Barcode.code).where(Barcode.owner_id == owner_id, Barcode.sku_id == sku_id)
        )
    assert code is not None, f"no barcode for {sku_id}"
    return code


def order_status(store: Store, order_no: str) -> str | None:
    with store.read_session() as session:
        return session.scalar(
            select(OutboundOrder.status).where(OutboundOrder.order_no == order_no)
        )


def create_command(oms: RunningOms, sku_id: str, quantity: int) -> str:
    """A new outbound command at the OMS for ``quantity`` of one ACME SKU; its order_no."""
    order_no = f"SO-T-{uuid.uuid4().hex[:8].upper()}"
    command = OutboundCommand(
        command_id=f"CMD-{order_no}",
        order_no=order_no,
        warehouse_id=WAREHOUSE,
        owner_id=OWNER,
        consignee="Test Consignee",
        phone="13800000000",
        province="Zhejiang",
        city="Hangzhou",
        address="1 Test Road",
        carrier_code="SF",
        items=[OutboundItem(sku_id=sku_id, sku_name=sku_id, quantity=quantity)],
    )
    response = oms.admin_post("/outbound-commands", command.model_dump(mode="json"))
    assert response.status_code == 201, response.text
    return order_no


def oms_order(oms: RunningOms, order_no: str) -> dict[str, object]:
    response = oms.admin_get(f"/orders/{order_no}")
    response.raise_for_status()
    body: dict[str, object] = response.json()
    return body


def pick(store: Store, order_no: str, quantity: int | None = None) -> int:
    """Confirm picks in walk order, ``quantity`` units in all (default: the whole order)."""
    with store.read_session() as session:
        order = session.scalars(
            select(OutboundOrder).where(OutboundOrder.order_no == order_no)
        ).one()
        owner_id = order.owner_id
    left = quantity
    picked = 0
    while left is None or left > 0:
        with store.unit_of_work() as uow:
            tasks = open_pick_tasks(uow, order_no)
            if not tasks:
                break
            task = tasks[0]
            remaining = task.quantity - task.picked_qty - task.short_qty
            take = remaining if left is None else min(left, remaining)
            confirm_pick(
                uow,
                task.id,
                location_code=task.location_code,
                barcode=barcode_of(store, task.sku_id, owner_id),
                quantity=take,
                operator=PICKER,
                batch_no=task.batch_no,
            )
            uow.commit()
        picked += take
        if left is not None:
            left -= take
    return picked


def pack_and_ship(
    store: Store, order_no: str, sku_id: str, quantity: int, tracking_no: str
) -> None:
    code = barcode_of(store, sku_id)
    with store.unit_of_work() as uow:
        pack_order(uow, order_no, [code] * quantity, PICKER)
        uow.commit()
    with store.unit_of_work() as uow:
        ship_order(
            uow,
            order_no,
            tracking_no=tracking_no,
            carrier_code="SF",
            package_count=2,
            weight_kg=Decimal("0.700"),
            operator=PICKER,
        )
        uow.commit()
