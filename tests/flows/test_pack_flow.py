"""Packing and shipping by scans and typed numbers against the real services."""

from __future__ import annotations

from app.flows.base import SwitchMode
from app.flows.pack_flow import PackFlow
from app.flows.view import Feedback, FlowView, Mode, PromptKey
from app.scanning.commands import Command
from app.scanning.gs1 import parse_scan
from app.services.picking import short_pick
from app.supervision.exceptions import Reason, Resolution, decide_exception
from local_db.models import ExceptionRecord, OutboundOrder, PickTask, Shipment
from local_db.store import Store
from tests.flows.picking_helpers import pick_everything, picker_context
from tests.flows.seed import PICKER_BADGE, SUPERVISOR_BADGE, add_order, add_stock, outbox_types
from tests.store.support import db_state

CODES = {"SKU-TEA": "4006381333931", "SKU-PHONE": "96385074"}


def view_of(result: object) -> FlowView:
    assert isinstance(result, FlowView), result
    return result


def picked_order(store: Store) -> str:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    order_no = add_order(store, "SO-PK", [("SKU-TEA", 2)])
    pick_everything(store, order_no, CODES)
    return order_no


def test_pack_weigh_and_ship_with_scanned_tracking(store: Store) -> None:
    order_no = picked_order(store)
    flow = PackFlow(picker_context(store))
    assert flow.view().prompt.key is PromptKey.SCAN_PACK_ORDER
    view = view_of(flow.on_scan(parse_scan(order_no)))
    assert view.prompt.key is PromptKey.SCAN_PACK_UNITS
    assert (view.quantity_done, view.quantity_total) == (0, 2)
    view = view_of(flow.on_scan(parse_scan("96385074")))
    assert view.feedback is Feedback.BAD
    assert view.message is not None and view.message.code == "not_in_order"
    view_of(flow.on_scan(parse_scan("4006381333931")))
    view = view_of(flow.on_scan(parse_scan("04006381333931")))  # GTIN-14 spelling, same SKU
    assert view.prompt.key is PromptKey.TYPE_WEIGHT
    assert view.wants_number
    assert view_of(flow.on_number("abc")).feedback is Feedback.BAD
    view_of(flow.on_number("1,25"))
    assert view_of(flow.on_number("0")).feedback is Feedback.BAD
    view = view_of(flow.on_number("2"))
    assert view.prompt.key is PromptKey.SCAN_TRACKING
    view = view_of(flow.on_scan(parse_scan("SF1234567890")))
    assert view.feedback is Feedback.GOOD
    assert view.prompt.key is PromptKey.FLOW_DONE
    assert flow.on_command(Command.CONFIRM) == SwitchMode(Mode.TASKS)
    with store.read_session() as session:
        shipment = session.query(Shipment).one()
        assert (shipment.tracking_no, shipment.package_count, shipment.weight_grams) == (
            "SF1234567890",
            2,
            1250,
        )
        assert session.query(OutboundOrder).one().status == "SHIPPED"
    assert outbox_types(store, order_no)[-2:] == ["outbound_status", "outbound_status"]


def test_extra_unit_refused_and_undo(store: Store) -> None:
    order_no = picked_order(store)
    flow = PackFlow(picker_context(store), order_no)
    view_of(flow.on_scan(parse_scan("4006381333931")))
    view = view_of(flow.on_command(Command.UNDO))
    assert view.quantity_done == 0
    view_of(flow.on_scan(parse_scan("4006381333931")))
    view_of(flow.on_scan(parse_scan("4006381333931")))
    view = view_of(flow.on_command(Command.NEW_TRACKING))
    assert view.feedback is Feedback.BAD  # not at the tracking step yet


def test_generated_tracking_number(store: Store) -> None:
    order_no = picked_order(store)
    flow = PackFlow(picker_context(store), order_no)
    for _ in range(2):
        flow.on_scan(parse_scan("4006381333931"))
    flow.on_number("0.5")
    flow.on_number("1")
    view = view_of(flow.on_command(Command.NEW_TRACKING))
    assert view.prompt.key is PromptKey.FLOW_DONE
    with store.read_session() as session:
        shipment = session.query(Shipment).one()
        assert shipment.tracking_no.startswith("SF")
        assert shipment.weight_grams == 500
        assert shipment.carrier_code == "SF"


