"""The floor's stock actions (move, freeze, unfreeze, damage, write-off, found goods) reach
the real reference OMS with its demo data and are accepted: write-off and found goods move
the OMS's on-hand (inventory_adjusted); moves, holds and damage are the station's figure
(stock_changed with movements), which the OMS shows as station_available_qty. The operator's
large freeze is approved by the demo's own supervisor badge and PIN, pulled from the OMS."""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlalchemy import func, select

from app.flows.base import FlowContext, OperatorInfo
from app.flows.move_flow import MoveFlow
from app.flows.stock_action_flow import (
    DamageFlow,
    FoundFlow,
    FreezeFlow,
    UnfreezeFlow,
    WriteOffFlow,
)
from app.flows.stock_steps import StockStepsFlow
from app.flows.view import Feedback, FlowView
from app.scanning.commands import Command
from app.scanning.gs1 import parse_scan
from local_db.models import OutboxEvent
from local_db.store import Store
from oms_server.demo import SUPERVISOR_PIN
from tests.support.oms_process import RunningOms
from tests.sync.floor_work import PICKER, barcode_of
from tests.sync.real_oms import WAREHOUSE, Station, settle

CABLE = "ACME-CABLE-C"
CABLE_BIN = "A-01-02-03"  # 200 cables in the demo's opening stock, none reserved
SPARE_BIN = "A-01-02-02"
DEMO_SUPERVISOR = "S001"
SAFETY_STOCK = 2  # oms_server/demo.py gives every SKU a safety stock of 2


def run_flow(flow: StockStepsFlow, steps: list[str]) -> FlowView:
    """Scans, and typed entries written as '#digits'; every answer must be green."""
    view = flow.view()
    for step in steps:
        if step.startswith("#"):
            result = flow.on_number(step[1:])
        else:
            parsed = parse_scan(step)
            command = parsed.command
            result = flow.on_command(command) if command else flow.on_scan(parsed)
        assert isinstance(result, FlowView)
        view = result
        assert view.feedback is Feedback.GOOD, (step, view.message)
    return view


def oms_line(oms: RunningOms) -> dict[str, object]:
    response = oms.admin_get("/stock", warehouse_id=WAREHOUSE, owner_id="ACME", sku_id=CABLE)
    response.raise_for_status()
    [line] = response.json()["lines"]
    return dict(line)


def stock_events(store: Store, after_id: int) -> list[tuple[str, str, str]]:
    """The cable's stock events written after outbox row ``after_id``: type, kind, status."""
    with store.read_session() as session:
        rows = session.scalars(
            select(OutboxEvent)
            .where(
                OutboxEvent.id > after_id,
                OutboxEvent.event_type.in_(("stock_changed", "inventory_adjusted")),
                OutboxEvent.payload_json.contains(CABLE),
            )
            .order_by(OutboxEvent.station_seq)
        )
        found = []
        for row in rows:
            payload = json.loads(row.payload_json)
            kind = payload.get("change_type") or payload.get("reason_code")
            found.append((row.event_type, str(kind), row.status))
        return found


def test_stock_actions_are_accepted_by_the_demo_oms(
    make_station: Callable[[str], Station], oms_demo_server: RunningOms
) -> None:
    store, engine = make_station("floor")
    settle(engine)  # master data, operators (the supervisor's PIN hash), stock
    context = FlowContext(
        store, OperatorInfo(PICKER, "Li Wei", "operator"), WAREHOUSE, stock_action_threshold=10
    )
    cable = barcode_of(store, CABLE, "ACME")
    with store.read_session() as session:
        synced = session.scalar(select(func.max(OutboxEvent.id))) or 0
    confirm = Command.CONFIRM.value
    run_flow(MoveFlow(context), [CABLE_BIN, cable, "#5", SPARE_BIN, confirm])
    view = run_flow(FreezeFlow(context), [CABLE_BIN, cable, "#12", "#1"])
    assert view.message is not None and view.message.code == "stock_action_needs_supervisor"
    view = run_flow(FreezeFlow(context), [CABLE_BIN, cable, "#12", "#1", DEMO_SUPERVISOR])
    flow = FreezeFlow(context)
    view = run_flow(flow, [CABLE_BIN, cable, "#12", "#1", DEMO_SUPERVISOR, "#" + SUPERVISOR_PIN])
    assert view.message is not None and view.message.code == "stock_frozen"
    run_flow(UnfreezeFlow(context), [CABLE_BIN, cable, "#2", "#1", confirm])
    run_flow(DamageFlow(context), [CABLE_BIN, cable, "#3", "#3", confirm])
    run_flow(WriteOffFlow(context), [CABLE_BIN, cable, "#4", "#3", confirm])
    run_flow(FoundFlow(context), [SPARE_BIN, cable, "#6", "#1", confirm])
    settle(engine)

    assert stock_events(store, synced) == [
        ("stock_changed", "MOVE", "accepted"),
        ("stock_changed", "FREEZE", "accepted"),
        ("stock_changed", "UNFREEZE", "accepted"),
        ("stock_changed", "DAMAGE", "accepted"),
        ("inventory_adjusted", "LOST", "accepted"),
        ("stock_changed", "COUNT", "accepted"),
        ("inventory_adjusted", "FOUND", "accepted"),
        ("stock_changed", "COUNT", "accepted"),
    ]
    line = oms_line(oms_demo_server)
    # The OMS's books: 200 − 4 written off + 6 found. Holds and damage are not in its
    # on-hand, but it promises neither them nor the safety stock (seed 000 §3): 10 frozen
    # and 3 damaged come off "available", as they do off the station's own figure.
    assert line["on_hand"] == 202
    reserved = line["reserved"]
    assert isinstance(reserved, int) and reserved > 0  # the demo's orders of cables
    assert line["available"] == 202 - reserved - 10 - 3 - SAFETY_STOCK
    assert line["station_available_qty"] == 202 - reserved - 10 - 3 - SAFETY_STOCK
