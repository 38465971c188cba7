"""Order claims between two stations (#14), end to end: two real station stores enrolled with
the real reference OMS process, the real pick flow with the station's real claim port.

Seed 002 §模块2 (关键技术: "分布式锁：库存预占并发控制"): one order is worked by one station at a
time — the OMS grants the claim once and tells the others who holds it; seed 003 (分离模型:
统一模型 "网络依赖性强 … 缺乏离线工作能力"): a held claim is kept in the station's store, so it
survives a restart and works on offline.
"""

from __future__ import annotations

import threading
from pathlib import Path

from app.claim_port import ClaimGate
from app.flows.base import FlowContext, OperatorInfo
from app.flows.pack_flow import PackFlow
from app.flows.view import Feedback, FlowView
from app.queries.pick_tasks import next_workable_order
from app.queries.task_list import TaskFilter, fetch_tasks
from app.scanning.commands import Command
from app.scanning.gs1 import parse_scan
from local_db.store import Store, open_store
from local_db.types import utc_now
from station.sync_wiring import floor_hooks
from sync.engine import SyncEngine, SyncSettings
from tests.support.oms_process import RunningOms
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
from tests.sync.real_oms import TwoStations, enrolled_station, sync_round


def taken_by(store: Store, order_no: str) -> str | None:
    with store.read_session() as session:
        rows = fetch_tasks(session, TaskFilter(), utc_now(), 0, 100)
    return next(row.taken_by for row in rows if row.order_no == order_no)


def test_two_stations_scan_one_order_at_once_one_wins_the_other_sees_it_taken(
    two_stations: TwoStations,
) -> None:
    (store_a, _), (store_b, engine_b) = two_stations
    flows = {
        "station-a": picker(store_a, LAMP_ORDER, gate(store_a)),
        "station-b": picker(store_b, LAMP_ORDER, gate(store_b)),
    }
    barrier = threading.Barrier(2)
    views: dict[str, FlowView] = {}

    def first_scan(name: str) -> None:
        barrier.wait()
        views[name] = scan(flows[name], LAMP_BIN)

    threads = [threading.Thread(target=first_scan, args=(name,)) for name in flows]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    winners = [name for name, view in views.items() if view.feedback is Feedback.GOOD]
    assert len(winners) == 1, views
    (winner,) = winners
    loser = "station-b" if winner == "station-a" else "station-a"
    assert message_of(views[loser]) == (
        "order_claimed_elsewhere",
        {"order": LAMP_ORDER, "station": winner},
    )
    stores = {"station-a": store_a, "station-b": store_b}
    assert holds(stores[winner], LAMP_ORDER)
    assert not holds(stores[loser], LAMP_ORDER)
    # The loser's task list shows the order taken, and next task skips it.
    assert taken_by(stores[loser], LAMP_ORDER) == winner
    assert next_workable_order(stores[loser]) != LAMP_ORDER
    # The other station learns it from the feed too (B pulls even when B won).
    sync_round(engine_b)
    if loser == "station-b":
        assert taken_by(store_b, LAMP_ORDER) == "station-a"
    else:
        assert taken_by(store_b, LAMP_ORDER) is None  # its own claim


def test_the_feed_shows_another_stations_claim_on_the_task_list(two_stations: TwoStations) -> None:
    (store_a, _), (store_b, engine_b) = two_stations
    assert scan(picker(store_a, LAMP_ORDER, gate(store_a)), LAMP_BIN).feedback is Feedback.GOOD
    assert taken_by(store_b, LAMP_ORDER) is None
    sync_round(engine_b)
    assert taken_by(store_b, LAMP_ORDER) == "station-a"
    assert next_workable_order(store_b) != LAMP_ORDER


def test_a_claim_survives_a_restart_and_works_offline(
    oms_demo_server: RunningOms, tmp_path: Path
) -> None:
    path = tmp_path / "restarted.sqlite3"
    store, _ = enrolled_station(oms_demo_server, path, "station-r")
    engine = SyncEngine(store, SyncSettings(), hooks=floor_hooks())
    sync_round(engine)
    assert scan(picker(store, LAMP_ORDER, gate(store)), LAMP_BIN).feedback is Feedback.GOOD
    engine.close()
    store.close()

    store = open_store(path)  # the station restarts
    try:
        assert holds(store, LAMP_ORDER)
        flow = picker(store, LAMP_ORDER, gate(store))
        with offline(store):
            assert scan(flow, LAMP_BIN).feedback is Feedback.GOOD
            view = scan(flow, barcode_of(store, LAMP))
        assert view.feedback is Feedback.GOOD, message_of(view)
        assert order_status(store, LAMP_ORDER) == "PICKED"
    finally:
        store.close()


