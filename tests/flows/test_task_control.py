"""Task control by a supervisor (#13.3) at the service layer and through the floor flows:
hold / release, priority, assignment, and stuck work handed to the next operator."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy import select

from app import errors
from app.feed.apply import apply_feed_entry
from app.flows.base import FlowContext, OperatorInfo, SwitchMode
from app.flows.pack_flow import PackFlow
from app.flows.pick_flow import PickFlow
from app.flows.task_flow import TaskListFlow
from app.flows.view import Feedback, FlowView, Mode
from app.queries.pick_tasks import next_workable_order
from app.queries.task_list import TaskFilter, fetch_tasks
from app.queries.work_in_hand import task_control_picture
from app.scanning.commands import Command
from app.scanning.gs1 import parse_scan
from app.services import work_in_progress as wip
from app.services.packing import pack_order
from app.services.picking import confirm_pick
from app.services.shipping import ship_order
from app.supervision import task_control
from local_db.models import AuditLog, OutboundLine, OutboundOrder
from local_db.models.master_data import Operator
from local_db.store import Store, UnitOfWork
from oms_contract.documents import OutboundCommand, OutboundItem
from oms_contract.sync_api import FeedEntry, OutboundCommandCreated
from tests.flows.picking_helpers import pick_everything, picker_context
from tests.flows.seed import OWNER, PICKER_BADGE, SUPERVISOR_BADGE, add_order, add_stock
from tests.store.support import db_state, refused

TEA = "4006381333931"
SECOND_BADGE = "BADGE-P2"


@pytest.fixture
def second_picker(store: Store) -> FlowContext:
    with store.unit_of_work() as uow:
        uow.session.add(Operator(badge_code=SECOND_BADGE, name="Wang Fang", role="operator"))
        uow.commit()
    return FlowContext(store, OperatorInfo(SECOND_BADGE, "Wang Fang", "operator"), "WH1")


def _decide(store: Store, decision: Callable[[UnitOfWork], object]) -> object:
    return task_control.decide(store, decision)


def _audit(store: Store, action: str) -> list[AuditLog]:
    with store.read_session() as session:
        return list(session.scalars(select(AuditLog).where(AuditLog.action == action)))


def _order(store: Store, order_no: str) -> OutboundOrder:
    with store.read_session() as session:
        return session.scalars(select(OutboundOrder).filter_by(order_no=order_no)).one()


def _two_orders(store: Store) -> tuple[str, str]:
    add_stock(store, "A-01-02-03", "SKU-TEA", 20)
    first = add_order(store, "SO-FIRST", [("SKU-TEA", 2)], priority=50)
    second = add_order(store, "SO-SECOND", [("SKU-TEA", 2)], priority=10)
    return first, second


# --- the role -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "decision",
    [
        lambda uow, badge: task_control.hold_order(uow, badge, "SO-FIRST", "ADDRESS_CHECK"),
        lambda uow, badge: task_control.release_hold(uow, badge, "SO-FIRST"),
        lambda uow, badge: task_control.change_priority(uow, badge, "SO-FIRST", 1),
        lambda uow, badge: task_control.assign_order(uow, badge, "SO-FIRST", PICKER_BADGE),
        lambda uow, badge: task_control.release_work(uow, badge, "pick", "SO-FIRST"),
    ],
    ids=["hold", "release_hold", "priority", "assign", "release_work"],
)
def test_an_operator_cannot_control_tasks(
    store: Store, decision: Callable[[UnitOfWork, str], object]
) -> None:
    _two_orders(store)
    error = refused(store, lambda uow: decision(uow, PICKER_BADGE), errors.NotAllowed)
    assert error.reason == "supervisor_only"


# --- hold and release -----------------------------------------------------------------------


def test_a_held_order_is_not_workable_until_released(store: Store) -> None:
    first, second = _two_orders(store)
    assert next_workable_order(store) == first

    _decide(store, lambda uow: task_control.hold_order(uow, SUPERVISOR_BADGE, first, "STOCK_CHECK"))

    assert next_workable_order(store) == second
    assert TaskListFlow(picker_context(store)).on_command(Command.NEXT_TASK) == SwitchMode(
        Mode.PICK, second
    )
    with store.read_session() as session:
        rows = fetch_tasks(session, TaskFilter(), dt.datetime.now(dt.UTC), 0, 10)
    assert [(row.order_no, row.hold_reason) for row in rows] == [
        (first, "STOCK_CHECK"),
        (second, None),
    ]
    held = _order(store, first)
    assert (held.hold_reason, held.held_by) == ("STOCK_CHECK", SUPERVISOR_BADGE)
    [audit] = _audit(store, "hold_order")
    assert (audit.operator, audit.entity_key) == (SUPERVISOR_BADGE, first)
    assert json.loads(audit.after_json or "{}") == {"hold_reason": "STOCK_CHECK"}

    _decide(store, lambda uow: task_control.release_hold(uow, SUPERVISOR_BADGE, first))

    assert next_workable_order(store) == first
    assert _order(store, first).hold_reason is None
    assert len(_audit(store, "release_hold")) == 1


def test_hold_refusals_change_nothing(store: Store) -> None:
    first, _ = _two_orders(store)
    bad_reason = refused(
        store,
        lambda uow: task_control.hold_order(uow, SUPERVISOR_BADGE, first, "BORED"),
        errors.InvalidInput,
    )
    assert bad_reason.reason == "hold_reason_unknown"
    not_held = refused(
        store,
        lambda uow: task_control.release_hold(uow, SUPERVISOR_BADGE, first),
        errors.WrongOrderState,
    )
    assert not_held.reason == "order_not_on_hold"
    _decide(store, lambda uow: task_control.hold_order(uow, SUPERVISOR_BADGE, first, "OTHER"))
    twice = refused(
        store,
        lambda uow: task_control.hold_order(uow, SUPERVISOR_BADGE, first, "OTHER"),
        errors.WrongOrderState,
    )
    assert twice.params == {"order": first, "hold": "OTHER"}


def test_a_pick_scan_of_a_held_order_is_refused_and_changes_nothing(store: Store) -> None:
    first, _ = _two_orders(store)
    flow = PickFlow(picker_context(store), first)
    _decide(store, lambda uow: task_control.hold_order(uow, SUPERVISOR_BADGE, first, "OTHER"))
    before = db_state(store)

    at_bin = flow.on_scan(parse_scan("A-01-02-03"))
    answer = flow.on_scan(parse_scan(TEA))

    assert isinstance(at_bin, FlowView) and at_bin.feedback is Feedback.BAD
    assert at_bin.message == answer.message if isinstance(answer, FlowView) else False
    assert isinstance(answer, FlowView) and answer.feedback is Feedback.BAD
    assert answer.message is not None
    assert (answer.message.code, answer.message.reason) == (
        "ORDER_ON_HOLD",
        "order_on_hold_ask_supervisor",
    )
    assert answer.message.args == {"order": first, "hold": "OTHER"}
    assert answer.notice == answer.message  # the hold stays on screen
    assert db_state(store) == before


def test_the_pick_service_refuses_a_held_order(store: Store) -> None:
    """The service guards too: a flow holding an old picture of the order books nothing."""
    first, _ = _two_orders(store)
    _decide(store, lambda uow: task_control.hold_order(uow, SUPERVISOR_BADGE, first, "OTHER"))
    task = _order_task(store, first)
    error = refused(
        store,
        lambda uow: confirm_pick(
            uow, task, location_code="A-01-02-03", barcode=TEA, quantity=1, operator=PICKER_BADGE
        ),
        errors.OrderOnHold,
    )
    assert error.reason == "order_on_hold_ask_supervisor"


def _order_task(store: Store, order_no: str) -> int:
    with store.read_session() as session:
        order = session.scalars(select(OutboundOrder).filter_by(order_no=order_no)).one()
        return order.pick_tasks[0].id


def test_the_task_list_refuses_to_open_a_held_order(store: Store) -> None:
    first, _ = _two_orders(store)
    _decide(store, lambda uow: task_control.hold_order(uow, SUPERVISOR_BADGE, first, "OTHER"))

    answer = TaskListFlow(picker_context(store)).on_scan(parse_scan(first))

    assert isinstance(answer, FlowView) and answer.feedback is Feedback.BAD
    assert answer.message is not None and answer.message.reason == "order_on_hold_ask_supervisor"


def test_packing_a_held_order_is_refused_and_its_box_scans_stay(store: Store) -> None:
    first, _ = _two_orders(store)
    pick_everything(store, first, {"SKU-TEA": TEA})
    flow = PackFlow(picker_context(store), first)
    assert isinstance(flow.on_scan(parse_scan(TEA)), FlowView)  # one of two units in the box
    _decide(store, lambda uow: task_control.hold_order(uow, SUPERVISOR_BADGE, first, "OTHER"))
    before = db_state(store)

    answer = flow.on_scan(parse_scan(TEA))

    assert isinstance(answer, FlowView) and answer.feedback is Feedback.BAD
    assert answer.message is not None and answer.message.code == "ORDER_ON_HOLD"
    assert db_state(store) == before
    assert len(wip.load_scans(store, "pack", first)) == 1
    reopened = PackFlow(picker_context(store), None).on_scan(parse_scan(first))
    assert isinstance(reopened, FlowView) and reopened.feedback is Feedback.BAD


def test_a_held_order_is_refused_by_the_pack_check_before_the_last_unit(store: Store) -> None:
    """The flow refuses a box scan at once: no unconfirmed scan is kept for a held order."""
    first, _ = _two_orders(store)
    pick_everything(store, first, {"SKU-TEA": TEA})
    flow = PackFlow(picker_context(store), first)
    _decide(store, lambda uow: task_control.hold_order(uow, SUPERVISOR_BADGE, first, "OTHER"))
    before = db_state(store)

    answer = flow.on_scan(parse_scan(TEA))

    assert isinstance(answer, FlowView) and answer.feedback is Feedback.BAD
    assert db_state(store) == before


def test_the_pack_and_ship_services_refuse_a_held_order(store: Store) -> None:
    first, _ = _two_orders(store)
    pick_everything(store, first, {"SKU-TEA": TEA})
    _decide(store, lambda uow: task_control.hold_order(uow, SUPERVISOR_BADGE, first, "OTHER"))
    refused(store, lambda uow: pack_order(uow, first, [TEA, TEA], PICKER_BADGE), errors.OrderOnHold)
    _decide(store, lambda uow: task_control.release_hold(uow, SUPERVISOR_BADGE, first))
    _decide(store, lambda uow: pack_order(uow, first, [TEA, TEA], PICKER_BADGE))
    _decide(store, lambda uow: task_control.hold_order(uow, SUPERVISOR_BADGE, first, "OTHER"))
    refused(
        store,
        lambda uow: ship_order(
            uow,
            first,
            tracking_no="SF1234567890",
            carrier_code="SF",
            package_count=1,
            weight_kg=Decimal("1.2"),
            operator=PICKER_BADGE,
        ),
        errors.OrderOnHold,
    )


# --- priority -------------------------------------------------------------------------------


def test_priority_up_puts_an_order_first_and_the_oms_does_not_override_it(store: Store) -> None:
    _, second = _two_orders(store)

    raised = _decide(
        store, lambda uow: task_control.change_priority(uow, SUPERVISOR_BADGE, second, 5)
    )

    assert raised == 60
    assert next_workable_order(store) == second
    [audit] = _audit(store, "change_priority")
    assert json.loads(audit.before_json or "{}") == {"priority": 10}
    # The OMS sends the order again (a new command id, its old priority): a duplicate.
    again = OutboundCommand(
        command_id="CMD-AGAIN",
        order_no=second,
        warehouse_id="WH1",
        owner_id=OWNER,
        consignee="Test Person",
        phone="13800000000",
        province="Zhejiang",
        city="Hangzhou",
        address="1 Test Road",
        carrier_code="SF",
        priority=10,
        items=[OutboundItem(sku_id="SKU-TEA", sku_name="Green tea 250 g", quantity=2)],
    )
    entry = FeedEntry(
        seq=99, created_at=dt.datetime.now(dt.UTC), body=OutboundCommandCreated(command=again)
    )
    with store.unit_of_work() as uow:
        outcome = apply_feed_entry(uow, entry, "STATION-T")
        uow.commit()
    assert outcome.startswith("duplicate")
    assert _order(store, second).priority == 60
    assert next_workable_order(store) == second


def test_priority_stops_at_the_oms_range(store: Store) -> None:
    first, _ = _two_orders(store)
    assert _decide(store, lambda uow: task_control.change_priority(uow, SUPERVISOR_BADGE, first, 9))
    error = refused(
        store,
        lambda uow: task_control.change_priority(uow, SUPERVISOR_BADGE, first, 1),
        errors.WrongOrderState,
    )
    assert error.params == {"order": first, "priority": 100}


# --- assignment -----------------------------------------------------------------------------


def test_an_assigned_order_is_its_operators_next_task_only(
    store: Store, second_picker: FlowContext
) -> None:
    first, second = _two_orders(store)

    _decide(
        store, lambda uow: task_control.assign_order(uow, SUPERVISOR_BADGE, second, SECOND_BADGE)
    )

    assert TaskListFlow(second_picker).on_command(Command.NEXT_TASK) == SwitchMode(
        Mode.PICK, second
    )
    assert PickFlow(second_picker, None).view().order_no == second
    # Others' NEXT TASK does not give it, even once their own order is held.
    assert next_workable_order(store, operator=PICKER_BADGE) == first
    _decide(store, lambda uow: task_control.hold_order(uow, SUPERVISOR_BADGE, first, "OTHER"))
    assert next_workable_order(store, operator=PICKER_BADGE) is None
    # The assignee's list shows it first; everybody sees whose it is.
    now = dt.datetime.now(dt.UTC)
    with store.read_session() as session:
        mine = fetch_tasks(session, TaskFilter(), now, 0, 10, operator=SECOND_BADGE)
        theirs = fetch_tasks(session, TaskFilter(), now, 0, 10, operator=PICKER_BADGE)
        paged = fetch_tasks(session, TaskFilter(), now, 1, 1, operator=SECOND_BADGE)
    assert [row.order_no for row in mine] == [second, first]
    assert [row.order_no for row in theirs] == [first, second]
    assert [row.order_no for row in paged] == [first]
    assert theirs[1].assigned_to == SECOND_BADGE
    assert len(_audit(store, "assign_order")) == 1


def test_scanning_an_order_assigned_to_someone_else_takes_it_with_a_warning(
    store: Store, second_picker: FlowContext
) -> None:
    _, second = _two_orders(store)
    _decide(
        store, lambda uow: task_control.assign_order(uow, SUPERVISOR_BADGE, second, SECOND_BADGE)
    )

    assert TaskListFlow(picker_context(store)).on_scan(parse_scan(second)) == SwitchMode(
        Mode.PICK, second
    )
    view = PickFlow(picker_context(store), second).view()
    assert view.notice is not None
    assert (view.notice.code, view.notice.args) == (
        "order_assigned_to_other",
        {"order": second, "badge": SECOND_BADGE},
    )
    assert PickFlow(second_picker, second).view().notice is None


def test_assigning_to_an_unknown_or_inactive_badge_is_refused(store: Store) -> None:
    first, _ = _two_orders(store)
    for badge in ("BADGE-NOBODY", "BADGE-OLD"):
        error = refused(
            store,
            lambda uow, badge=badge: task_control.assign_order(uow, SUPERVISOR_BADGE, first, badge),
            errors.InvalidInput,
        )
        assert error.params == {"badge": badge}


# --- stuck work -----------------------------------------------------------------------------


def test_a_stuck_pick_goes_to_the_next_operator_with_nothing_lost_or_doubled(
    store: Store, second_picker: FlowContext
) -> None:
    first, _ = _two_orders(store)
    # The first picker takes one of two units, then logs out.
    flow = PickFlow(picker_context(store), first)
    flow.on_scan(parse_scan("A-01-02-03"))
    flow.on_scan(parse_scan(TEA))
    [work] = [w for w in task_control_picture(store).work if w.key == first]
    assert (work.kind, work.operator, work.done) == ("pick", PICKER_BADGE, 1)
    assert work.since is not None

    handed = _decide(
        store,
        lambda uow: task_control.release_work(uow, SUPERVISOR_BADGE, "pick", first, SECOND_BADGE),
    )

    assert handed == task_control.HandedOver("pick", first, PICKER_BADGE, SECOND_BADGE, 0)
    assert next_workable_order(store, operator=SECOND_BADGE) == first
    assert next_workable_order(store, operator=PICKER_BADGE) != first  # theirs now
    pick_everything_as(second_picker, first)
    with store.read_session() as session:
        [line] = session.scalars(
            select(OutboundLine).join(OutboundOrder).where(OutboundOrder.order_no == first)
        )
        assert (line.quantity, line.picked_qty) == (2, 2)
    assert _order(store, first).status == "PICKED"
    [audit] = _audit(store, "release_work")
    assert json.loads(audit.before_json or "{}") == {"kind": "pick", "operator": PICKER_BADGE}


def pick_everything_as(context: FlowContext, order_no: str) -> None:
    flow = PickFlow(context, order_no)
    for _ in range(20):
        view = flow.view()
        if view.location_code is None:
            return
        code = view.location_code if view.prompt.key.value == "scan_bin" else TEA
        answer = flow.on_scan(parse_scan(code))
        assert isinstance(answer, FlowView) and answer.feedback is Feedback.GOOD, answer
    raise AssertionError("picking did not finish")


def test_stuck_scans_are_handed_over_whole(store: Store, second_picker: FlowContext) -> None:
    for number in range(3):
        wip.add_scan(store, "receive", "IN-7", PICKER_BADGE, {"unit": number})
    [work] = task_control_picture(store).work
    assert (work.kind, work.key, work.operator, work.done) == ("receive", "IN-7", PICKER_BADGE, 3)

    _decide(
        store,
        lambda uow: task_control.release_work(
            uow, SUPERVISOR_BADGE, "receive", "IN-7", SECOND_BADGE
        ),
    )

    assert wip.open_work_of(store, PICKER_BADGE) is None  # no longer pulled back at log-in
    assert wip.open_work_of(store, SECOND_BADGE) == wip.OpenWork("receive", "IN-7", 3)
    assert wip.load_scans(store, "receive", "IN-7") == [{"unit": n} for n in range(3)]

    _decide(store, lambda uow: task_control.release_work(uow, SUPERVISOR_BADGE, "receive", "IN-7"))

    assert wip.open_work_of(store, SECOND_BADGE) is None
    [work] = task_control_picture(store).work
    assert (work.operator, work.done) == (None, 3)  # anyone's, every scan kept
    gone = refused(
        store,
        lambda uow: task_control.release_work(uow, SUPERVISOR_BADGE, "count", "A-01-01-01"),
        errors.WrongOrderState,
    )
    assert gone.reason == "work_not_in_progress"
