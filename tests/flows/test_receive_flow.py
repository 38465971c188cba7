"""Receiving by scans (GS1 labels, typed quantities, QC for returns) and putaway."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from app.flows.base import SwitchMode
from app.flows.view import Feedback, Mode, Prompt, PromptKey
from app.scanning.commands import Command
from app.services.packing import pack_order
from app.services.shipping import ship_order
from local_db.models import InboundLine, Stock
from local_db.store import Store
from tests.flows.picking_helpers import pick_everything
from tests.flows.receiving import receiver, scan, view_of
from tests.flows.seed import SUPERVISOR_BADGE, add_inbound, add_order, add_stock, outbox_types

GS = "\x1d"


def stock(store: Store) -> dict[tuple[str, str, str | None], tuple[int, int]]:
    with store.read_session() as session:
        return {
            (row.location_code, row.sku_id, row.batch_no): (row.on_hand, row.damaged)
            for row in session.query(Stock)
            if row.on_hand
        }


def test_receive_with_gs1_label_and_typed_carton_then_put_away(store: Store) -> None:
    add_inbound(store, "PO-1", [("SKU-TEA", 12), ("SKU-MILK", 2)])
    flow = receiver(store)
    assert scan(flow, "PO-404").feedback is Feedback.BAD
    view = scan(flow, "PO-1")
    assert view.prompt.key is PromptKey.SCAN_RECEIVE_ITEM
    assert scan(flow, "96385074").message is not None  # the phone is not on this delivery
    scan(flow, "4006381333931")
    view = view_of(flow.on_number("12"))
    assert (view.quantity_done, view.quantity_total) == (12, 12)
    view = scan(flow, f"]C10104012345678901{GS}10L5{GS}17301130")
    assert view.feedback is Feedback.GOOD, view.message
    view = scan(flow, "04012345678901")  # batch and expiry remembered for the line
    assert dict(view.details) == {
        "SKU-TEA": "12/12",
        "SKU-MILK": "2/2",
        "batch": "L5",
        "expiry": "2030-11-30",
    }
    view = scan(flow, Command.CONFIRM.value)
    assert view.message is not None and view.message.code == "receipt_booked"
    # No SKU in storage yet: the first empty storage bin in walking order is suggested.
    assert view.prompt == Prompt(PromptKey.SCAN_PUTAWAY_SUGGESTED, {"bin": "A-01-01-01"})
    assert view.location_code == "DOCK-1"
    assert stock(store)[("DOCK-1", "SKU-TEA", None)] == (12, 0)
    view = scan(flow, "A-01-02-03")
    assert view.feedback is Feedback.GOOD
    view = scan(flow, "A-01-01-01")
    assert view.message is not None and view.message.code == "all_put_away"
    assert stock(store) == {
        ("A-01-02-03", "SKU-TEA", None): (12, 0),
        ("A-01-01-01", "SKU-MILK", "L5"): (2, 0),
    }
    assert "inbound_received" in outbox_types(store)
    assert flow.on_command(Command.CONFIRM) == SwitchMode(Mode.TASKS)
    with store.read_session() as session:
        milk = session.query(InboundLine).filter_by(sku_id="SKU-MILK").one()
        assert milk.expiry_date == dt.date(2030, 11, 30)


def test_plain_scan_of_batch_item_asks_for_the_label(store: Store) -> None:
    add_inbound(store, "PO-2", [("SKU-MILK", 1)])
    flow = receiver(store, "PO-2")
    view = scan(flow, "04012345678901")
    assert view.prompt.key is PromptKey.SCAN_RECEIVED_BATCH
    view = scan(flow, f"]C110L8{GS}17301231")
    assert view.feedback is Feedback.GOOD, view.message
    assert view.prompt.key is PromptKey.SCAN_RECEIVE_ITEM


def test_batch_step_refuses_badges_bins_orders_and_commands(store: Store) -> None:
    add_inbound(store, "PO-2", [("SKU-MILK", 1)])
    flow = receiver(store, "PO-2")
    assert scan(flow, "04012345678901").prompt.key is PromptKey.SCAN_RECEIVED_BATCH
    slips = {
        SUPERVISOR_BADGE: "batch_is_badge",
        "A-01-01-01": "batch_is_bin",
        "PO-2": "batch_is_order",
        Command.SKIP.value: "command_not_here",  # commands are answered as commands
    }
    for code, refusal in slips.items():
        view = scan(flow, code)
        assert view.feedback is Feedback.BAD, code
        assert view.message is not None and view.message.code == refusal, code
        assert view.prompt.key is PromptKey.SCAN_RECEIVED_BATCH  # still waiting for the batch
        assert dict(view.details)["SKU-MILK"] == "0/1"  # nothing counted
    view = scan(flow, f"]C110L8{GS}17301231")
    assert view.feedback is Feedback.GOOD, view.message
    assert dict(view.details)["SKU-MILK"] == "1/1"


def test_return_asks_the_disposition_of_every_unit(store: Store) -> None:
    """Seed 002 §4.2 流程2 (WMS退货入库 → 质检商品): each returned unit gets QC's disposition,
    typed as a number (1 restock, 2 damaged, 3 quarantine; QC FAIL stands for 2), before the
    next scan; a typed count makes the last unit's disposition hold for that many; the units
    land in their buckets and no more come back than the return announces."""
    add_inbound(store, "RT-1", [("SKU-TEA", 5)], is_return=True)
    flow = receiver(store, "RT-1")
    view = scan(flow, "4006381333931")
    assert view.prompt.key is PromptKey.SCAN_QC and view.wants_number
    assert scan(flow, "4006381333931").feedback is Feedback.BAD  # QC first
    bad = view_of(flow.on_number("4"))
    assert bad.message is not None and bad.message.code == "bad_disposition"
    scan(flow, Command.QC_FAIL.value)  # damaged
    scan(flow, "4006381333931")
    assert view_of(flow.on_number("1")).feedback is Feedback.GOOD  # restocked
    assert view_of(flow.on_number("2")).feedback is Feedback.GOOD  # that scan: 2 restocked
    scan(flow, "4006381333931")
    view = view_of(flow.on_number("3"))  # quarantine
    assert dict(view.details)["SKU-TEA"] == "4/5"
    scan(flow, "4006381333931")
    flow.on_number("1")
    refused = scan(flow, "4006381333931")  # a sixth unit: the return announced five
    assert refused.feedback is Feedback.BAD
    assert refused.message is not None and refused.message.code == "RETURN_OVER_SHIPPED"
    scan(flow, Command.CONFIRM.value)
    with store.read_session() as session:
        (row,) = [r for r in session.query(Stock) if r.location_code == "DOCK-1"]
        assert (row.on_hand, row.damaged, row.frozen) == (5, 1, 1)
    scan(flow, "B-02-01-01")  # the damaged unit first: it stays damaged
    assert stock(store)[("B-02-01-01", "SKU-TEA", None)] == (1, 1)


def test_a_return_of_an_order_shipped_here_may_bring_back_what_shipped(store: Store) -> None:
    """Seed 002 §4.2 流程2: this station shipped 3 teas, the return announces 2 — all 3 may
    come back without a supervisor (the limit is what shipped, not a tolerance), a fourth
    is refused at its scan."""
    add_stock(store, "A-01-02-03", "SKU-TEA", 5)
    add_order(store, "SO-RT", [("SKU-TEA", 3)])
    pick_everything(store, "SO-RT", {"SKU-TEA": "4006381333931"})
    with store.unit_of_work() as uow:
        pack_order(uow, "SO-RT", ["4006381333931"] * 3, "P-1")
        ship_order(
            uow,
            "SO-RT",
            tracking_no="SF123456789",
            carrier_code="SF",
            package_count=1,
            weight_kg=Decimal("1.000"),
            operator="P-1",
        )
        uow.commit()
    add_inbound(store, "RT-2", [("SKU-TEA", 2)], is_return=True, related_order_no="SO-RT")
    flow = receiver(store, "RT-2")
    for _ in range(3):
        scan(flow, "4006381333931")
        assert view_of(flow.on_number("1")).feedback is Feedback.GOOD
    refused = scan(flow, "4006381333931")
    assert refused.message is not None and refused.message.code == "RETURN_OVER_SHIPPED"
    assert refused.message.args["most"] == "3"
    view = scan(flow, Command.CONFIRM.value)
    assert view.prompt.key is not PromptKey.SCAN_SUPERVISOR_BADGE
    assert stock(store)[("DOCK-1", "SKU-TEA", None)] == (3, 0)


def test_undo_takes_back_the_last_scan(store: Store) -> None:
    add_inbound(store, "PO-3", [("SKU-TEA", 5)])
    flow = receiver(store, "PO-3")
    scan(flow, "4006381333931")
    flow.on_number("4")
    view = scan(flow, Command.UNDO.value)
    assert dict(view.details) == {"SKU-TEA": "0/5"}
    assert scan(flow, Command.UNDO.value).feedback is Feedback.BAD
    view = scan(flow, Command.CONFIRM.value)
    assert view.feedback is Feedback.BAD  # nothing received: the service refuses
    assert stock(store) == {}
