"""The feed's long-poll (``wait_s``) on the real OMS process, SQLite and PostgreSQL: every
write path that appends to a warehouse's feed wakes its waiting stations; waiting requests
hold no overload slot; a shutdown answers them.

Seed 000 (集成的核心目标): "指令准确传递：OMS的出库指令准确下发到WMS"; its sync strategies
table: "实时同步 | 每次变动立即同步 | 库存紧张、高并发"."""

from __future__ import annotations

import datetime as dt
import signal
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from oms_contract.events import CancelOutcome, CancelResult, EventEnvelope, InventoryAdjusted
from oms_contract.sync_api import PushRequest
from oms_contract.versions import CONTRACT_HEADER, CONTRACT_VERSION
from tests.support.oms_process import RunningOms, start_oms_server
from tests.sync.floor_work import create_command

WAREHOUSE = "WH01"
WAIT_S = 20
"""Longer than any answer should take: an unwoken waiter answers an empty page after it."""
SETTLE_S = 1.0
"""Time for a waiter to reach its wait before the write (else its first read sees it)."""


@pytest.fixture
def oms(database_url: str, tmp_path: Path) -> Iterator[RunningOms]:
    server = start_oms_server(
        tmp_path,
        database_url,
        demo=True,
        extra_args=["--max-in-flight", "2", "--per-client-in-flight", "2"],
    )
    try:
        yield server
    finally:
        server.kill()


class Station:
    def __init__(self, oms: RunningOms) -> None:
        body = oms.enrol(WAREHOUSE)
        self.device_id = str(body["device_id"])
        self.url = oms.api_url
        self.headers = {
            "Authorization": f"Bearer {body['token']}",
            CONTRACT_HEADER: str(CONTRACT_VERSION),
        }
        self.seq = 0

    def head(self) -> int:
        response = httpx.get(
            f"{self.url}/warehouses/{WAREHOUSE}/feed",
            params={"after": 0, "limit": 2000},
            headers=self.headers,
            timeout=10,
        )
        response.raise_for_status()
        page = response.json()
        assert not page["has_more"]
        return int(page["next_cursor"])

    def wait_on_feed(self, after: int) -> Waiter:
        waiter = Waiter(self, after)
        waiter.start()
        return waiter

    def push(self, payload: Any) -> dict[str, Any]:
        self.seq += 1
        envelope = EventEnvelope(
            event_id=uuid.uuid4().hex,
            station_id=self.device_id,
            station_seq=self.seq,
            warehouse_id=WAREHOUSE,
            operator="P001",
            occurred_at=dt.datetime.now(dt.UTC),
            payload=payload,
        )
        response = httpx.post(
            f"{self.url}/events",
            content=PushRequest(events=[envelope]).model_dump_json(),
            headers={**self.headers, "Content-Type": "application/json"},
            timeout=10,
        )
        response.raise_for_status()
        result: dict[str, Any] = response.json()["results"][0]
        assert result["outcome"] == "accepted", result
        return result


class Waiter(threading.Thread):
    """One long-polling feed request on its own thread."""

    def __init__(self, station: Station, after: int) -> None:
        super().__init__(daemon=True)
        self.station = station
        self.after = after
        self.response: httpx.Response | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.response = httpx.get(
                f"{self.station.url}/warehouses/{WAREHOUSE}/feed",
                params={"after": self.after, "wait_s": WAIT_S},
                headers=self.station.headers,
                timeout=WAIT_S + 20,
            )
        except BaseException as error:  # the test reads it
            self.error = error

    def page(self) -> dict[str, Any]:
        self.join(WAIT_S + 30)
        assert self.error is None, repr(self.error)
        assert self.response is not None
        assert self.response.status_code == 200, self.response.text
        body: dict[str, Any] = self.response.json()
        return body


def kinds_after_write(station: Station, write: Callable[[], object]) -> list[str]:
    """The entry kinds a station waiting on the feed is woken with by ``write``."""
    waiter = station.wait_on_feed(station.head())
    time.sleep(SETTLE_S)
    write()
    return [entry["body"]["kind"] for entry in waiter.page()["entries"]]


