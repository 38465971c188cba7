"""A station's day played through the real floor services, for the audit and stock queries."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.feed.apply import apply_feed_entry
from app.services.adjusting import adjust_stock, mark_damaged
from app.services.counting import CountedItem, start_cycle_count, submit_count
from app.services.freezing import freeze_stock
from app.services.moving import move_stock, putaway
from app.services.packing import pack_order
from app.services.receiving import ReceiptLine, receive_inbound
from local_db.models import PutawayTask
from local_db.store import Store
from oms_contract.sync_api import FeedEntry, InboundOrderCreated
from tests.store.support import (
    BINS,
    DOCK,
    GTIN,
    OWNER,
    PICKER,
    SUPERVISOR,
    allocated,
    inbound,
    order,
    pick_all,
    run,
)

COUNTER = "P2"
"""The badge of the counter: a second operator, so the operator filter has a choice."""
ORDER_NO = "SO-AUDIT-1"
BATCH = "B2026-07"
EXPIRY = dt.date(2030, 1, 31)
SERIALS = ("SN-0001", "SN-0002")
HELD_ORDER_NO = "SO-AUDIT-2"
"""Allocated, not picked: its units stay locked."""


def play_day(store: Store) -> None:
    """Receive tea and milk (batch), put away, move, allocate + pick + pack an order, count a
    bin with a difference, freeze, mark damaged and write off: every kind of stock change."""
    document = inbound("IN-AUDIT-1", [("SKU-A", 20), ("SKU-B", 6), ("SKU-S", 2)])
    now = dt.datetime.now(dt.UTC)
    entry = FeedEntry(seq=1, created_at=now, body=InboundOrderCreated(inbound=document))
    run(store, lambda uow: apply_feed_entry(uow, entry, "ST-1"))
    run(
        store,
        lambda uow: receive_inbound(
            uow,
            "IN-AUDIT-1",
            [
                ReceiptLine(1, 20),
                ReceiptLine(2, 6, batch_no=BATCH, expiry_date=EXPIRY),
                ReceiptLine(3, 2, serials=SERIALS),
            ],
            location_code=DOCK,
            operator=PICKER,
        ),
    )
    with store.read_session() as session:
        tasks = list(session.scalars(select(PutawayTask).order_by(PutawayTask.id)))
    for task, to in zip(tasks, (BINS[0], BINS[1], BINS[2]), strict=True):
        run(store, lambda uow, task=task, to=to: putaway(uow, task.id, to, PICKER))
    run(
        store,
        lambda uow: move_stock(
            uow,
            from_location=BINS[0],
            to_location=BINS[2],
            owner_id=OWNER,
            sku_id="SKU-A",
            quantity=5,
            operator=PICKER,
        ),
    )
    allocated(store, ORDER_NO, [("SKU-A", 3)])
    pick_all(store, ORDER_NO)
    run(store, lambda uow: pack_order(uow, ORDER_NO, [GTIN["SKU-A"]] * 3, PICKER))
    count = run(store, lambda uow: start_cycle_count(uow, BINS[2], COUNTER))
    run(
        store,
        lambda uow: submit_count(
            uow,
            count.count_no,
            [CountedItem(OWNER, "SKU-A", 4), CountedItem(OWNER, "SKU-S", 2)],
            operator=COUNTER,
        ),
    )
    run(
        store,
        lambda uow: freeze_stock(
            uow,
            location_code=BINS[1],
            owner_id=OWNER,
            sku_id="SKU-B",
            quantity=2,
            operator=SUPERVISOR,
            batch_no=BATCH,
            reason="QC hold",
        ),
    )
    run(
        store,
        lambda uow: mark_damaged(
            uow,
            location_code=BINS[0],
            owner_id=OWNER,
            sku_id="SKU-A",
            quantity=1,
            operator=PICKER,
        ),
    )
    run(
        store,
        lambda uow: adjust_stock(
            uow,
            location_code=BINS[0],
            owner_id=OWNER,
            sku_id="SKU-A",
            quantity=-1,
            reason_code="LOST",
            operator=PICKER,
        ),
    )
    allocated(store, HELD_ORDER_NO, [("SKU-A", 2)])
    assert order(store, ORDER_NO).status == "PACKED"
