"""Scan latency of the steps that keep unconfirmed work in the store (receive, count).

    python -m bench.wip_scan [--quick]

Since #17.8b every receipt and count scan is one committed insert into
``work_in_progress_scan`` (``app.services.work_in_progress``), so a crash before CONFIRM loses
nothing. This times the whole flow step the operator waits for — ``ReceiveFlow.on_scan`` and
``CountFlow.on_scan``: item lookup, the insert, its ``synchronous=FULL`` commit, the answer —
on a fresh store of its own (the pick path, ``bench.scan_service``, does not change).
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

from bench.common import latency_figures, load_average, scale_from_args

WARMUP = 10
BARCODE = "6901234567892"


def _seed(db_path: Path) -> object:
    from app.feed.apply import apply_feed_entry
    from local_db.models import Barcode, Location, Operator, Owner, Sku, SyncState
    from local_db.store import open_store
    from oms_contract.documents import InboundLine, InboundOrder
    from oms_contract.sync_api import FeedEntry, InboundOrderCreated

    store = open_store(db_path, background_checkpoints=True)
    with store.unit_of_work() as uow:
        session = uow.session
        session.add(SyncState(key="warehouse_id", value="WH1"))
        session.add(Owner(owner_id="OW1", name="Owner"))
        session.add_all(
            [
                Location(code="DOCK", zone="R", pick_sequence=0, pickable=False),
                Location(code="A-01-01-01", zone="A", pick_sequence=1),
            ]
        )
        session.flush()
        session.add(Sku(owner_id="OW1", sku_id="SKU-A", name="Tea"))
        session.flush()
        session.add(Barcode(code=BARCODE, owner_id="OW1", sku_id="SKU-A"))
        session.add(Operator(badge_code="P1", name="Picker", role="operator"))
        uow.commit()
    document = InboundOrder(
        inbound_no="IN-BENCH",
        warehouse_id="WH1",
        owner_id="OW1",
        lines=[InboundLine(sku_id="SKU-A", expected_qty=1_000_000)],
    )
    entry = FeedEntry(
        seq=1, created_at=dt.datetime.now(dt.UTC), body=InboundOrderCreated(inbound=document)
    )
    with store.unit_of_work() as uow:
        apply_feed_entry(uow, entry, "BENCH")
        uow.commit()
    return store


def main() -> None:
    from app.flows.base import FlowContext, OperatorInfo
    from app.flows.count_flow import CountFlow
    from app.flows.receive_flow import ReceiveFlow
    from app.scanning.gs1 import parse_scan
    from app.services.work_in_progress import add_scan
    from local_db.store import Store

    scale = scale_from_args(__doc__ or "")
    scans = 100 if scale.name == "quick" else 2000
    with tempfile.TemporaryDirectory() as folder:
        store = _seed(Path(folder) / "station.sqlite3")
        assert isinstance(store, Store)
        context = FlowContext(store, OperatorInfo("P1", "Picker", "operator"), "WH1")
        receive = ReceiveFlow(context, "IN-BENCH")
        count = CountFlow(context, "A-01-01-01")
        scan = parse_scan(BARCODE)
        timings: dict[str, list[float]] = {"receive": [], "count": [], "insert": []}
        payload = {"line": 1, "qty": 1, "batch": None, "expiry": None, "qc": None}
        for number in range(WARMUP + scans):
            for name, flow in (("receive", receive), ("count", count)):
                started = time.perf_counter()
                flow.on_scan(scan)
                if number >= WARMUP:
                    timings[name].append(time.perf_counter() - started)
            # What #17.8b added to each of those steps: the insert and its commit alone.
            started = time.perf_counter()
            add_scan(store, "receive", "IN-OTHER", "P1", payload)
            if number >= WARMUP:
                timings["insert"].append(time.perf_counter() - started)
        store.close()
    latency_figures("wip_receive_scan", timings["receive"], "flow step incl. committed insert")
    latency_figures("wip_count_scan", timings["count"], "flow step incl. committed insert")
    latency_figures("wip_insert", timings["insert"], "the kept-scan insert + commit alone")
    print(f"# {load_average()} (other work on the machine moves these figures)", flush=True)


if __name__ == "__main__":
    main()