def test_every_write_path_that_appends_to_the_feed_wakes_a_waiting_station(
    oms: RunningOms,
) -> None:
    station = Station(oms)
    order_no = ""

    def command() -> None:
        nonlocal order_no
        order_no = create_command(oms, "ACME-MUG-01", 1)

    def ok(response: httpx.Response) -> None:
        assert response.status_code < 300, response.text

    assert kinds_after_write(station, command) == ["outbound_command_created"]
    assert kinds_after_write(
        station, lambda: ok(oms.admin_post(f"/outbound-commands/{order_no}/cancel", {}))
    ) == ["cancel_requested"]
    # A set-based push (oms_server/services/push_batch.py) ...
    found = InventoryAdjusted(
        adjustment_no="ADJ-LIVE-1",
        owner_id="ACME",
        sku_id="ACME-MUG-01",
        quantity=1,
        reason_code="FOUND",
    )
    assert kinds_after_write(station, lambda: station.push(found)) == ["station_event_accepted"]
    # ... and one judged on its own (oms_server/services/push.py).
    cancelled = CancelResult(order_no=order_no, result=CancelOutcome.CANCELLED)
    assert kinds_after_write(station, lambda: station.push(cancelled)) == ["station_event_accepted"]
    inbound = {
        "inbound_no": "IN-LIVE-1",
        "warehouse_id": WAREHOUSE,
        "owner_id": "ACME",
        "lines": [{"sku_id": "ACME-MUG-01", "expected_qty": 5}],
    }
    assert kinds_after_write(station, lambda: ok(oms.admin_post("/inbound-orders", inbound))) == [
        "inbound_order_created"
    ]
    master = {
        "owners": [],
        "skus": [],
        "locations": [{"code": "A-09-01-01", "zone": "A", "pick_sequence": 90}],
        "operators": [],
    }
    assert kinds_after_write(
        station, lambda: ok(oms.admin_post("/master-data", master, warehouse_id=WAREHOUSE))
    ) == ["master_data_upserted"]
    # An order claim (contract version 4).
    claim = {"order_no": create_command(oms, "ACME-MUG-01", 1)}

    def claim_it() -> None:
        ok(httpx.post(f"{oms.api_url}/claims", json=claim, headers=station.headers))

    assert kinds_after_write(station, claim_it) == ["order_claimed"]


def test_a_station_below_version_4_waits_on_through_claim_entries(oms: RunningOms) -> None:
    """A claim entry wakes every waiter, but a station below version 4 never gets one: it
    waits on for the rest of its time and is answered with the next entry it can read."""
    station = Station(oms)
    older = Station(oms)
    older.headers[CONTRACT_HEADER] = "3"
    order_no = create_command(oms, "ACME-MUG-01", 1)
    waiter = older.wait_on_feed(older.head())
    time.sleep(SETTLE_S)
    claimed = httpx.post(
        f"{oms.api_url}/claims", json={"order_no": order_no}, headers=station.headers
    )
    assert claimed.status_code == 200, claimed.text
    time.sleep(SETTLE_S)
    later = create_command(oms, "ACME-MUG-01", 1)

    [entry] = waiter.page()["entries"]
    assert entry["body"]["command"]["order_no"] == later


def test_waiting_stations_hold_no_overload_slot_and_all_wake_at_once(oms: RunningOms) -> None:
    """The OMS runs with --max-in-flight 2: four waiting stations would fill it twice over."""
    stations = [Station(oms) for _ in range(4)]
    head = stations[0].head()
    waiters = []
    for station in stations:  # one by one: each one's first read is an active request
        waiters.append(station.wait_on_feed(head))
        time.sleep(SETTLE_S)
    # Active requests still get in while four stations wait.
    stock = oms.admin_get("/stock", warehouse_id=WAREHOUSE)
    assert stock.status_code == 200, stock.text
    assert stations[0].head() == head
    order_no = create_command(oms, "ACME-MUG-01", 1)
    for waiter in waiters:
        [entry] = waiter.page()["entries"]
        assert entry["body"]["command"]["order_no"] == order_no


def test_a_shutdown_answers_the_waiting_stations_and_exits_cleanly(oms: RunningOms) -> None:
    station = Station(oms)
    head = station.head()
    waiter = station.wait_on_feed(head)
    time.sleep(SETTLE_S)
    process = oms.process
    assert process is not None
    oms.stop()  # SIGTERM; uvicorn re-raises it once it has shut down
    assert process.returncode == -signal.SIGTERM, "killed after the graceful deadline"
    page = waiter.page()
    assert page == {"entries": [], "next_cursor": head, "has_more": False}
