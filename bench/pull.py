"""Pull: apply outbound commands from the OMS feed (receive, allocate, callbacks queued).

    python -m bench.pull [--quick]

A station that was away while the OMS queued new outbound commands reads the warehouse feed
(``sync.pull.Puller`` with the engine's page sizes: a first page of ``feed_page_size``, then
``feed_catch_up_page_size`` while the feed has more) from a real ``oms-server`` process.
Each command is received and allocated by the real floor services (FEFO/bin walk over the
large stock table, pick tasks, stock locks, outbox callbacks), one commit per page.
"""

from __future__ import annotations

import sqlite3
import time

from bench.common import (
    figure,
    load_average,
    peak_rss_figure,
    require_generated,
    scale_from_args,
)
from bench.sync_setup import client_for, oms_and_station
from station.sync_wiring import floor_hooks
from sync.engine import SyncSettings, feed_puller


def main() -> None:
    scale = scale_from_args(__doc__ or "")
    folder = require_generated(scale)
    with oms_and_station(folder, folder / "work-pull") as (_, store):
        client, identity = client_for(store)
        settings = SyncSettings()
        try:
            puller = feed_puller(store, client, identity, floor_hooks(), settings)
            load_before = load_average()
            started = time.perf_counter()
            report = puller.pull_all()
            seconds = time.perf_counter() - started
        finally:
            client.close()
        db_path = store.db_path
    connection = sqlite3.connect(db_path)
    try:
        allocated = connection.execute(
            "SELECT count(*) FROM applied_feed_entry WHERE outcome LIKE '%allocated'"
        ).fetchone()[0]
    finally:
        connection.close()
    if report.applied != scale.feed_commands or report.refused:
        raise SystemExit(f"pull incomplete: {report.applied} applied, refused {report.refused[:3]}")
    note = (
        f"{report.applied} commands ({allocated} allocated) in {report.pages} pages "
        f"(first {settings.feed_page_size}, then {settings.feed_catch_up_page_size}); "
        f"{load_before}"
    )
    figure("pull_s", seconds, "s", note)
    figure("pull_entries_per_s", report.applied / seconds, "entries/s")
    peak_rss_figure("pull")


if __name__ == "__main__":
    main()
