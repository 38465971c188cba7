"""The movement checks accept what a real station sends: its own floor services, through its
sync engine, against the real ``oms-server`` process with the demo data.

Every kind of event that carries movements is produced here the way the floor produces it
(receipt, count, adjustment, damage, freeze, unfreeze, move, pick, short pick, cancel with
put-back); the OMS must accept all of them, and a second station must converge on the same
bins from the feed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from sqlalchemy import select

from app.services.adjusting import adjust_stock, mark_damaged
from app.services.cancelling import put_back
from app.services.counting import CountedItem, start_cycle_count, submit_count
from app.services.freezing import freeze_stock, unfreeze_stock
from app.services.moving import move_stock
from app.services.picking import short_pick
from app.services.receiving import ReceiptLine, receive_inbound
from local_db.models import OutboxEvent, PutBackTask, Stock
from local_db.store import Store
from station.sync_wiring import floor_hooks
from sync.credentials import SessionOnlyKeyring
from sync.engine import SyncEngine, SyncSettings
from tests.support.oms_process import RunningOms
from tests.support.picks import open_pick_tasks
from tests.sync.floor_work import PICKER, SUPERVISOR, create_command, pick
from tests.sync.real_oms import enrolled_station

Station = tuple[Store, SyncEngine]


@pytest.fixture
def stations(oms_demo_server: RunningOms, tmp_path: Path) -> Iterator[list[Station]]:
    previous = keyring.get_keyring()
    keyring.set_keyring(SessionOnlyKeyring())  # the tokens live in memory only
    try:
        yield from _stations(oms_demo_server, tmp_path)
    finally:
        keyring.set_keyring(previous)


def _stations(oms_demo_server: RunningOms, tmp_path: Path) -> Iterator[list[Station]]:
    made: list[Station] = []
    for name in ("floor-a", "floor-b"):
        store, _ = enrolled_station(oms_demo_server, tmp_path / f"{name}.sqlite3", name)
        made.append(
            (store, SyncEngine(store, SyncSettings(feed_page_size=200), hooks=floor_hooks()))
        )
    yield made
    for store, engine in made:
        assert engine.stop()
        engine.close()
        store.close()


def _sync(engine: SyncEngine) -> None:
    status = engine.run_once()
    assert status.online and status.consecutive_failures == 0, status.last_error


def _bins(store: Store) -> dict[tuple[str, str, str, str | None], tuple[int, int, int]]:
    with store.read_session() as session:
        return {
            (row.location_code, row.owner_id, row.sku_id, row.batch_no): (
                row.on_hand,
                row.frozen,
                row.damaged,
            )
            for row in session.scalars(select(Stock))
            if row.on_hand or row.frozen or row.damaged
        }


def _floor_work(store: Store, oms: RunningOms, engine: SyncEngine) -> None:
    with store.unit_of_work() as uow:
        adjust_stock(
            uow,
            location_code="A-02-02-01",
            owner_id="ACME",
            sku_id="ACME-LAMP-02",
            quantity=3,
            reason_code="FOUND",
            operator=PICKER,
        )
        mark_damaged(
            uow,
            location_code="A-01-02-03",
            owner_id="ACME",
            sku_id="ACME-CABLE-C",
            quantity=2,
            operator=PICKER,
        )
        freeze_stock(
            uow,
            location_code="B-01-01-01",
            owner_id="LOTUS",
            sku_id="LOT-SOAP-01",
            quantity=5,
            operator=SUPERVISOR,
        )
        unfreeze_stock(
            uow,
            location_code="B-01-01-01",
            owner_id="LOTUS",
            sku_id="LOT-SOAP-01",
            quantity=2,
            operator=SUPERVISOR,
        )
        move_stock(
            uow,
            from_location="A-01-01-02",
            to_location="A-02-01-01",
            owner_id="ACME",
            sku_id="ACME-MUG-01",
            quantity=5,
            operator=PICKER,
        )
        receive_inbound(
            uow, "IN-DEMO-0002", [ReceiptLine(1, 60)], location_code="B-01-02-01", operator=PICKER
        )
        count = start_cycle_count(uow, "B-02-02-02", PICKER)
        submit_count(
            uow, count.count_no, [CountedItem("LOTUS", "LOT-SOCKS-3", 88)], operator=PICKER
        )
        uow.commit()

    short_order = create_command(oms, "ACME-CABLE-C", 3)
    cancelled_order = create_command(oms, "ACME-LAMP-02", 2)
    _sync(engine)
    pick(store, short_order, 1)
    with store.unit_of_work() as uow:
        task = open_pick_tasks(uow, short_order)[0]
        left = task.quantity - task.picked_qty - task.short_qty
        short_pick(uow, task.id, quantity=left, reason="NOT_FOUND", operator=PICKER)
        uow.commit()
    pick(store, cancelled_order, 2)
    _sync(engine)
    oms.admin_post(
        f"/outbound-commands/{cancelled_order}/cancel", {"reason": "customer"}
    ).raise_for_status()
    _sync(engine)
    with store.unit_of_work() as uow:
        for task_id in uow.session.scalars(select(PutBackTask.id)):
            put_back(uow, task_id, "A-02-02-02", PICKER)
        uow.commit()


def test_every_movement_a_real_station_sends_is_accepted_and_peers_converge(
    oms_demo_server: RunningOms, stations: list[Station]
) -> None:
    (store_a, engine_a), (store_b, engine_b) = stations
    _sync(engine_a)
    _sync(engine_b)
    _floor_work(store_a, oms_demo_server, engine_a)
    for _ in range(3):
        _sync(engine_a)
    with store_a.read_session() as session:
        outbox = session.execute(select(OutboxEvent.event_type, OutboxEvent.status)).all()
    event_types = {event_type for event_type, _ in outbox}
    assert {"inventory_adjusted", "inbound_received", "picked_lines", "stock_changed"} <= (
        event_types
    )
    assert {status for _, status in outbox} == {"accepted"}, [
        row for row in outbox if row[1] != "accepted"
    ]
    for _ in range(3):
        _sync(engine_b)
    assert _bins(store_b) == _bins(store_a)