def test_leaving_an_order_frees_it_for_the_other_station(two_stations: TwoStations) -> None:
    (store_a, engine_a), (store_b, _) = two_stations
    flow_a = picker(store_a, LAMP_ORDER, gate(store_a))
    assert scan(flow_a, LAMP_BIN).feedback is Feedback.GOOD
    refused = scan(picker(store_b, LAMP_ORDER, gate(store_b)), LAMP_BIN)
    assert message_of(refused) == (
        "order_claimed_elsewhere",
        {"order": LAMP_ORDER, "station": "station-a"},
    )

    view = scan(flow_a, "CMD:LEAVE")
    assert view.feedback is Feedback.GOOD
    assert message_of(view) == ("order_left", {"order": LAMP_ORDER})
    assert claim_row(store_a, LAMP_ORDER) is None

    assert scan(picker(store_b, LAMP_ORDER, gate(store_b)), LAMP_BIN).feedback is Feedback.GOOD
    assert holds(store_b, LAMP_ORDER)
    sync_round(engine_a)
    assert taken_by(store_a, LAMP_ORDER) == "station-b"


def test_leaving_offline_is_sent_with_the_next_round(two_stations: TwoStations) -> None:
    (store_a, engine_a), (store_b, _) = two_stations
    flow_a = picker(store_a, LAMP_ORDER, gate(store_a))
    assert scan(flow_a, LAMP_BIN).feedback is Feedback.GOOD
    with offline(store_a):
        view = scan(flow_a, "CMD:LEAVE")
    assert message_of(view) == ("order_left_offline", {"order": LAMP_ORDER})
    row = claim_row(store_a, LAMP_ORDER)
    assert row is not None and row.pending_release == "LEFT"
    # Still A's at the OMS until A's next round sends the release.
    assert scan(picker(store_b, LAMP_ORDER, gate(store_b)), LAMP_BIN).feedback is Feedback.BAD
    sync_round(engine_a)
    assert claim_row(store_a, LAMP_ORDER) is None
    assert scan(picker(store_b, LAMP_ORDER, gate(store_b)), LAMP_BIN).feedback is Feedback.GOOD


def test_a_picked_orders_claim_passes_to_the_packing_station_once(
    two_stations: TwoStations,
) -> None:
    """Picking at A, packing at B: the OMS hands the PICKED order's claim to B when B's pack
    flow opens it; after that A (or anyone) is refused naming B."""
    (store_a, engine_a), (store_b, engine_b) = two_stations
    flow_a = picker(store_a, LAMP_ORDER, gate(store_a))
    assert scan(flow_a, LAMP_BIN).feedback is Feedback.GOOD
    assert scan(flow_a, barcode_of(store_a, LAMP)).feedback is Feedback.GOOD
    sync_round(engine_a)
    sync_round(engine_b)
    assert order_status(store_b, LAMP_ORDER) == "PICKED"

    pack_b = PackFlow(packer(store_b), LAMP_ORDER)
    assert pack_b.view().order_no == LAMP_ORDER
    assert pack_b.view().message is None
    row = claim_row(store_b, LAMP_ORDER)
    assert row is not None and row.mine and row.granted_how == "HANDOVER"

    sync_round(engine_a)
    assert not holds(store_a, LAMP_ORDER)
    pack_a = PackFlow(packer(store_a, gate(store_a)), None)
    view = pack_a.on_scan(parse_scan(LAMP_ORDER))
    assert isinstance(view, FlowView)
    assert message_of(view) == (
        "order_claimed_elsewhere",
        {"order": LAMP_ORDER, "station": "station-b"},
    )

    # B's packer leaves the order: A's packer may take it now.
    left = pack_b.on_command(Command.LEAVE)
    assert isinstance(left, FlowView) and message_of(left) == ("order_left", {"order": LAMP_ORDER})
    assert claim_row(store_b, LAMP_ORDER) is None
    view = PackFlow(packer(store_a), None).on_scan(parse_scan(LAMP_ORDER))
    assert isinstance(view, FlowView) and view.feedback is Feedback.GOOD, message_of(view)
    assert holds(store_a, LAMP_ORDER)


def packer(store: Store, claim_gate: ClaimGate | None = None) -> FlowContext:
    return FlowContext(
        store,
        OperatorInfo(PICKER, "Li Wei", "operator"),
        "WH01",
        claims=claim_gate or gate(store),
    )
