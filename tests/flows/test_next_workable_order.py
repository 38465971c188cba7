"""CMD:NEXT finds the next workable order however many picked orders rank above it."""

from __future__ import annotations

from app.flows.base import SwitchMode
from app.flows.pick_flow import PickFlow
from app.flows.task_flow import TaskListFlow
from app.flows.view import Mode
from app.scanning.commands import Command
from local_db.models import OutboundOrder
from local_db.store import Store
from tests.flows.picking_helpers import pick_everything, picker_context
from tests.flows.seed import add_order, add_stock

HIDING = 51  # one more than the task flow's old first page (50)


def _picked_orders_at_top(store: Store, count: int) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", count + 5)
    for number in range(count):
        order_no = add_order(store, f"SO-HI-{number:03d}", [("SKU-TEA", 1)], priority=9)
        pick_everything(store, order_no, {"SKU-TEA": "4006381333931"})


def test_next_task_finds_an_allocated_order_behind_51_picked_ones(store: Store) -> None:
    _picked_orders_at_top(store, HIDING)
    waiting = add_order(store, "SO-LOW", [("SKU-TEA", 1)], priority=1)

    assert TaskListFlow(picker_context(store)).on_command(Command.NEXT_TASK) == SwitchMode(
        Mode.PICK, waiting
    )
    assert PickFlow(picker_context(store), None).view().order_no == waiting


def test_next_task_skips_orders_another_station_works(store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 5)
    elsewhere = add_order(store, "SO-ELSEWHERE", [("SKU-TEA", 1)], priority=9)
    ours = add_order(store, "SO-OURS", [("SKU-TEA", 1)], priority=1)
    with store.unit_of_work() as uow:
        order = uow.session.query(OutboundOrder).filter_by(order_no=elsewhere).one()
        order.handled_remotely = True
        uow.commit()

    assert TaskListFlow(picker_context(store)).on_command(Command.NEXT_TASK) == SwitchMode(
        Mode.PICK, ours
    )
