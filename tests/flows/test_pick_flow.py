"""Picking by scans against the real picking services and a real store."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from app.flows.base import FlowContext, OperatorInfo, SwitchMode
from app.flows.pick_flow import PickFlow
from app.flows.view import Feedback, FlowView, Mode, PromptKey
from app.scanning.commands import Command
from app.scanning.gs1 import parse_scan
from app.services.cancelling import cancel_outbound
from local_db.models import ExceptionRecord, OutboundOrder, PickTask, Stock
from local_db.store import Store
from tests.flows.seed import PICKER_BADGE, add_order, add_stock, outbox_types

GS = "\x1d"


def context(store: Store) -> FlowContext:
    return FlowContext(store, OperatorInfo(PICKER_BADGE, "Li Wei", "operator"), "WH1")


def as_view(result: object) -> FlowView:
    assert isinstance(result, FlowView), result
    return result


def scan(flow: PickFlow, raw: str) -> FlowView:
    parsed = parse_scan(raw)
    if parsed.command is not None:
        return as_view(flow.on_command(parsed.command))
    return as_view(flow.on_scan(parsed))


@pytest.fixture
def tea_order(store: Store) -> str:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    return add_order(store, "SO-1", [("SKU-TEA", 3)])


def test_walk_bin_then_item_scans_book_units(store: Store, tea_order: str) -> None:
    flow = PickFlow(context(store), tea_order)
    view = flow.view()
    assert view.prompt.key is PromptKey.SCAN_BIN
    assert view.prompt.args == {"bin": "A-01-02-03"}
    assert (view.sku_id, view.sku_name, view.quantity_left) == ("SKU-TEA", "Green tea 250 g", 3)

    view = scan(flow, "A-01-02-03")
    assert view.feedback is Feedback.GOOD
    assert view.prompt.key is PromptKey.SCAN_ITEM

    view = scan(flow, "4006381333931")
    assert view.feedback is Feedback.GOOD
    assert view.quantity_left == 2
    view = as_view(flow.on_number("3"))  # that scan counts for three units
    assert view.feedback is Feedback.GOOD
    assert view.prompt.key is PromptKey.ORDER_DONE
    assert view.message is not None and view.message.code == "order_picked"
    assert outbox_types(store, tea_order) == [
        "outbound_received",
        "outbound_status",
        "picked_lines",
        "picked_lines",
        "outbound_status",
    ]
    with store.read_session() as session:
        row = session.query(Stock).one()
        assert (row.on_hand, row.locked) == (7, 0)


def test_wrong_bin_wrong_item_and_over_pick_are_refused_and_change_nothing(
    store: Store, tea_order: str
) -> None:
    flow = PickFlow(context(store), tea_order)
    view = scan(flow, "B-02-01-01")
    assert view.feedback is Feedback.BAD
    assert view.message is not None and view.message.code == "wrong_bin"
    assert view.prompt.key is PromptKey.SCAN_BIN
    scan(flow, "A-01-02-03")
    view = scan(flow, "96385074")  # the phone's EAN-8
    assert view.message is not None and view.message.code == "wrong_item"
    view = scan(flow, "0000000000000")
    assert view.feedback is Feedback.BAD
    scan(flow, "4006381333931")
    view = as_view(flow.on_number("9"))
    assert view.feedback is Feedback.BAD
    assert view.message is not None and view.message.code == "OVER_PICK"
    assert view.quantity_left == 2
    # One unit booked, the refusals added nothing.
    assert outbox_types(store, tea_order).count("picked_lines") == 1


def test_gs1_scan_fills_batch_in_one_scan(store: Store) -> None:
    add_stock(store, "A-01-01-01", "SKU-MILK", 5, batch_no="L7", expiry=dt.date(2030, 1, 31))
    order_no = add_order(store, "SO-M", [("SKU-MILK", 2)])
    flow = PickFlow(context(store), order_no)
    scan(flow, "A-01-01-01")
    view = scan(flow, f"]C10104012345678901{GS}10L7{GS}17300131")
    assert view.feedback is Feedback.GOOD, view.message
    assert view.quantity_left == 1
    # The batch is remembered for the task: a plain EAN scan is enough now.
    view = scan(flow, "04012345678901")
    assert view.prompt.key is PromptKey.ORDER_DONE


def test_plain_scan_of_batch_item_asks_for_the_batch(store: Store) -> None:
    add_stock(store, "A-01-01-01", "SKU-MILK", 5, batch_no="L7")
    order_no = add_order(store, "SO-M", [("SKU-MILK", 1)])
    flow = PickFlow(context(store), order_no)
    scan(flow, "A-01-01-01")
    view = scan(flow, "04012345678901")
    assert view.prompt.key is PromptKey.SCAN_BATCH
    view = scan(flow, "WRONG-LOT")
    assert view.feedback is Feedback.BAD
    assert view.message is not None and view.message.code == "WRONG_BATCH"
    scan(flow, "04012345678901")
    view = scan(flow, "L7")
    assert view.prompt.key is PromptKey.ORDER_DONE


def test_short_pick_with_reason(store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    order_no = add_order(store, "SO-S", [("SKU-TEA", 4)])
    flow = PickFlow(context(store), order_no)
    scan(flow, "A-01-02-03")
    scan(flow, "4006381333931")
    view = scan(flow, Command.SHORT.value)
    assert view.prompt.key is PromptKey.TYPE_SHORT_REASON
    assert as_view(flow.on_number("7")).feedback is Feedback.BAD
    view = as_view(flow.on_number("1"))
    assert view.feedback is Feedback.GOOD
    assert view.message is not None and view.message.code == "short_recorded"
    assert view.prompt.key is PromptKey.ORDER_DONE
    with store.read_session() as session:
        task = session.query(PickTask).one()
        assert (task.picked_qty, task.short_qty, task.short_reason) == (1, 3, "NOT_FOUND")
        assert session.query(ExceptionRecord).filter_by(exception_type="SHORT_PICK").count() == 1


def test_skip_walks_to_the_next_bin_and_comes_back(store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    add_stock(store, "B-02-01-01", "SKU-PHONE", 10)
    order_no = add_order(store, "SO-2", [("SKU-TEA", 1), ("SKU-PHONE", 1)])
    flow = PickFlow(context(store), order_no)
    assert flow.view().location_code == "A-01-02-03"
    view = scan(flow, Command.SKIP.value)
    assert view.location_code == "B-02-01-01"
    assert view.step_count == 2


def test_serial_item_needs_a_serial_per_unit(store: Store) -> None:
    add_stock(store, "B-02-01-01", "SKU-PHONE", 2)
    order_no = add_order(store, "SO-P", [("SKU-PHONE", 1)])
    flow = PickFlow(context(store), order_no)
    scan(flow, "B-02-01-01")
    view = scan(flow, "96385074")
    assert view.prompt.key is PromptKey.SCAN_SERIAL
    view = scan(flow, "SN-0001")
    assert view.feedback is Feedback.GOOD, view.message
    assert view.prompt.key is PromptKey.ORDER_DONE


def test_undo_steps_back_without_touching_bookings(store: Store, tea_order: str) -> None:
    flow = PickFlow(context(store), tea_order)
    assert scan(flow, Command.UNDO.value).feedback is Feedback.BAD
    scan(flow, "A-01-02-03")
    view = scan(flow, Command.UNDO.value)
    assert view.prompt.key is PromptKey.SCAN_BIN


def test_typed_quantity_needs_an_item_scan_first(store: Store, tea_order: str) -> None:
    flow = PickFlow(context(store), tea_order)
    scan(flow, "A-01-02-03")
    view = as_view(flow.on_number("2"))
    assert view.message is not None and view.message.code == "type_after_scan"


def test_cancel_by_oms_mid_pick_stops_and_guides_put_back(store: Store, tea_order: str) -> None:
    flow = PickFlow(context(store), tea_order)
    scan(flow, "A-01-02-03")
    scan(flow, "4006381333931")
    with store.unit_of_work() as uow:
        cancel_outbound(uow, tea_order, "OMS", "customer changed mind")
        uow.commit()
    view = flow.refresh()
    assert view.notice is not None and view.notice.code == "order_cancelled_notice"
    assert view.prompt.key is PromptKey.PUT_BACK
    assert view.prompt.args == {"qty": "1", "sku": "SKU-TEA", "bin": "A-01-02-03"}
    assert scan(flow, "4006381333931").feedback is Feedback.BAD  # not a bin
    view = scan(flow, "A-01-02-03")
    assert view.feedback is Feedback.GOOD
    assert view.prompt.key is PromptKey.ORDER_DONE
    assert isinstance(flow.on_command(Command.CONFIRM), SwitchMode)
    with store.read_session() as session:
        row = session.query(Stock).one()
        assert (row.on_hand, row.locked) == (10, 0)


def test_done_order_moves_on_to_the_next_by_priority(store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    first = add_order(store, "SO-HI", [("SKU-TEA", 1)], priority=9)
    add_order(store, "SO-LO", [("SKU-TEA", 1)], priority=1)
    flow = PickFlow(context(store), None)
    assert flow.view().order_no == first
    assert scan(flow, Command.CONFIRM.value).message is not None  # not finished yet
    scan(flow, "A-01-02-03")
    scan(flow, "4006381333931")
    result = flow.on_command(Command.NEXT_TASK)
    assert result == SwitchMode(Mode.PICK, "SO-LO")


def test_no_work(store: Store) -> None:
    flow = PickFlow(context(store), None)
    assert flow.view().prompt.key is PromptKey.NO_WORK


def test_cancel_by_oms_shows_at_the_next_scan_without_a_refresh(
    store: Store, tea_order: str
) -> None:
    flow = PickFlow(context(store), tea_order)
    scan(flow, "A-01-02-03")
    scan(flow, "4006381333931")
    with store.unit_of_work() as uow:
        cancel_outbound(uow, tea_order, "OMS", "customer changed mind")
        uow.commit()
    view = scan(flow, "4006381333931")  # the picker goes on scanning the item
    assert view.feedback is Feedback.BAD
    assert view.notice is not None and view.notice.code == "order_cancelled_notice"
    assert view.prompt.key is PromptKey.PUT_BACK
    with store.read_session() as session:
        assert session.query(PickTask).one().picked_qty == 1  # nothing booked after the cancel


def test_order_taken_by_another_station_shows_at_the_next_scan(
    store: Store, tea_order: str
) -> None:
    flow = PickFlow(context(store), tea_order)
    scan(flow, "A-01-02-03")
    with store.unit_of_work() as uow:
        order = uow.session.query(OutboundOrder).filter_by(order_no=tea_order).one()
        order.handled_remotely = True
        uow.commit()
    view = scan(flow, "4006381333931")
    assert view.notice is not None and view.notice.code == "order_taken_elsewhere"
    with store.read_session() as session:
        assert session.query(PickTask).one().picked_qty == 0


def test_cancel_by_oms_shows_at_the_next_bin_scan(store: Store, tea_order: str) -> None:
    """The bin scan books nothing, so no service refuses it: only the flow's own look at the
    order before acting tells the picker not to walk on."""
    flow = PickFlow(context(store), tea_order)
    assert flow.view().prompt.key is PromptKey.SCAN_BIN
    with store.unit_of_work() as uow:
        cancel_outbound(uow, tea_order, "OMS", "customer changed mind")
        uow.commit()
    view = scan(flow, "A-01-02-03")  # the bin the picture in memory still asks for
    assert view.feedback is Feedback.BAD
    assert view.message is not None and view.message.code == "order_cancelled"
    assert view.prompt.key is not PromptKey.SCAN_ITEM
    with store.read_session() as session:
        assert session.query(PickTask).one().picked_qty == 0


def test_order_taken_by_another_station_shows_at_the_next_bin_scan(
    store: Store, tea_order: str
) -> None:
    flow = PickFlow(context(store), tea_order)
    with store.unit_of_work() as uow:
        order = uow.session.query(OutboundOrder).filter_by(order_no=tea_order).one()
        order.handled_remotely = True
        uow.commit()
    view = scan(flow, "A-01-02-03")
    assert view.feedback is Feedback.BAD
    assert view.message is not None and view.message.code == "order_taken_elsewhere"
    assert view.prompt.key is not PromptKey.SCAN_ITEM


def test_the_picture_kept_in_memory_is_the_one_in_the_store(store: Store) -> None:
    """Scans build the next view from the service's answers; a fresh read must agree."""
    add_stock(store, "A-01-02-03", "SKU-TEA", 10)
    add_stock(store, "B-02-01-01", "SKU-PHONE", 10)
    order_no = add_order(store, "SO-M", [("SKU-TEA", 3), ("SKU-PHONE", 1)])
    flow = PickFlow(context(store), order_no)
    steps = [
        "A-01-02-03",
        "4006381333931",
        "4006381333931",
        Command.SHORT.value,
    ]
    for raw in steps:
        assert scan(flow, raw).feedback is not Feedback.BAD
    assert as_view(flow.on_number("2")).feedback is Feedback.GOOD
    in_memory = replace(flow.view(), feedback=Feedback.NONE, message=None)
    assert in_memory == replace(flow.refresh(), message=None)
    assert in_memory == PickFlow(context(store), order_no).view()
    assert in_memory.location_code == "B-02-01-01"
    with store.read_session() as session:
        statuses = {row.status for row in session.query(OutboundOrder)}
    assert statuses == {"PICKING"}


