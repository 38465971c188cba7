"""Master data and stock for flow and UI tests, written straight into a real store."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.feed.apply import apply_feed_entry
from app.services.allocation import receive_outbound_command
from local_db.models import OutboxEvent, Stock, SyncState
from local_db.models.master_data import Barcode, Location, Operator, Owner, Sku
from local_db.store import Store
from oms_contract.documents import (
    InboundLine,
    InboundOrder,
    InboundType,
    OutboundCommand,
    OutboundItem,
)
from oms_contract.sync_api import FeedEntry, InboundOrderCreated

OWNER = "OWN1"
PICKER_BADGE = "BADGE-P1"
SUPERVISOR_BADGE = "BADGE-S1"
SUPERVISOR_PIN = "4321"
SKU_NAMES = {
    "SKU-TEA": "Green tea 250 g",
    "SKU-MILK": "Milk powder 900 g",
    "SKU-PHONE": "Phone X",
}


def seed_master_data(store: Store, supervisor_pin_hash: str | None = None) -> None:
    with store.unit_of_work() as uow:
        session = uow.session
        # The station's warehouse (written by enrolment in real life).
        session.add(SyncState(key="warehouse_id", value="WH1"))
        session.add(Owner(owner_id=OWNER, name="Owner One"))
        session.add_all(
            [
                Location(code="A-01-01-01", zone="A", pick_sequence=10),
                Location(code="A-01-02-03", zone="A", pick_sequence=20),
                Location(code="B-02-01-01", zone="B", pick_sequence=30),
                Location(code="DOCK-1", zone="DOCK", pick_sequence=0, pickable=False),
            ]
        )
        session.flush()
        session.add_all(
            [
                Sku(owner_id=OWNER, sku_id="SKU-TEA", name="Green tea 250 g"),
                Sku(
                    owner_id=OWNER,
                    sku_id="SKU-MILK",
                    name="Milk powder 900 g",
                    batch_managed=True,
                    expiry_managed=True,
                ),
                Sku(owner_id=OWNER, sku_id="SKU-PHONE", name="Phone X", serial_managed=True),
            ]
        )
        session.flush()
        session.add_all(
            [
                Barcode(code="4006381333931", owner_id=OWNER, sku_id="SKU-TEA"),
                Barcode(code="04012345678901", owner_id=OWNER, sku_id="SKU-MILK"),
                Barcode(code="96385074", owner_id=OWNER, sku_id="SKU-PHONE"),
            ]
        )
        session.add_all(
            [
                Operator(badge_code=PICKER_BADGE, name="Li Wei", role="operator"),
                Operator(badge_code="BADGE-OLD", name="Gone", role="operator", active=False),
                Operator(
                    badge_code=SUPERVISOR_BADGE,
                    name="Zhang Min",
                    role="supervisor",
                    pin_hash=supervisor_pin_hash,
                ),
            ]
        )
        uow.commit()


def add_stock(
    store: Store,
    location: str,
    sku_id: str,
    on_hand: int,
    *,
    batch_no: str | None = None,
    expiry: dt.date | None = None,
) -> None:
    with store.unit_of_work() as uow:
        uow.session.add(
            Stock(
                location_code=location,
                owner_id=OWNER,
                sku_id=sku_id,
                batch_no=batch_no,
                expiry_date=expiry,
                on_hand=on_hand,
            )
        )
        uow.commit()


def add_order(
    store: Store,
    order_no: str,
    items: list[tuple[str, int]],
    *,
    priority: int = 0,
    carrier: str = "SF",
    deadline: dt.datetime | None = None,
    expect: str = "ALLOCATED",
) -> str:
    """An OMS outbound command received and allocated by the real service."""
    command = OutboundCommand(
        command_id=f"CMD-{order_no}",
        order_no=order_no,
        warehouse_id="WH1",
        owner_id=OWNER,
        consignee="Test Person",
        phone="13800000000",
        province="Zhejiang",
        city="Hangzhou",
        address="1 Test Road",
        carrier_code=carrier,
        priority=priority,
        deadline=deadline,
        items=[
            OutboundItem(sku_id=sku_id, sku_name=SKU_NAMES[sku_id], quantity=quantity)
            for sku_id, quantity in items
        ],
    )
    with store.unit_of_work() as uow:
        order = receive_outbound_command(uow, command, "OMS")
        status = order.status
        uow.commit()
    assert status == expect, status
    return order_no


def outbox_types(store: Store, order_no: str | None = None) -> list[str]:
    with store.read_session() as session:
        query = select(OutboxEvent).order_by(OutboxEvent.station_seq)
        if order_no is not None:
            query = query.where(OutboxEvent.order_no == order_no)
        return [event.event_type for event in session.scalars(query)]


def add_inbound(
    store: Store,
    inbound_no: str,
    lines: list[tuple[str, int]],
    *,
    is_return: bool = False,
    related_order_no: str | None = None,
) -> str:
    """An OMS inbound order arriving through the feed, applied by the real feed service."""
    document = InboundOrder(
        inbound_no=inbound_no,
        warehouse_id="WH1",
        owner_id=OWNER,
        inbound_type=InboundType.RETURN if is_return else InboundType.PURCHASE,
        related_order_no=related_order_no,
        lines=[InboundLine(sku_id=sku_id, expected_qty=qty) for sku_id, qty in lines],
    )
    entry = FeedEntry(
        seq=1,
        created_at=dt.datetime.now(dt.UTC),
        body=InboundOrderCreated(inbound=document),
    )
    with store.unit_of_work() as uow:
        apply_feed_entry(uow, entry, "STATION-T")
        uow.commit()
    return inbound_no
