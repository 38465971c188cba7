"""A flaky but working link: the engine drains a push backlog while requests are lost, and a
cancel waits in the feed behind that backlog.

    python -m bench.flaky_link [--quick] [--events N] [--drop 0.2] [--seed S]

A real ``oms-server --demo`` on localhost; a fresh station enrolled with it and synced once
(demo master data, stock, one order of ours received and allocated). Then, with the station
offline, ``N`` found-goods adjustments queue in its outbox and the OMS cancels our order. The
engine (``sync.engine.SyncEngine``, default settings: batches of 500, backoff 1 s doubling to
60 s) starts behind a transport that loses ``--drop`` of all requests (seeded): half never
reach the OMS (connect error), half are lost after the OMS answered (it committed; the resend
is a duplicate). Figures, from the engine's start:

* ``flaky_first_feed_page_s``: the first feed page applied (``last_pull_at`` moves);
* ``flaky_cancel_applied_s``: the cancelled order is CANCELLED in the station's store (what
  a picker sees);
* ``flaky_drain_s``: the outbox is empty (the N events and the cancel's answer accepted).

Self-contained (no generated data); it imports only modules that also exist before the
#10.10 change, so the same file measures the old engine (run it with PYTHONPATH on the old
checkout).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import keyring
from sqlalchemy import select

from local_db.models import OutboundOrder
from local_db.store import Store
from oms_contract.events import InventoryAdjusted
from station.sync_wiring import floor_hooks
from sync.credentials import SessionOnlyKeyring
from sync.engine import SyncEngine, SyncSettings
from sync.outbox_queue import outbox_counts
from sync.state import LAST_PULL_AT, read_state
from tests.support.oms_process import RunningOms, start_oms_server
from tests.sync.floor_work import create_command
from tests.sync.helpers import add_outbox_row
from tests.sync.real_oms import OWNER, SKU, enrolled_station

POLL_S = 0.02
DEADLINE_S = 1800.0


class FlakyTransport(httpx.HTTPTransport):
    """Loses ``drop`` of the requests: half before the OMS sees them, half after it answered."""

    def __init__(self, drop: float, seed: int) -> None:
        super().__init__()
        self._drop = drop
        self._rng = random.Random(seed)
        self.requests = 0
        self.lost = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        roll = self._rng.random()
        if roll < self._drop / 2:
            self.lost += 1
            raise httpx.ConnectError("dropped by the bench", request=request)
        response = super().handle_request(request)
        if roll < self._drop:
            self.lost += 1
            response.read()
            response.close()
            raise httpx.ReadError("answer lost by the bench", request=request)
        return response


def figure(name: str, value: float, unit: str, note: str = "") -> None:
    print(f"FIGURE {name} {value:.2f} {unit} {note}".rstrip(), flush=True)


def queue_backlog(store: Store, count: int) -> None:
    with store.unit_of_work() as uow:
        for _ in range(count):
            payload = InventoryAdjusted(
                adjustment_no=f"ADJ-{uuid.uuid4().hex[:12]}",
                owner_id=OWNER,
                sku_id=SKU,
                quantity=1,
                reason_code="FOUND",
            )
            add_outbox_row(uow.session, payload)
        uow.commit()


def order_status(store: Store, order_no: str) -> str | None:
    with store.read_session() as session:
        return session.scalar(
            select(OutboundOrder.status).where(OutboundOrder.order_no == order_no)
        )


def prepare(oms: RunningOms, folder: Path, events: int) -> tuple[Store, str]:
    store, _ = enrolled_station(oms, folder / "station.sqlite3", "flaky bench station")
    order_no = create_command(oms, SKU, 1)
    warm = SyncEngine(store, SyncSettings(), hooks=floor_hooks())
    try:
        status = warm.run_once()
    finally:
        warm.close()
    if not status.online or order_status(store, order_no) != "ALLOCATED":
        raise SystemExit(f"set-up failed: {status.last_error}")
    queue_backlog(store, events)
    cancel = oms.admin_post(f"/outbound-commands/{order_no}/cancel", {"reason": "bench"})
    if not cancel.is_success:
        raise SystemExit(f"cancel refused by the OMS: {cancel.text}")
    return store, order_no


def run(events: int, drop: float, seed: int) -> None:
    keyring.set_keyring(SessionOnlyKeyring())
    with tempfile.TemporaryDirectory(prefix="flaky-bench-") as name:
        folder = Path(name)
        oms = start_oms_server(folder, demo=True, fault_injection=False)
        try:
            store, order_no = prepare(oms, folder, events)
            with store.read_session() as session:
                pulled_before = read_state(session, LAST_PULL_AT)
            transport = FlakyTransport(drop, seed)
            engine = SyncEngine(store, SyncSettings(), transport=transport, hooks=floor_hooks())
            started = time.perf_counter()
            engine.start()
            first_page = cancelled = drained = None
            try:
                while drained is None and time.perf_counter() - started < DEADLINE_S:
                    now = time.perf_counter() - started
                    with store.read_session() as session:
                        pulled = read_state(session, LAST_PULL_AT)
                        pending = outbox_counts(session).pending
                    if first_page is None and pulled != pulled_before:
                        first_page = now
                    if cancelled is None and order_status(store, order_no) == "CANCELLED":
                        cancelled = now
                    if cancelled is not None and pending == 0:
                        drained = now
                    time.sleep(POLL_S)
                status = engine.status()
            finally:
                engine.stop()
                store.close()
        finally:
            oms.kill()
    if first_page is None or cancelled is None or drained is None:
        raise SystemExit(f"not done within {DEADLINE_S} s: {status}")
    note = (
        f"{events} events, {drop:.0%} of requests lost (seed {seed}): "
        f"{transport.lost} of {transport.requests} requests"
    )
    figure("flaky_first_feed_page_s", first_page, "s", note)
    figure("flaky_cancel_applied_s", cancelled, "s")
    figure("flaky_drain_s", drained, "s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2,000 events instead of 20,000")
    parser.add_argument("--events", type=int, default=None)
    parser.add_argument("--drop", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=20261204)
    args = parser.parse_args(argv)
    events = args.events or (2_000 if args.quick else 20_000)
    run(events, args.drop, args.seed)


if __name__ == "__main__":
    main(sys.argv[1:])
