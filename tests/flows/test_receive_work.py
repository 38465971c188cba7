"""Receiving as it happens on a dock: deliveries in parts, batch and expiry asked for,
over-receipts approved by a supervisor, scans kept across a restart, guidance on what is due
and where to put goods (#17.8b, #17.6, #17.13)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from app.feed.apply import apply_feed_entry
from app.flows.receive_flow import ReceiveFlow
from app.flows.registry import default_flows
from app.flows.session import StationSession
from app.flows.view import Feedback, FlowView, Mode, Prompt, PromptKey
from app.scanning.commands import Command
from local_db.models import InboundLine, InboundOrder, OutboxEvent, Stock
from local_db.store import Store
from oms_contract.documents import InboundLine as InboundDocLine
from oms_contract.documents import InboundOrder as InboundDoc
from oms_contract.pins import hash_pin
from oms_contract.sync_api import FeedEntry, InboundOrderCreated
from tests.flows.receiving import receiver, scan, view_of
from tests.flows.seed import (
    OWNER,
    PICKER_BADGE,
    SUPERVISOR_BADGE,
    SUPERVISOR_PIN,
    add_inbound,
    add_stock,
    seed_master_data,
)
from tests.store.support import db_state

GS = "\x1d"
TEA = "4006381333931"
MILK = "04012345678901"
TODAY = dt.date.today()


def typed(flow: ReceiveFlow, text: str) -> FlowView:
    return view_of(flow.on_number(text))


def receipts(store: Store) -> list[dict[str, object]]:
    with store.read_session() as session:
        rows = session.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.event_type == "inbound_received")
            .order_by(OutboxEvent.station_seq)
        )
        return [json.loads(row.payload_json) for row in rows]


def inbound_status(store: Store, inbound_no: str) -> tuple[str, list[int]]:
    with store.read_session() as session:
        order = session.scalars(
            select(InboundOrder).where(InboundOrder.inbound_no == inbound_no)
        ).one()
        return order.status, [line.received_qty for line in order.lines]


def put_all_away(flow: ReceiveFlow, bin_code: str = "B-02-01-01") -> FlowView:
    view = flow.view()
    while view.prompt.key in (PromptKey.SCAN_PUTAWAY_BIN, PromptKey.SCAN_PUTAWAY_SUGGESTED):
        view = scan(flow, bin_code)
        assert view.feedback is Feedback.GOOD, view.message
    return view


def test_a_delivery_in_two_parts_keeps_the_inbound_open_until_the_rest_arrives(
    store: Store,
) -> None:
    add_inbound(store, "PO-P", [("SKU-TEA", 200)])
    flow = receiver(store, "PO-P")
    scan(flow, TEA)
    typed(flow, "120")
    view = scan(flow, Command.CONFIRM.value)
    assert view.message is not None and view.message.code == "partial_receipt_booked", view
    assert view.message.args == {"inbound": "PO-P", "received": "120", "expected": "200"}
    assert inbound_status(store, "PO-P") == ("open", [120])
    view = put_all_away(flow)
    assert view.message is not None and view.message.code == "all_put_away_still_open"
    assert view.prompt.key is PromptKey.SCAN_RECEIVE_ITEM
    # The second sitting, later, on a fresh screen: the order is still there to receive.
    flow = receiver(store, "PO-P")
    assert dict(flow.view().details)["SKU-TEA"] == "120/200"
    scan(flow, TEA)
    typed(flow, "80")
    view = scan(flow, Command.CONFIRM.value)
    assert view.message is not None and view.message.code == "receipt_booked"
    assert inbound_status(store, "PO-P") == ("received", [200])
    first, second = receipts(store)
    assert (first["closes_inbound"], first["lines"][0]["received_qty"]) == (False, 120)  # type: ignore[index]
    assert (second["closes_inbound"], second["lines"][0]["received_qty"]) == (True, 80)  # type: ignore[index]


def test_short_closes_the_inbound_with_what_came(store: Store) -> None:
    add_inbound(store, "PO-S", [("SKU-TEA", 10)])
    flow = receiver(store, "PO-S")
    scan(flow, TEA)
    typed(flow, "6")
    scan(flow, Command.CONFIRM.value)
    put_all_away(flow)
    view = scan(flow, Command.CONFIRM.value)  # nothing new: refused, says how to close
    assert view.feedback is Feedback.BAD
    assert view.message is not None and view.message.code == "nothing_new_to_book"
    view = scan(flow, Command.SHORT.value)
    assert view.message is not None and view.message.code == "inbound_closed_short"
    assert inbound_status(store, "PO-S") == ("received", [6])
    closing = receipts(store)[-1]
    assert closing["closes_inbound"] is True
    assert [line["received_qty"] for line in closing["lines"]] == [0]  # type: ignore[union-attr]


@pytest.fixture
def store_with_supervisor(tmp_path: object) -> Store:
    from pathlib import Path

    from local_db.store import open_store

    assert isinstance(tmp_path, Path)
    opened = open_store(tmp_path / "supervised.sqlite3")
    seed_master_data(opened, hash_pin(SUPERVISOR_PIN, iterations=1000))
    return opened


def test_over_receipt_beyond_the_tolerance_needs_a_supervisor(store_with_supervisor: Store) -> None:
    store = store_with_supervisor
    add_inbound(store, "PO-O", [("SKU-TEA", 10)])
    flow = receiver(store, "PO-O", tolerance=10)
    scan(flow, TEA)
    typed(flow, "11")  # within 10 %: would book; one more is not
    scan(flow, TEA)
    before = db_state(store)
    view = scan(flow, Command.CONFIRM.value)
    assert view.message is not None and view.message.code == "over_receipt_needs_supervisor"
    assert view.message.args["received"] == "12"
    assert view.prompt.key is PromptKey.SCAN_SUPERVISOR_BADGE
    assert db_state(store) == before  # nothing booked yet
    view = scan(flow, PICKER_BADGE)
    assert view.feedback is Feedback.BAD  # an operator cannot approve
    scan(flow, SUPERVISOR_BADGE)
    view = typed(flow, "0000")
    assert view.feedback is Feedback.BAD
    # Nothing booked; the wrong PIN is audited (it counts towards the badge's lock-out).
    after = db_state(store)
    assert [row[3] for row in after.pop("audit_log")[len(before["audit_log"]) :]] == [
        "supervisor_pin_wrong"
    ]
    assert after == {name: rows for name, rows in before.items() if name != "audit_log"}
    scan(flow, SUPERVISOR_BADGE)
    view = typed(flow, SUPERVISOR_PIN)
    assert view.feedback is Feedback.GOOD, view.message
    assert view.message is not None and view.message.code == "receipt_booked"
    assert inbound_status(store, "PO-O") == ("received", [12])


def test_over_receipt_cancelled_keeps_the_scans(store_with_supervisor: Store) -> None:
    store = store_with_supervisor
    add_inbound(store, "PO-C", [("SKU-TEA", 2)])
    flow = receiver(store, "PO-C")
    scan(flow, TEA)
    typed(flow, "3")
    scan(flow, Command.CONFIRM.value)
    view = scan(flow, Command.CANCEL.value)
    assert view.message is not None and view.message.code == "over_receipt_not_approved"
    scan(flow, Command.UNDO.value)
    scan(flow, TEA)
    typed(flow, "2")
    view = scan(flow, Command.CONFIRM.value)
    assert view.message is not None and view.message.code == "receipt_booked"


def _announce_milk(store: Store, inbound_no: str, qty: int) -> None:
    """Announced with the batch the supplier planned; the truck may bring another."""
    document = InboundDoc(
        inbound_no=inbound_no,
        warehouse_id="WH1",
        owner_id=OWNER,
        lines=[
            InboundDocLine(
                sku_id="SKU-MILK",
                expected_qty=qty,
                batch_no="PLANNED-1",
                expiry_date=TODAY + dt.timedelta(days=400),
            )
        ],
    )
    entry = FeedEntry(
        seq=1, created_at=dt.datetime.now(dt.UTC), body=InboundOrderCreated(inbound=document)
    )
    with store.unit_of_work() as uow:
        apply_feed_entry(uow, entry, "STATION-T")
        uow.commit()


def milk_stock(store: Store) -> dict[tuple[str | None, dt.date | None], int]:
    with store.read_session() as session:
        rows = session.scalars(select(Stock).where(Stock.sku_id == "SKU-MILK", Stock.on_hand > 0))
        return {(row.batch_no, row.expiry_date): row.on_hand for row in rows}


def test_batch_and_expiry_are_asked_for_and_what_arrived_is_booked(store: Store) -> None:
    _announce_milk(store, "PO-M", 5)
    flow = receiver(store, "PO-M")
    view = scan(flow, MILK)
    assert view.prompt.key is PromptKey.SCAN_RECEIVED_BATCH
    assert view.wants_text
    view = typed(flow, "LOT 7")  # a space: not a batch number
    assert view.feedback is Feedback.BAD and view.message is not None
    assert view.message.code == "bad_batch"
    view = typed(flow, "L-77")
    assert view.prompt.key is PromptKey.TYPE_EXPIRY
    view = typed(flow, "2099-02-30")
    assert view.message is not None and view.message.code == "bad_expiry"
    next_year = TODAY.replace(year=TODAY.year + 1, day=1)
    view = typed(flow, next_year.strftime("%y%m%d"))  # the label's YYMMDD
    assert view.feedback is Feedback.GOOD and view.prompt.key is PromptKey.SCAN_RECEIVE_ITEM
    assert ("batch", "L-77") in view.details
    scan(flow, MILK)  # the same label again: no question
    typed(flow, "2")
    # A GS1 label of another batch fills both in one scan.
    later = TODAY.replace(year=TODAY.year + 2, day=1)
    view = scan(flow, f"]C10104012345678901{GS}17{later:%y%m%d}10L-88")
    assert view.feedback is Feedback.GOOD, view.message
    typed(flow, "2")
    view = scan(flow, Command.CONFIRM.value)
    assert view.message is not None and view.message.code == "receipt_booked", view.message
    assert milk_stock(store) == {("L-77", next_year): 3, ("L-88", later): 2}
    (event,) = receipts(store)
    assert sorted(
        (line["batch_no"], line["expiry_date"], line["received_qty"])  # type: ignore[index]
        for line in event["lines"]  # type: ignore[union-attr]
    ) == [("L-77", next_year.isoformat(), 3), ("L-88", later.isoformat(), 2)]
    assert "PLANNED-1" not in json.dumps(event)


def test_a_past_expiry_is_refused_and_changes_nothing(store: Store) -> None:
    _announce_milk(store, "PO-X", 5)
    flow = receiver(store, "PO-X")
    before = db_state(store)
    view = scan(flow, f"]C10104012345678901{GS}17200131{GS}10OLD")
    assert view.feedback is Feedback.BAD
    assert view.message is not None and view.message.code == "expired_on_receipt"
    assert view.message.args == {"sku": "SKU-MILK", "expiry": "2020-01-31"}
    assert view.prompt.key is PromptKey.SCAN_RECEIVE_ITEM
    assert db_state(store) == before
    scan(flow, MILK)
    typed(flow, "B1")
    yesterday = TODAY - dt.timedelta(days=1)
    view = typed(flow, yesterday.isoformat())
    assert view.message is not None and view.message.code == "expired_on_receipt"
    assert db_state(store) == before


def test_scans_are_in_the_store_and_a_log_in_resumes_them(store: Store) -> None:
    add_inbound(store, "PO-R", [("SKU-TEA", 200)])
    flow = receiver(store, "PO-R")
    for _ in range(7):
        scan(flow, TEA)
    typed(flow, "5")  # the last scan was a carton of 5
    del flow  # the station dies: nothing of the flow survives but the store
    session = StationSession(store, "WH1", default_flows())
    view = session.handle_scan(PICKER_BADGE).flow
    assert view.mode is Mode.RECEIVE
    assert view.order_no == "PO-R"
    assert dict(view.details)["SKU-TEA"] == "11/200"
    assert view.message is not None and view.message.code == "work_resumed"
    session.handle_scan(Command.UNDO.value)
    view = session.handle_scan(Command.CONFIRM.value).flow
    assert view.message is not None and view.message.code == "partial_receipt_booked"
    assert inbound_status(store, "PO-R") == ("open", [6])
    # Booked: nothing left to resume; the next log-in opens the task list.
    session.logout()
    assert session.handle_scan(PICKER_BADGE).flow.mode is Mode.TASKS


def test_the_receive_screen_lists_what_is_due(store: Store) -> None:
    add_inbound(store, "PO-D1", [("SKU-TEA", 3), ("SKU-MILK", 4)])
    add_inbound(store, "RT-D2", [("SKU-TEA", 1)], is_return=True)
    view = receiver(store).view()
    assert view.prompt.key is PromptKey.SCAN_INBOUND
    due = {row.inbound_no: row for row in view.due_inbounds}
    assert set(due) == {"PO-D1", "RT-D2"}
    assert (due["PO-D1"].expected_units, due["PO-D1"].received_units) == (7, 0)
    assert due["RT-D2"].inbound_type == "RETURN"
    flow = receiver(store, "RT-D2")
    scan(flow, TEA)
    scan(flow, Command.QC_PASS.value)
    scan(flow, Command.CONFIRM.value)
    assert {row.inbound_no for row in receiver(store).view().due_inbounds} == {"PO-D1"}


def test_putaway_suggests_the_skus_bin_then_an_empty_one(store: Store) -> None:
    add_stock(store, "B-02-01-01", "SKU-TEA", 4)
    add_stock(store, "A-01-01-01", "SKU-PHONE", 1)
    add_inbound(store, "PO-G", [("SKU-TEA", 2), ("SKU-MILK", 1)])
    flow = receiver(store, "PO-G")
    scan(flow, TEA)
    typed(flow, "2")
    scan(flow, f"]C10104012345678901{GS}17{TODAY.year % 100 + 1:02d}1231{GS}10L1")
    view = scan(flow, Command.CONFIRM.value)
    assert view.prompt == Prompt(PromptKey.SCAN_PUTAWAY_SUGGESTED, {"bin": "B-02-01-01"})
    scan(flow, "B-02-01-01")
    # Milk is nowhere yet: the first empty storage bin (A-01-01-01 holds a phone).
    assert flow.view().prompt == Prompt(PromptKey.SCAN_PUTAWAY_SUGGESTED, {"bin": "A-01-02-03"})


def test_inbound_line_keeps_the_received_batch(store: Store) -> None:
    _announce_milk(store, "PO-L", 1)
    flow = receiver(store, "PO-L")
    scan(flow, f"]C10104012345678901{GS}17{TODAY.year % 100 + 1:02d}0630{GS}10REAL")
    scan(flow, Command.CONFIRM.value)
    with store.read_session() as session:
        line = session.scalars(select(InboundLine)).one()
        assert (line.expected_batch_no, line.batch_no) == ("PLANNED-1", "REAL")


def test_a_damaged_kept_scan_is_skipped_not_guessed(store: Store) -> None:
    """Distrust the disk: a kept scan this version cannot read, or for a line the inbound
    order does not have, is left out; the others still count."""
    from sqlalchemy import text

    add_inbound(store, "PO-Z", [("SKU-TEA", 10)])
    flow = receiver(store, "PO-Z")
    scan(flow, TEA)
    with store.unit_of_work() as uow:
        for payload in ("not json", '{"line": 9, "qty": 4}', '{"line": 1, "qty": "many"}'):
            uow.session.execute(
                text(
                    "INSERT INTO work_in_progress_scan (work_kind, work_key, operator, "
                    "payload_json, scanned_at) VALUES ('receive', 'PO-Z', 'X', :p, "
                    "'2026-12-04 10:00:00.000000')"
                ),
                {"p": payload},
            )
        uow.commit()
    view = receiver(store, "PO-Z").view()
    assert dict(view.details)["SKU-TEA"] == "1/10"
