"""Online latency: a pick committed → accepted by the OMS, while picks arrive at 10 per second.

    python -m bench.online [--quick]

The station runs its real ``SyncEngine`` thread against a real ``oms-server`` process, caught
up (no backlog, feed cursor at the head, reconciliation done). Picks are confirmed through
``confirm_pick`` at 10 per second, each followed by ``engine.outbox_changed()`` as the UI does.
A pick's latency runs from its commit to the moment the station recorded the OMS's
acceptance of its ``picked_lines`` event (``accepted_at``, written after the OMS committed).
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

from sqlalchemy import select, update

from bench.common import (
    figure,
    load_average,
    peak_rss_figure,
    percentile,
    require_generated,
    scale_from_args,
)
from bench.pick_plan import plan_picks
from bench.sync_setup import oms_and_station
from local_db.models import OutboxEvent
from local_db.store import Store
from station.sync_wiring import floor_hooks
from sync.engine import SyncEngine, SyncSettings
from sync.state import FEED_CURSOR, LAST_RECONCILE_AT, write_state, write_time

RATE_PER_S = 10.0
DEADLINE_S = 120.0


def caught_up(store: Store, feed_head: int) -> None:
    """The steady state of an online station: nothing waiting, feed read, stock reconciled."""
    with store.unit_of_work() as uow:
        uow.session.execute(
            update(OutboxEvent).where(OutboxEvent.status == "pending").values(status="accepted")
        )
        write_state(uow.session, FEED_CURSOR, str(feed_head))
        write_time(uow.session, LAST_RECONCILE_AT, dt.datetime.now(dt.UTC))
        uow.commit()


def wait_for(condition: object, what: str) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.05)


def main() -> None:
    from app.services.picking import confirm_pick

    scale = scale_from_args(__doc__ or "")
    folder = require_generated(scale)
    with oms_and_station(folder, folder / "work-online") as (_, store):
        caught_up(store, scale.feed_commands)
        scans = plan_picks(store.db_path, scale.online_picks)
        engine = SyncEngine(store, SyncSettings(), hooks=floor_hooks())
        engine.start()
        try:
            wait_for(lambda: engine.status().online and not engine.status().syncing, "first sync")
            load_before = load_average()
            committed: dict[int, dt.datetime] = {}
            start = time.monotonic()
            for number, scan in enumerate(scans):
                pause = start + number / RATE_PER_S - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
                with store.unit_of_work() as uow:
                    outcome = confirm_pick(
                        uow,
                        scan.task_id,
                        location_code=scan.location_code,
                        barcode=scan.barcode,
                        quantity=1,
                        operator=scan.operator,
                        batch_no=scan.batch_no,
                    )
                    uow.commit()
                committed_at = dt.datetime.now(dt.UTC)
                picked = next(e for e in outcome.events if e.event_type == "picked_lines")
                committed[picked.id] = committed_at
                engine.outbox_changed()
            achieved_rate = (len(scans) - 1) / (time.monotonic() - start)

            def all_accepted() -> bool:
                with store.read_session() as session:
                    left = session.scalar(
                        select(OutboxEvent.id).where(OutboxEvent.status != "accepted").limit(1)
                    )
                return left is None

            wait_for(all_accepted, "every pick accepted by the OMS")
        finally:
            engine.stop()
            engine.close()
        with store.read_session() as session:
            rows = session.execute(
                select(OutboxEvent.id, OutboxEvent.accepted_at).where(
                    OutboxEvent.id.in_(list(committed))
                )
            )
            accepted = {row_id: accepted_at for row_id, accepted_at in rows}
    latencies = []
    for row_id, committed_at in committed.items():
        accepted_at = accepted[row_id]
        assert accepted_at is not None
        latencies.append((accepted_at - committed_at).total_seconds() * 1000)
    note = f"{len(latencies)} picks at {achieved_rate:.1f}/s; {load_before}"
    figure("online_pick_to_oms_median_ms", statistics.median(latencies), "ms", note)
    figure("online_pick_to_oms_p95_ms", percentile(latencies, 0.95), "ms", "target: under 1000")
    figure("online_pick_to_oms_p99_ms", percentile(latencies, 0.99), "ms")
    peak_rss_figure("online")


if __name__ == "__main__":
    main()
