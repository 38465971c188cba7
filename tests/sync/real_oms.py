"""Helpers for sync tests against the real reference OMS process."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from local_db.store import Store, open_store
from oms_contract.events import InventoryAdjusted
from station.sync_wiring import floor_hooks
from sync.engine import SyncEngine, SyncSettings
from sync.enrolment import enroll
from sync.status import SyncStatus
from tests.support.oms_process import RunningOms
from tests.sync.helpers import add_outbox_row

WAREHOUSE = "WH01"
OWNER = "ACME"
SKU = "ACME-MUG-01"

Station = tuple[Store, SyncEngine]
TwoStations = tuple[Station, Station]


def enrolled_station(oms: RunningOms, db_path: Path, name: str = "station") -> tuple[Store, str]:
    """A fresh station store enrolled with the real OMS through sync.enrolment.enroll."""
    store = open_store(db_path)
    device_id = enroll(store, oms.base_url, WAREHOUSE, oms.enrolment_key_for(WAREHOUSE), name, None)
    return store, device_id


def sync_round(engine: SyncEngine) -> SyncStatus:
    """One push/pull round on the caller's thread; it must succeed."""
    status = engine.run_once()
    assert status.online, status.last_error
    assert status.consecutive_failures == 0, status.last_error
    return status


def settle(engine: SyncEngine) -> None:
    """Two rounds (the second pushes what the first pulled); every event accepted."""
    for _ in range(2):
        status = sync_round(engine)
    assert (status.pending_count, status.rejected_count) == (0, 0), status


@contextmanager
def floor_station(oms: RunningOms, db_path: Path, feed_page_size: int = 200) -> Iterator[Station]:
    """A station enrolled with the real OMS, with the floor's hooks, settled once (master
    data, opening stock, the demo's orders); stopped and closed after."""
    store, _ = enrolled_station(oms, db_path)
    engine = SyncEngine(store, SyncSettings(feed_page_size=feed_page_size), hooks=floor_hooks())
    try:
        settle(engine)
        yield store, engine
        assert engine.stop()
    finally:
        engine.close()
        store.close()


def oms_on_hand(oms: RunningOms, owner_id: str = OWNER, sku_id: str = SKU) -> int:
    response = oms.admin_get("/stock", warehouse_id=WAREHOUSE, owner_id=owner_id, sku_id=sku_id)
    response.raise_for_status()
    lines = response.json()["lines"]
    return sum(int(line["on_hand"]) for line in lines)


def queue_found_goods(store: Store, count: int, quantity: int = 1) -> list[str]:
    """``count`` stock adjustments of +quantity each: their OMS effect is countable, so
    "applied exactly once" is one number."""
    event_ids = []
    with store.unit_of_work() as uow:
        for _ in range(count):
            payload = InventoryAdjusted(
                adjustment_no=f"ADJ-{uuid.uuid4().hex[:10]}",
                owner_id=OWNER,
                sku_id=SKU,
                quantity=quantity,
                reason_code="FOUND",
            )
            event_ids.append(add_outbox_row(uow.session, payload).event_id)
        uow.commit()
    return event_ids
