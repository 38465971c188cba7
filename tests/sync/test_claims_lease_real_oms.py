"""Claim leases (#14) against the real OMS started with a short lease (``--claim-lease-s``):
a station that stops renewing loses its order to the next station that asks; a station that
syncs keeps renewing the claims it holds.

Seed 002 §模块2 (分布式锁 with an expiry: a lock whose holder is gone must not block the order
for ever); seed 000 §5.2 (超时未处理: orders must not stay stuck at a station that is gone).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.flows.view import Feedback
from app.queries.task_list import TaskFilter, fetch_tasks
from local_db.store import Store
from local_db.types import utc_now
from station.sync_wiring import floor_hooks
from sync.engine import SyncEngine, SyncSettings
from tests.support.oms_process import RunningOms, start_oms_server
from tests.sync.claim_stations import (
    LAMP_BIN,
    LAMP_ORDER,
    claim_row,
    gate,
    message_of,
    picker,
    scan,
)
from tests.sync.real_oms import Station, enrolled_station, sync_round

LEASE_S = 3
PATIENCE_S = 60.0  # only a bound on a broken run: the tests wait for an event, not a time


@pytest.fixture
def short_lease_stations(tmp_path: Path) -> Iterator[tuple[Station, Station]]:
    oms: RunningOms = start_oms_server(
        tmp_path, demo=True, extra_args=["--claim-lease-s", str(LEASE_S)]
    )
    made: list[Station] = []
    try:
        for name in ("station-a", "station-b"):
            store, _ = enrolled_station(oms, tmp_path / f"{name}.sqlite3", name)
            engine = SyncEngine(store, SyncSettings(feed_page_size=50), hooks=floor_hooks())
            sync_round(engine)
            made.append((store, engine))
        yield made[0], made[1]
    finally:
        for store, engine in made:
            engine.close()
            store.close()
        oms.kill()


def taken_by(store: Store, order_no: str) -> str | None:
    with store.read_session() as session:
        rows = fetch_tasks(session, TaskFilter(), utc_now(), 0, 100)
    return next(row.taken_by for row in rows if row.order_no == order_no)


def test_an_expired_lease_frees_the_order_for_another_station(
    short_lease_stations: tuple[Station, Station],
) -> None:
    (store_a, engine_a), (store_b, _) = short_lease_stations
    assert scan(picker(store_a, LAMP_ORDER, gate(store_a)), LAMP_BIN).feedback is Feedback.GOOD
    first = scan(picker(store_b, LAMP_ORDER, gate(store_b)), LAMP_BIN)
    assert message_of(first) == (
        "order_claimed_elsewhere",
        {"order": LAMP_ORDER, "station": "station-a"},
    )

    # A never syncs again (gone): B asks until the OMS frees the order.
    deadline = time.monotonic() + PATIENCE_S
    while True:
        view = scan(picker(store_b, LAMP_ORDER, gate(store_b)), LAMP_BIN)
        if view.feedback is Feedback.GOOD or time.monotonic() > deadline:
            break
        time.sleep(0.25)
    assert view.feedback is Feedback.GOOD, message_of(view)
    row = claim_row(store_b, LAMP_ORDER)
    assert row is not None and row.mine

    sync_round(engine_a)  # A comes back: the order is B's now
    assert taken_by(store_a, LAMP_ORDER) == "station-b"
    row_a = claim_row(store_a, LAMP_ORDER)
    assert row_a is not None and not row_a.mine


def test_a_syncing_station_renews_its_claim_past_the_lease(
    short_lease_stations: tuple[Station, Station],
) -> None:
    (store_a, engine_a), (store_b, _) = short_lease_stations
    assert scan(picker(store_a, LAMP_ORDER, gate(store_a)), LAMP_BIN).feedback is Feedback.GOOD
    row = claim_row(store_a, LAMP_ORDER)
    assert row is not None and row.lease_expires_at is not None
    first_expiry = row.lease_expires_at

    # A syncs as a station does, until well past the first lease.
    while utc_now() < first_expiry + (first_expiry - row.updated_at):
        sync_round(engine_a)
        time.sleep(0.3)

    renewed = claim_row(store_a, LAMP_ORDER)
    assert renewed is not None and renewed.mine
    assert renewed.lease_expires_at is not None and renewed.lease_expires_at > first_expiry
    view = scan(picker(store_b, LAMP_ORDER, gate(store_b)), LAMP_BIN)
    assert message_of(view) == (
        "order_claimed_elsewhere",
        {"order": LAMP_ORDER, "station": "station-a"},
    )