def test_order_not_picked_is_refused(store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    order_no = add_order(store, "SO-NP", [("SKU-TEA", 1)])
    flow = PackFlow(picker_context(store))
    view = view_of(flow.on_scan(parse_scan(order_no)))
    assert view.feedback is Feedback.BAD
    assert view.message is not None and view.message.code == "not_packable"
    assert view_of(flow.on_scan(parse_scan("NOPE"))).message is not None


def test_cancel_while_packing_guides_the_put_back(store: Store) -> None:
    from app.services.cancelling import cancel_outbound

    order_no = picked_order(store)
    flow = PackFlow(picker_context(store), order_no)
    view_of(flow.on_scan(parse_scan("4006381333931")))
    with store.unit_of_work() as uow:
        cancel_outbound(uow, order_no, "OMS")
        uow.commit()
    view = flow.refresh()
    assert view.notice is not None and view.notice.code == "order_cancelled_notice"
    assert view.prompt.key is PromptKey.PUT_BACK
    view = view_of(flow.on_scan(parse_scan("A-01-02-03")))
    assert view.feedback is Feedback.GOOD
    assert view.prompt.key is PromptKey.FLOW_DONE
    assert flow.on_command(Command.CONFIRM) == SwitchMode(Mode.TASKS)


def test_packed_but_not_shipped_order_goes_straight_to_weighing(store: Store) -> None:
    order_no = picked_order(store)
    first = PackFlow(picker_context(store), order_no)
    for _ in range(2):
        first.on_scan(parse_scan("4006381333931"))
    # The station restarts (or the packer leaves) before shipping.
    again = PackFlow(picker_context(store), order_no)
    view = again.view()
    assert view.prompt.key is PromptKey.TYPE_WEIGHT
    again.on_number("1")
    again.on_number("1")
    view = view_of(again.on_scan(parse_scan("YT0000001")))
    assert view.message is not None and view.message.code == "shipped"


def test_a_short_picked_order_is_refused_at_the_pack_bench_until_ship_partial(
    store: Store,
) -> None:
    """#13.1: SO-DEMO-0002's case: one unit not found, the rest picked. The pack bench
    names the open exception and sends the packer to a supervisor; a SHIP_PARTIAL decision
    lets the picked units go."""
    add_stock(store, "A-01-02-03", "SKU-TEA", 3)
    order_no = add_order(store, "SO-SHORT", [("SKU-TEA", 3)])
    with store.unit_of_work() as uow:
        task = uow.session.query(PickTask).one()
        short_pick(uow, task.id, quantity=1, reason="NOT_FOUND", operator=PICKER_BADGE)
        uow.commit()
    pick_everything(store, order_no, CODES)
    with store.read_session() as session:
        record = session.query(ExceptionRecord).one()
    before = db_state(store)
    flow = PackFlow(picker_context(store))
    view = view_of(flow.on_scan(parse_scan(order_no)))
    assert view.feedback is Feedback.BAD
    assert view.message is not None
    assert (view.message.code, view.message.reason) == (
        "NOT_ALLOWED",
        "open_exception_stops_packing",
    )
    assert view.message.args == {
        "order": order_no,
        "exception": str(record.id),
        "type": "SHORT_PICK",
    }
    assert view.prompt.key is PromptKey.SCAN_PACK_ORDER
    assert db_state(store) == before
    decide_exception(
        store,
        record.id,
        SUPERVISOR_BADGE,
        Resolution.SHIP_PARTIAL,
        reason=Reason.CUSTOMER_ACCEPTS_PARTIAL,
    )
    view = view_of(flow.on_scan(parse_scan(order_no)))
    assert view.prompt.key is PromptKey.SCAN_PACK_UNITS
    assert (view.quantity_done, view.quantity_total) == (0, 2)
