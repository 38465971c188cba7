"""A return received at the station (seed 002 §4.2 流程2: [WMS退货入库] → [质检商品] → [质检通过？]
→ [释放库存]): checked against the original order's shipped quantities, each unit booked by
its QC disposition (RESTOCK on hand and free, DAMAGED in the damaged bucket, QUARANTINE
frozen) and reported to the OMS with the dispositions, so both sides judge the returned goods
alike (seed 003: 退货入库时，如果WMS和OMS对商品可入库状态的判断标准不一致，可能导致库存差异).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from sqlalchemy import select

from app import errors
from app.feed.apply import apply_feed_entry
from app.services.moving import putaway
from app.services.packing import pack_order
from app.services.receiving import ReceiptLine, receive_inbound
from app.services.shipping import ship_order
from local_db.models import AuditLog, InboundOrder, PutawayTask
from local_db.store import Store, UnitOfWork
from oms_contract.documents import InboundOrder as InboundDocument
from oms_contract.events import ReturnDisposition
from oms_contract.sync_api import FeedEntry, InboundOrderCreated
from tests.store.support import (
    BINS,
    DOCK,
    GTIN,
    OWNER,
    PICKER,
    WAREHOUSE,
    add_stock,
    allocated,
    check_invariants,
    events,
    pick_all,
    refused,
    run,
    stock_rows,
)

OVER = errors.ReturnOverShipped
RESTOCK, DAMAGED, QUARANTINE = (
    ReturnDisposition.RESTOCK,
    ReturnDisposition.DAMAGED,
    ReturnDisposition.QUARANTINE,
)


def _ship(store: Store, order_no: str, quantity: int) -> None:
    add_stock(store, BINS[0], "SKU-A", quantity)
    allocated(store, order_no, [("SKU-A", quantity)])
    pick_all(store, order_no)

    def pack_and_ship(uow: UnitOfWork) -> None:
        pack_order(uow, order_no, [GTIN["SKU-A"]] * quantity, PICKER)
        ship_order(
            uow,
            order_no,
            tracking_no="SF100",
            carrier_code="SF",
            package_count=1,
            weight_kg=Decimal("1.000"),
            operator=PICKER,
        )

    run(store, pack_and_ship)


def _announce_return(store: Store, inbound_no: str, order_no: str, quantity: int) -> None:
    document = InboundDocument.model_validate(
        {
            "inbound_no": inbound_no,
            "warehouse_id": WAREHOUSE,
            "owner_id": OWNER,
            "inbound_type": "RETURN",
            "related_order_no": order_no,
            "lines": [{"sku_id": "SKU-A", "expected_qty": quantity}],
        }
    )
    entry = FeedEntry(
        seq=100, created_at=dt.datetime.now(dt.UTC), body=InboundOrderCreated(inbound=document)
    )
    run(store, lambda uow: apply_feed_entry(uow, entry, "ST-1"))


def _receive(inbound_no: str, *receipts: ReceiptLine, close: bool = True) -> object:
    return lambda uow: receive_inbound(
        uow,
        inbound_no,
        list(receipts),
        location_code=DOCK,
        operator=PICKER,
        close=close,
        over_receipt_tolerance_pct=10,
    )


def test_each_disposition_lands_in_its_bucket_and_reaches_the_oms(store: Store) -> None:
    """Three mugs came back: one restocked, one damaged, one in quarantine. All three are on
    hand at the dock; one is free, one damaged, one frozen; the putaway tasks carry the holds
    and the inbound_received event names each line's disposition with its movements."""
    _ship(store, "SO-R1", 3)
    _announce_return(store, "RT-R1", "SO-R1", 3)
    run(
        store,
        _receive(
            "RT-R1",
            ReceiptLine(1, 1, disposition=RESTOCK),
            ReceiptLine(1, 1, disposition=DAMAGED),
            ReceiptLine(1, 1, disposition=QUARANTINE),
        ),
    )
    check_invariants(store)
    (dock,) = [row for row in stock_rows(store, "SKU-A") if row.location_code == DOCK]
    assert (dock.on_hand, dock.damaged, dock.frozen, dock.locked) == (3, 1, 1, 0)
    with store.read_session() as session:
        returned = session.scalars(select(InboundOrder)).one()
        (line,) = returned.lines
        assert (line.received_qty, line.damaged_qty, line.quarantined_qty) == (3, 1, 1)
        tasks = list(session.scalars(select(PutawayTask).order_by(PutawayTask.id)))
    assert [(t.quantity, t.damaged, t.frozen) for t in tasks] == [
        (1, False, False),
        (1, True, False),
        (1, False, True),
    ]
    (event,) = events(store, "inbound_received")
    assert [(x["received_qty"], x["qc_result"], x["disposition"]) for x in event["lines"]] == [
        (1, "PASS", "RESTOCK"),
        (1, "FAIL", "DAMAGED"),
        (1, None, "QUARANTINE"),
    ]
    moved: dict[str, int] = {}
    for movement in event["movements"]:
        moved[movement["bucket"]] = moved.get(movement["bucket"], 0) + movement["delta"]
    assert moved == {"on_hand": 3, "damaged": 1, "frozen": 1}
    with store.read_session() as session:
        audit = session.scalars(select(AuditLog).where(AuditLog.action == "receive_inbound")).one()
    assert json.loads(audit.after_json or "{}")["dispositions"] == (
        "DAMAGED=1 QUARANTINE=1 RESTOCK=1"
    )
    receipt_report = [e for e in events(store, "stock_changed") if e["change_type"] == "RECEIPT"]
    assert [e["change_qty"] for e in receipt_report] == [1]  # only the restocked unit is free

    # The quarantined unit stays on hold in the bin it is put away to.
    run(store, lambda uow: putaway(uow, tasks[2].id, BINS[1], PICKER))
    (held,) = [row for row in stock_rows(store, "SKU-A") if row.location_code == BINS[1]]
    assert (held.on_hand, held.frozen) == (1, 1)
    check_invariants(store)


def test_a_return_holds_no_more_than_the_station_shipped(store: Store) -> None:
    """This station shipped 2: a return announcing 3 may bring back 2 at most, and a second
    return of the same order only what the first left."""
    _ship(store, "SO-R2", 2)
    _announce_return(store, "RT-R2", "SO-R2", 3)
    refused(
        store, _receive("RT-R2", ReceiptLine(1, 3, disposition=RESTOCK)), errors.ReturnOverShipped
    )
    refused(store, _receive("RT-R2", ReceiptLine(1, 1)), errors.QcResultRequired)
    run(store, _receive("RT-R2", ReceiptLine(1, 1, disposition=RESTOCK)))
    _announce_return(store, "RT-R3", "SO-R2", 2)
    refused(
        store, _receive("RT-R3", ReceiptLine(1, 2, disposition=DAMAGED)), errors.ReturnOverShipped
    )
    run(store, _receive("RT-R3", ReceiptLine(1, 1, disposition=DAMAGED)))


def test_a_return_shipped_elsewhere_is_held_to_its_announced_lines(store: Store) -> None:
    """An order this station never shipped: the return's own lines (checked by the OMS
    against the shipped order) are the limit, with no over-receipt tolerance."""
    _announce_return(store, "RT-R4", "SO-ELSEWHERE", 2)
    refused(
        store, _receive("RT-R4", ReceiptLine(1, 3, disposition=RESTOCK)), errors.ReturnOverShipped
    )
    run(store, _receive("RT-R4", ReceiptLine(1, 2, disposition=QUARANTINE)))
    (dock,) = stock_rows(store, "SKU-A")
    assert (dock.on_hand, dock.frozen) == (2, 2)
