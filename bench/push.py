"""Push: drain the outbox backlog of a long offline stretch into the reference OMS.

    python -m bench.push [--quick] [--batch-size N]

The station (``sync.push.Pusher``, the engine's batch size, 500) sends every pending event
over localhost HTTP to a real ``oms-server`` process; the OMS applies each one under its
rules. Timed from the first request to the answer of the last batch: the OMS commits a batch
before answering, so that is when it has them all (checked in its database afterwards).
"""

from __future__ import annotations

import argparse
import time

from bench.common import (
    figure,
    load_average,
    peak_rss_figure,
    require_generated,
    scale_from_args,
)
from bench.sync_setup import client_for, oms_and_station, oms_count
from sync.engine import SyncSettings
from sync.push import Pusher

BATCH_SIZE = SyncSettings().push_batch_size  # the station's default


def main() -> None:
    # --batch-size: to compare other values of push_batch_size (1..1000) with the default.
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    known, rest = options.parse_known_args()
    batch_size: int = known.batch_size
    scale = scale_from_args(__doc__ or "", rest)
    folder = require_generated(scale)
    with oms_and_station(folder, folder / "work-push") as (oms, store):
        client, identity = client_for(store)
        try:
            pusher = Pusher(store, client, identity, batch_size)
            load_before = load_average()
            started = time.perf_counter()
            cpu_started = time.process_time()
            report = pusher.push_all()
            station_cpu = time.process_time() - cpu_started
            seconds = time.perf_counter() - started
        finally:
            client.close()
        at_oms = oms_count(
            oms, "SELECT count(*) FROM accepted_event WHERE station_id = ?", identity.station_id
        )
    if report.accepted != scale.outbox_events or report.rejected or at_oms != report.accepted:
        raise SystemExit(
            f"push incomplete: {report} ({at_oms} at the OMS of {scale.outbox_events})"
        )
    note = f"{report.accepted} events, batches of {batch_size}; {load_before}"
    figure("push_drain_s", seconds, "s", note)
    figure("push_events_per_s", report.accepted / seconds, "events/s")
    figure(
        "push_station_cpu_ms_per_event",
        station_cpu * 1000 / report.accepted,
        "ms",
        "the station's own share (load, envelopes, JSON, HTTP client, bookkeeping)",
    )
    peak_rss_figure("push")


if __name__ == "__main__":
    main()