def _stock(store: Store) -> tuple[int, int]:
    with store.read_session() as session:
        row = session.query(Stock).one()
        return row.on_hand, row.locked


def test_undo_right_after_a_booking_takes_the_unit_back(store: Store, tea_order: str) -> None:
    flow = PickFlow(context(store), tea_order)
    scan(flow, "A-01-02-03")
    view = scan(flow, "4006381333931")
    assert view.message is not None and view.message.code == "picked"
    assert _stock(store) == (9, 2)

    view = scan(flow, Command.UNDO.value)

    assert view.feedback is Feedback.GOOD
    assert view.message is not None
    assert view.message.code == "unpicked"
    assert view.message.args == {"qty": "1", "sku": "SKU-TEA", "bin": "A-01-02-03"}
    assert view.quantity_left == 3
    assert view.prompt.key is PromptKey.SCAN_ITEM  # still at the bin: scan the right unit
    assert _stock(store) == (10, 3)
    assert outbox_types(store, tea_order)[-1] == "unpicked"
    # A second UNDO has no booking left to take back: it steps back to the bin scan.
    assert scan(flow, Command.UNDO.value).prompt.key is PromptKey.SCAN_BIN


def test_undo_after_a_typed_quantity_takes_back_all_of_it(store: Store, tea_order: str) -> None:
    flow = PickFlow(context(store), tea_order)
    scan(flow, "A-01-02-03")
    scan(flow, "4006381333931")
    view = as_view(flow.on_number("3"))
    assert view.prompt.key is PromptKey.ORDER_DONE
    view = scan(flow, Command.UNDO.value)
    assert view.message is not None
    assert view.message.args == {"qty": "3", "sku": "SKU-TEA", "bin": "A-01-02-03"}
    assert _stock(store) == (10, 3)
    with store.read_session() as session:
        assert session.query(OutboundOrder).one().status == "PICKING"


