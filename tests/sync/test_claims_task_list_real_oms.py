"""Order claims from the task list (#14): starting an order (its number scanned, or "next
task") asks for the claim there, so a picker learns that another station works it before
walking to its first bin; "next task" passes over taken orders; offline it gives only the
orders this station holds. Two real station stores, the real OMS process, the real flows.

Seed 002 §模块2 (分布式锁: one order, one station at a time); seed 003 (分离模型: work goes on
offline with what the station holds).
"""

from __future__ import annotations

from app.flows.base import FlowContext, OperatorInfo, SwitchMode
from app.flows.task_flow import TaskListFlow
from app.flows.view import Feedback, FlowView, Mode
from app.queries.pick_tasks import next_workable_order
from app.scanning.commands import Command
from app.scanning.gs1 import parse_scan
from app.services import claims
from local_db.models import OrderClaim
from local_db.store import Store
from station.claims_port import OmsClaimPort
from tests.sync.claim_stations import (
    LAMP,
    LAMP_BIN,
    LAMP_ORDER,
    claim_row,
    gate,
    holds,
    message_of,
    offline,
    picker,
    scan,
)
from tests.sync.floor_work import PICKER, barcode_of, order_status
from tests.sync.real_oms import TwoStations, sync_round


def task_list(store: Store) -> TaskListFlow:
    context = FlowContext(
        store, OperatorInfo(PICKER, "Li Wei", "operator"), "WH01", claims=gate(store)
    )
    return TaskListFlow(context)


def test_scanning_an_order_another_station_holds_is_refused_at_the_task_list(
    two_stations: TwoStations,
) -> None:
    (store_a, _), (store_b, _) = two_stations
    assert isinstance(task_list(store_a).on_scan(parse_scan(LAMP_ORDER)), SwitchMode)
    assert holds(store_a, LAMP_ORDER)  # claimed when the order was opened, before any bin

    answer = task_list(store_b).on_scan(parse_scan(LAMP_ORDER))
    assert isinstance(answer, FlowView)
    assert answer.mode is Mode.TASKS
    assert answer.feedback is Feedback.BAD
    assert answer.message is not None
    assert answer.message.code == "order_claimed_elsewhere"
    assert answer.message.args == {"order": LAMP_ORDER, "station": "station-a"}


def test_next_task_passes_over_an_order_another_station_claimed(
    two_stations: TwoStations,
) -> None:
    (store_a, _), (store_b, _) = two_stations
    first = next_workable_order(store_b, operator=PICKER)
    assert first is not None
    # Station A claims B's next order; B has not pulled since, so only the OMS knows.
    assert OmsClaimPort(store_a).claim(first).order_no == first
    assert next_workable_order(store_b, operator=PICKER) == first

    answer = task_list(store_b).on_command(Command.NEXT_TASK)
    assert isinstance(answer, SwitchMode)
    assert answer.order_no not in (None, first)
    assert holds(store_b, answer.order_no or "")
    taken = claim_row(store_b, first)
    assert taken is not None and not taken.mine


def test_offline_next_task_gives_only_the_orders_this_station_holds(
    two_stations: TwoStations,
) -> None:
    (_, _), (store_b, _) = two_stations
    first = next_workable_order(store_b, operator=PICKER)
    held = LAMP_ORDER if first != LAMP_ORDER else "SO-DEMO-0004"
    assert OmsClaimPort(store_b).claim(held).order_no == held  # as a supervisor's block would
    with offline(store_b):
        answer = task_list(store_b).on_command(Command.NEXT_TASK)
    assert isinstance(answer, SwitchMode)
    assert answer.order_no == held


def test_offline_next_task_without_claims_says_why(two_stations: TwoStations) -> None:
    (_, _), (store_b, _) = two_stations
    with offline(store_b):
        answer = task_list(store_b).on_command(Command.NEXT_TASK)
    assert isinstance(answer, FlowView)
    assert answer.feedback is Feedback.BAD
    assert answer.message is not None
    assert answer.message.code == "order_unclaimed_offline"


def test_a_claim_reassigned_mid_pick_stops_the_next_scan(two_stations: TwoStations) -> None:
    """A supervisor gives the order to the other station while a picker stands at its bin:
    once the feed says so, the picker's next scan is refused and books nothing (the OMS would
    refuse the pick anyway)."""
    (store_a, engine_a), (store_b, _) = two_stations
    flow = picker(store_a, LAMP_ORDER, gate(store_a))
    assert scan(flow, LAMP_BIN).feedback is Feedback.GOOD
    OmsClaimPort(store_b).reassign(LAMP_ORDER, take=True, granted_by="S001")
    sync_round(engine_a)

    view = scan(flow, barcode_of(store_a, LAMP))
    assert view.feedback is Feedback.BAD
    assert message_of(view) == (
        "order_claimed_elsewhere",
        {"order": LAMP_ORDER, "station": "station-b"},
    )
    assert order_status(store_a, LAMP_ORDER) == "ALLOCATED"


def test_a_claim_the_oms_cannot_read_stops_neither_the_round_nor_the_other_renewals(
    two_stations: TwoStations,
) -> None:
    """Distrust the disk: a claim row whose order number the OMS refuses (422) is dropped
    alone; the round succeeds and this station's real claim is renewed with it."""
    (store_a, engine_a), _ = two_stations
    assert OmsClaimPort(store_a).claim(LAMP_ORDER).order_no == LAMP_ORDER
    bad = "SO-" + "9" * 70  # longer than any order number the contract takes
    with store_a.unit_of_work() as uow:
        claims.record_held(
            uow, bad, device_id="me", station_name="", mine=True, lease_expires_at=None
        )
        uow.session.get(OrderClaim, LAMP_ORDER).lease_expires_at = None  # type: ignore[union-attr]
        uow.commit()

    sync_round(engine_a)  # asserts the round succeeded

    assert claim_row(store_a, bad) is None
    renewed = claim_row(store_a, LAMP_ORDER)
    assert renewed is not None and renewed.mine and renewed.lease_expires_at is not None
