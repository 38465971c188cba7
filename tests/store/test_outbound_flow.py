"""The outbound happy path: command → allocate → pick → pack → ship, with its events."""

from __future__ import annotations

import json
from decimal import Decimal

from sqlalchemy import select

from app.services.allocation import receive_outbound_command
from app.services.packing import pack_order
from app.services.picking import confirm_pick
from app.services.shipping import ship_order
from local_db.models import AuditLog, OutboxEvent, Shipment
from local_db.store import Store
from tests.store.support import (
    BINS,
    GTIN,
    PICKER,
    add_stock,
    check_invariants,
    command,
    stock_rows,
)
from tests.support.picks import open_pick_tasks


def _events(store: Store) -> list[OutboxEvent]:
    with store.read_session() as session:
        return list(session.scalars(select(OutboxEvent).order_by(OutboxEvent.station_seq)))


def test_order_from_command_to_shipment(store: Store) -> None:
    add_stock(store, BINS[1], "SKU-A", 5)
    add_stock(store, BINS[0], "SKU-A", 2)
    with store.unit_of_work() as uow:
        order = receive_outbound_command(uow, command("SO-1", [("SKU-A", 4)]), PICKER)
        uow.commit()
    assert order.status == "ALLOCATED"
    check_invariants(store)
    with store.unit_of_work() as uow:
        tasks = open_pick_tasks(uow, "SO-1")
        # Walk order: the bin with the lower pick sequence first.
        assert [(t.location_code, t.quantity) for t in tasks] == [(BINS[0], 2), (BINS[1], 2)]
        for task in tasks:
            confirm_pick(
                uow,
                task.id,
                location_code=task.location_code,
                barcode=GTIN["SKU-A"],
                quantity=task.quantity,
                operator=PICKER,
            )
        uow.commit()
    check_invariants(store)
    with store.unit_of_work() as uow:
        pack_order(uow, "SO-1", [GTIN["SKU-A"]] * 4, PICKER)
        ship_order(
            uow,
            "SO-1",
            tracking_no="SF123",
            carrier_code="SF",
            package_count=1,
            weight_kg=Decimal("1.250"),
            operator=PICKER,
        )
        uow.commit()
    check_invariants(store)
    assert sum(r.on_hand for r in stock_rows(store, "SKU-A")) == 3
    kinds = [(e.event_type, json.loads(e.payload_json).get("status")) for e in _events(store)]
    assert kinds == [
        ("outbound_received", None),
        ("stock_changed", None),
        ("outbound_status", "PICKING"),
        ("picked_lines", None),
        ("picked_lines", None),
        ("outbound_status", "PICKED"),
        ("outbound_status", "PACKED"),
        ("outbound_status", "SHIPPED"),
    ]
    assert [e.station_seq for e in _events(store)] == list(range(1, 9))
    with store.read_session() as session:
        shipment = session.scalars(select(Shipment)).one()
        assert shipment.weight_grams == 1250
        assert session.scalars(select(AuditLog)).all()
