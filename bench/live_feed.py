"""Live feed: a command created (and then cancelled) at the OMS → known to a station's store,
through the feed's long-poll; and the OMS's CPU with 200 idle long-polling stations.

    python -m bench.live_feed [--quick]

A real ``oms-server --demo`` process (SQLite) and a station running its real ``SyncEngine``
with ``sync_interval_s`` = 600 s, so only the long-poll (``wait_s`` 25) can deliver within
the run. Each command is posted through the admin API; its latency runs from just before
the POST to the moment the order is in the station's store *and* on the task list query
(``fetch_tasks``, what the task screen runs). The cancel's runs from just before its POST
to the store's order being CANCELLED. Then 200 idle stations (of another warehouse, so
nothing wakes them) long-poll as lightweight asyncio clients; the OMS's CPU time
(utime + stime of its process) is read over an idle window, and the measure is repeated
with them connected. Needs no generated data.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import keyring
from sqlalchemy import select

from bench.common import figure, load_average, percentile, scale_from_args
from local_db.models.outbound import OutboundOrder
from local_db.store import Store, open_store
from oms_contract.versions import CONTRACT_HEADER, CONTRACT_VERSION
from station.sync_wiring import floor_hooks
from sync.credentials import SessionOnlyKeyring
from sync.engine import SyncEngine, SyncSettings
from sync.enrolment import enroll
from tests.support.oms_process import RunningOms, start_oms_server

WAREHOUSE = "WH01"
IDLE_WAREHOUSE = "WH-IDLE"
IDLE_STATIONS = 200
WAIT_S = 25
DEADLINE_S = 30.0
SKU = "ACME-MUG-01"


def wait_for(condition: Callable[[], bool], what: str) -> float:
    """Polls every millisecond; answers the monotonic time it became true."""
    deadline = time.monotonic() + DEADLINE_S
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.001)
    return time.monotonic()


def order_status(store: Store, order_no: str) -> str | None:
    with store.read_session() as session:
        return session.scalar(
            select(OutboundOrder.status).where(OutboundOrder.order_no == order_no)
        )


def on_task_list(store: Store, order_no: str) -> bool:
    from app.queries.task_list import TaskFilter, fetch_tasks

    with store.read_session() as session:
        rows = fetch_tasks(session, TaskFilter(), dt.datetime.now(dt.UTC), 0, 2000)
    return any(row.order_no == order_no for row in rows)


def command_body(order_no: str) -> dict[str, object]:
    return {
        "command_id": f"CMD-{order_no}",
        "order_no": order_no,
        "warehouse_id": WAREHOUSE,
        "owner_id": "ACME",
        "consignee": "Bench",
        "phone": "13800000000",
        "province": "Zhejiang",
        "city": "Hangzhou",
        "address": "1 Bench Road",
        "carrier_code": "SF",
        "items": [{"sku_id": SKU, "sku_name": SKU, "quantity": 1}],
    }


def measure(oms: RunningOms, store: Store, rounds: int, tag: str) -> tuple[list[float], ...]:
    created, cancelled = [], []
    for number in range(rounds):
        order_no = f"SO-LIVE-{tag}-{number:04d}"
        time.sleep(0.2)  # the station's watcher is back at its wait
        started = time.monotonic()
        response = oms.admin_post("/outbound-commands", command_body(order_no))
        if response.status_code != 201:
            raise SystemExit(f"command refused: {response.text}")
        known = wait_for(
            lambda o=order_no: order_status(store, o) is not None and on_task_list(store, o),
            f"{order_no} on the station's task list",
        )
        created.append((known - started) * 1000)
        time.sleep(0.2)
        started = time.monotonic()
        response = oms.admin_post(f"/outbound-commands/{order_no}/cancel", {"reason": "bench"})
        if response.status_code != 202:
            raise SystemExit(f"cancel refused: {response.text}")
        known = wait_for(
            lambda o=order_no: order_status(store, o) == "CANCELLED", f"{order_no} cancelled"
        )
        cancelled.append((known - started) * 1000)
    return created, cancelled


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def idle_cpu_percent(pid: int, window_s: float) -> float:
    before = cpu_seconds(pid)
    time.sleep(window_s)
    return (cpu_seconds(pid) - before) / window_s * 100


class IdleStations:
    """``count`` enrolled stations long-polling an idle warehouse, on one asyncio loop."""

    def __init__(self, oms: RunningOms, count: int) -> None:
        self._url = f"{oms.api_url}/warehouses/{IDLE_WAREHOUSE}/feed"
        self._tokens = [str(oms.enrol(IDLE_WAREHOUSE, f"idle {n}")["token"]) for n in range(count)]
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._stopping = False
        self.waits = 0
        self.errors = 0
        self.last_error = ""

    def start(self) -> None:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._all(), self._loop)

    def stop(self) -> None:
        self._stopping = True
        for task in asyncio.all_tasks(self._loop):
            self._loop.call_soon_threadsafe(task.cancel)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    async def _all(self) -> None:
        limits = httpx.Limits(max_connections=len(self._tokens) + 10)
        async with httpx.AsyncClient(limits=limits, timeout=WAIT_S + 15) as client:
            await asyncio.gather(
                *(self._one(client, token, n * 0.02) for n, token in enumerate(self._tokens))
            )

    async def _one(self, client: httpx.AsyncClient, token: str, delay_s: float) -> None:
        # Stations come online one after the other, not 200 in the same millisecond (the
        # OMS would answer most of them 503 SERVER_BUSY, as it should).
        await asyncio.sleep(delay_s)
        headers = {"Authorization": f"Bearer {token}", CONTRACT_HEADER: str(CONTRACT_VERSION)}
        while not self._stopping:
            try:
                response = await client.get(
                    self._url, params={"after": 0, "wait_s": WAIT_S}, headers=headers
                )
                response.raise_for_status()
                self.waits += 1
            except httpx.HTTPError as error:
                self.errors += 1
                self.last_error = repr(error)
                await asyncio.sleep(2)


def main() -> None:
    scale = scale_from_args(__doc__ or "")
    rounds = 10 if scale.name == "quick" else 50
    window_s = 10.0 if scale.name == "quick" else 60.0
    keyring.set_keyring(SessionOnlyKeyring())
    with tempfile.TemporaryDirectory(prefix="bench-live-feed-") as work:
        oms = start_oms_server(Path(work), demo=True, fault_injection=False)
        store = open_store(Path(work) / "station.sqlite3", background_checkpoints=True)
        engine: SyncEngine | None = None
        idle: IdleStations | None = None
        try:
            enroll(store, oms.base_url, WAREHOUSE, oms.enrolment_key_for(WAREHOUSE), "bench", None)
            settings = SyncSettings(sync_interval_s=600.0, live_feed_wait_s=WAIT_S)
            engine = SyncEngine(store, settings, hooks=floor_hooks())
            engine.start()
            wait_for(
                lambda: engine is not None and engine.status().last_pull_at is not None, "sync"
            )
            time.sleep(1.0)
            assert oms.process is not None
            pid = oms.process.pid
            load = load_average()
            alone = measure(oms, store, rounds, "A")
            cpu_alone = idle_cpu_percent(pid, window_s)
            idle = IdleStations(oms, IDLE_STATIONS)
            idle.start()
            time.sleep(5.0)  # every idle station is waiting
            cpu_idle = idle_cpu_percent(pid, window_s)
            loaded = measure(oms, store, rounds, "B")
            waits, errors = idle.waits, idle.errors
            if errors:
                print(f"# idle stations: {errors} errors, the last {idle.last_error}")
        finally:
            if idle is not None:
                idle.stop()
            if engine is not None:
                engine.stop()
            store.close()
            oms.stop()
    for label, (created, cancelled) in (("", alone), ("_200_idle", loaded)):
        note = f"{rounds} commands; {load}" if not label else f"{IDLE_STATIONS} idle stations"
        figure(f"live_command_median_ms{label}", statistics.median(created), "ms", note)
        figure(f"live_command_p95_ms{label}", percentile(created, 0.95), "ms", "target < 500")
        figure(f"live_cancel_median_ms{label}", statistics.median(cancelled), "ms")
        figure(f"live_cancel_p95_ms{label}", percentile(cancelled, 0.95), "ms", "target < 500")
    figure("live_oms_idle_cpu_pct", cpu_alone, "%", f"OMS process CPU over {window_s:g} s")
    figure(
        "live_oms_idle_cpu_pct_200_idle",
        cpu_idle,
        "%",
        f"{IDLE_STATIONS} stations waiting; {waits} waits ended, {errors} errors",
    )


if __name__ == "__main__":
    main()
