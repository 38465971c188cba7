"""CMD:EXCEPTION on the pick and pack screens, then the reason's number (#12.5), against the
real services and a real store; the store and the outbox are checked after.

Seed 000 §5.1: 地址异常 | 地址无法配送 | 人工处理 — the order stops for manual handling; §4.3
异常回传: the EXCEPTION status callback carries the error code and message."""

from __future__ import annotations

import json

from sqlalchemy import select

from app.flows.pack_flow import PackFlow
from app.flows.pick_flow import PickFlow
from app.flows.view import Feedback, FlowView, PromptKey
from app.scanning.commands import Command
from app.scanning.gs1 import parse_scan
from local_db.models import ExceptionRecord, OutboundOrder, OutboxEvent
from local_db.store import Store
from tests.flows.picking_helpers import pick_everything, picker_context
from tests.flows.seed import PICKER_BADGE, add_order, add_stock

TEA = "4006381333931"


def view_of(result: object) -> FlowView:
    assert isinstance(result, FlowView), result
    return result


def _status_events(store: Store, order_no: str) -> list[dict[str, object]]:
    with store.read_session() as session:
        rows = session.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.event_type == "outbound_status")
            .order_by(OutboxEvent.station_seq)
        )
        payloads = [json.loads(row.payload_json) for row in rows]
    return [p for p in payloads if p["order_no"] == order_no]


def _order(store: Store, order_no: str) -> OutboundOrder:
    with store.read_session() as session:
        return session.scalars(
            select(OutboundOrder).where(OutboundOrder.order_no == order_no)
        ).one()


def _records(store: Store) -> list[ExceptionRecord]:
    with store.read_session() as session:
        return list(session.scalars(select(ExceptionRecord)))


def test_a_picker_stops_an_order_for_an_address_problem(store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    order_no = add_order(store, "SO-1", [("SKU-TEA", 3)])
    flow = PickFlow(picker_context(store), order_no)
    view_of(flow.on_scan(parse_scan("A-01-02-03")))
    view_of(flow.on_scan(parse_scan(TEA)))  # one unit picked: PICKING

    view = view_of(flow.on_command(Command.EXCEPTION))
    assert view.prompt.key is PromptKey.TYPE_EXCEPTION_REASON and view.wants_number
    assert ("1", "ADDRESS_PROBLEM") in view.details and ("4", "OTHER") in view.details
    # A scan or a number that names no reason changes nothing and keeps asking.
    assert view_of(flow.on_scan(parse_scan(TEA))).message.code == "type_number_now"  # type: ignore[union-attr]
    refused = view_of(flow.on_number("7"))
    assert refused.feedback is Feedback.BAD
    assert refused.message is not None and refused.message.code == "bad_exception_reason"
    assert refused.message.args == {"text": "7", "max": "4"}
    assert _records(store) == [] and _order(store, order_no).hold_reason is None

    view = view_of(flow.on_number("1"))
    assert view.feedback is Feedback.GOOD
    assert view.message is not None and view.message.code == "order_exception_raised"
    assert view.message.args["reason"] == "ADDRESS_PROBLEM"
    (record,) = _records(store)
    assert (record.exception_type, record.order_no, record.status) == (
        "ORDER_EXCEPTION_RAISED",
        order_no,
        "open",
    )
    assert json.loads(record.detail_args_json)["by"] == PICKER_BADGE
    assert _order(store, order_no).hold_reason == "ORDER_EXCEPTION"
    told = _status_events(store, order_no)[-1]
    assert (told["status"], told["error_code"]) == ("EXCEPTION", "ADDRESS_PROBLEM")
    assert record.outbox_event_id is not None

    # The order is held now: the picker's next scan is refused, nothing more is booked.
    view = view_of(flow.on_scan(parse_scan("A-01-02-03")))
    assert view.feedback is Feedback.BAD
    assert view.message is not None and view.message.code == "ORDER_ON_HOLD"
    assert len(_status_events(store, order_no)) == 2  # PICKING, EXCEPTION


def test_cancel_leaves_the_reason_step_without_raising(store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    order_no = add_order(store, "SO-1", [("SKU-TEA", 3)])
    flow = PickFlow(picker_context(store), order_no)
    view_of(flow.on_command(Command.EXCEPTION))
    view = view_of(flow.on_command(Command.CANCEL))
    assert view.prompt.key is PromptKey.SCAN_BIN
    assert _records(store) == [] and _status_events(store, order_no) == []


def test_a_packer_stops_a_picked_order_for_damaged_goods(store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    order_no = add_order(store, "SO-PK", [("SKU-TEA", 2)])
    pick_everything(store, order_no, {"SKU-TEA": TEA})
    flow = PackFlow(picker_context(store))
    assert view_of(flow.on_command(Command.EXCEPTION)).feedback is Feedback.BAD  # no order yet
    view_of(flow.on_scan(parse_scan(order_no)))
    view_of(flow.on_scan(parse_scan(TEA)))

    view = view_of(flow.on_command(Command.EXCEPTION))
    assert view.prompt.key is PromptKey.TYPE_EXCEPTION_REASON
    view = view_of(flow.on_number("2"))
    assert view.feedback is Feedback.GOOD
    assert view.message is not None and view.message.args["reason"] == "GOODS_DAMAGED"
    assert view.notice is not None and view.notice.code == "ORDER_ON_HOLD"
    # The last unit is refused: the order is held, the pack is not booked.
    view = view_of(flow.on_scan(parse_scan(TEA)))
    assert view.feedback is Feedback.BAD
    assert _order(store, order_no).status == "PICKED"
    told = _status_events(store, order_no)[-1]
    assert (told["status"], told["error_code"]) == ("EXCEPTION", "GOODS_DAMAGED")
    # A second exception on the same order is refused by the service, and nothing changes.
    view_of(flow.on_command(Command.EXCEPTION))
    view = view_of(flow.on_number("3"))
    assert view.message is not None and view.message.reason == "order_exception_already_open"
    assert len(_records(store)) == 1
