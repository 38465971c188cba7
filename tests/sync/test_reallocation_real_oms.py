"""An order the station holds for a shortage moves on when stock arrives (received and put
away through the receiving flow, here or at another station), against the real
reference OMS with its demo data (#11.6): the station's outbound_received FAIL, then its
SUCCESS, are accepted by the OMS, and the order is picked.

The demo keeps 100 mugs on pick shelves, 9 of them reserved by the demo orders. Received
goods stand on the dock R-01-01-01 (not pickable) until put away: the OMS counts them at
once, the station can allocate them only from a shelf."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.flows.base import FlowContext, OperatorInfo
from app.flows.receive_flow import ReceiveFlow
from app.flows.view import Feedback, FlowView
from app.scanning.commands import Command
from app.scanning.gs1 import parse_scan
from local_db.models import OutboxEvent, PutawayTask
from local_db.store import Store
from station.config import StationConfig
from station.sync_wiring import floor_hooks
from sync.engine import SyncEngine, SyncSettings
from tests.support.oms_process import RunningOms
from tests.sync.floor_work import PICKER, barcode_of, create_command, oms_order, order_status, pick
from tests.sync.real_oms import WAREHOUSE, enrolled_station, settle

Station = tuple[Store, SyncEngine]
MUG = "ACME-MUG-01"
SHELF = "A-01-01-02"  # a pick bin the demo keeps mugs in
WANTED = 100  # more than the 91 free on the shelves, less than the OMS's 113 with the receipt


@pytest.fixture
def make_station(oms_demo_server: RunningOms, tmp_path: Path) -> Iterator[Callable[[str], Station]]:
    made: list[Station] = []

    def make(name: str) -> Station:
        store, _ = enrolled_station(oms_demo_server, tmp_path / f"{name}.sqlite3", name)
        engine = SyncEngine(store, SyncSettings(feed_page_size=200), hooks=floor_hooks())
        made.append((store, engine))
        settle(engine)  # master data, stock, the demo's orders and inbound orders
        return store, engine

    yield make
    for store, engine in made:
        assert engine.stop()
        engine.close()
        store.close()


def receiving(store: Store) -> ReceiveFlow:
    context = FlowContext(
        store,
        OperatorInfo(PICKER, "Li Wei", "operator"),
        WAREHOUSE,
        over_receipt_tolerance_pct=StationConfig().over_receipt_tolerance_pct,
    )
    return ReceiveFlow(context, "IN-DEMO-0001")


def receive_mugs(store: Store) -> None:
    """24 mugs of the demo's IN-DEMO-0001 through the receiving flow, onto the dock."""
    flow = receiving(store)
    for step in (
        lambda: flow.on_scan(parse_scan(barcode_of(store, MUG))),
        lambda: flow.on_number("24"),
        lambda: flow.on_command(Command.CONFIRM),
    ):
        view = step()
        assert isinstance(view, FlowView) and view.feedback is Feedback.GOOD, view


def put_mugs_away(store: Store) -> None:
    """The receiver opens the inbound order again and scans the shelf the mugs go to."""
    view = receiving(store).on_scan(parse_scan(SHELF))
    assert isinstance(view, FlowView) and view.feedback is Feedback.GOOD, view
    with store.read_session() as session:
        assert session.scalars(select(PutawayTask.status)).all() == ["done"]


def received_event_ids(store: Store, order_no: str) -> list[tuple[str, str]]:
    """(event_id, status) of the station's outbound_received events for the order."""
    with store.read_session() as session:
        rows = session.execute(
            select(OutboxEvent.event_id, OutboxEvent.status, OutboxEvent.payload_json)
            .where(OutboxEvent.event_type == "outbound_received", OutboxEvent.order_no == order_no)
            .order_by(OutboxEvent.station_seq)
        ).all()
    return [(event_id, status) for event_id, status, _ in rows]


def oms_history(oms: RunningOms, order_no: str) -> dict[str, str]:
    """event_id -> status of the OMS's history of the order."""
    history = oms_order(oms, order_no)["history"]
    assert isinstance(history, list)
    return {entry["event_id"]: entry["status"] for entry in history if entry["event_id"]}


def test_a_put_away_moves_the_held_order_on_at_the_oms(
    oms_demo_server: RunningOms, make_station: Callable[[str], Station]
) -> None:
    store, engine = make_station("station")
    receive_mugs(store)
    settle(engine)
    order_no = create_command(oms_demo_server, MUG, WANTED)
    settle(engine)
    assert order_status(store, order_no) == "SHORTAGE"
    assert oms_order(oms_demo_server, order_no)["receive_result"] == "FAIL"

    put_mugs_away(store)
    assert order_status(store, order_no) == "ALLOCATED"
    settle(engine)
    (failed, _), (succeeded, status) = received_event_ids(store, order_no)
    assert status == "accepted"
    at_oms = oms_order(oms_demo_server, order_no)
    assert (at_oms["receive_result"], at_oms["status"]) == ("SUCCESS", "RECEIVED")
    history = oms_history(oms_demo_server, order_no)
    assert (history[failed], history[succeeded]) == ("RECEIVE_FAILED", "RECEIVED")

    assert pick(store, order_no) == WANTED
    settle(engine)
    assert oms_order(oms_demo_server, order_no)["status"] == "PICKED"


def test_another_stations_put_away_moves_the_held_order_on(
    oms_demo_server: RunningOms, make_station: Callable[[str], Station]
) -> None:
    here, here_engine = make_station("here")
    there, there_engine = make_station("there")
    receive_mugs(there)
    settle(there_engine)
    order_no = create_command(oms_demo_server, MUG, WANTED)
    settle(here_engine)  # the other station's mugs are on the dock here too: not pickable
    assert order_status(here, order_no) == "SHORTAGE"

    put_mugs_away(there)
    settle(there_engine)
    settle(here_engine)  # the put-away arrives in the feed
    assert order_status(here, order_no) == "ALLOCATED"
    (_, _), (succeeded, status) = received_event_ids(here, order_no)
    assert status == "accepted"
    assert oms_history(oms_demo_server, order_no)[succeeded] == "RECEIVED"
    assert oms_order(oms_demo_server, order_no)["receive_result"] == "SUCCESS"