def test_unpick_step_takes_back_each_scanned_unit(store: Store, tea_order: str) -> None:
    flow = PickFlow(context(store), tea_order)
    scan(flow, "A-01-02-03")
    scan(flow, "4006381333931")
    as_view(flow.on_number("3"))  # the order is picked
    view = scan(flow, Command.UNPICK.value)
    assert view.prompt.key is PromptKey.SCAN_UNPICK_ITEM
    assert view.order_no == tea_order
    view = scan(flow, "96385074")  # not on the order: refused, nothing changed
    assert view.feedback is Feedback.BAD
    assert _stock(store) == (7, 0)
    view = scan(flow, "4006381333931")
    assert view.feedback is Feedback.GOOD
    assert view.message is not None
    assert view.message.args == {"qty": "1", "sku": "SKU-TEA", "bin": "A-01-02-03"}
    assert _stock(store) == (8, 1)
    view = scan(flow, Command.UNPICK.value)  # back to picking the unit that is missing now
    assert view.prompt.key is PromptKey.SCAN_BIN
    assert view.quantity_left == 1
    scan(flow, "A-01-02-03")
    assert scan(flow, "4006381333931").prompt.key is PromptKey.ORDER_DONE


def test_unpick_of_a_serial_takes_that_serial_back(store: Store) -> None:
    add_stock(store, "B-02-01-01", "SKU-PHONE", 3)
    order_no = add_order(store, "SO-P", [("SKU-PHONE", 2)])
    flow = PickFlow(context(store), order_no)
    for raw in ("B-02-01-01", "96385074", "SN-A", "96385074", "SN-B"):
        scan(flow, raw)
    scan(flow, Command.UNPICK.value)
    view = scan(flow, "96385074")  # which one? the serial says
    assert view.message is not None and view.message.code == "SERIALS_REQUIRED"
    view = scan(flow, "SN-A")
    assert view.message is not None and view.message.code == "unpicked"
    with store.read_session() as session:
        assert session.query(PickTask).one().serials_json == '["SN-B"]'


def test_the_pick_view_and_the_done_prompt_name_the_order(store: Store, tea_order: str) -> None:
    flow = PickFlow(context(store), tea_order)
    assert flow.view().order_no == tea_order
    scan(flow, "A-01-02-03")
    scan(flow, "4006381333931")
    view = as_view(flow.on_number("3"))
    assert view.order_no == tea_order
    assert view.prompt.key is PromptKey.ORDER_DONE
    assert view.prompt.args == {"order": tea_order}


def test_stop_banner_goes_once_the_goods_are_back(store: Store, tea_order: str) -> None:
    flow = PickFlow(context(store), tea_order)
    scan(flow, "A-01-02-03")
    scan(flow, "4006381333931")
    with store.unit_of_work() as uow:
        cancel_outbound(uow, tea_order, "OMS", "customer changed mind")
        uow.commit()
    assert flow.refresh().notice is not None
    view = scan(flow, "A-01-02-03")
    assert view.message is not None and view.message.code == "put_back_done"
    assert view.notice is None
    assert flow.refresh().notice is None
    view = scan(flow, "A-01-02-03")  # another scan: told there is nothing left, no STOP again
    assert view.notice is None
    assert view.message is not None and view.message.code == "put_back_finished"
