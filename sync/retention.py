"""Pruning the station's sync history (#12.11): accepted outbox rows and applied-feed log
rows older than the retention horizon, in short batches, so the store stops growing with
every day of work.

What may go, and why nothing idempotency needs goes with it:

- **Outbox rows** only when ``accepted`` (the OMS has them) and accepted *and* happened more
  than ``keep_days`` ago. Pending, held, rejected and discarded rows are never touched: they
  are the queue and a supervisor's records. The OMS keeps every accepted ``event_id``
  forever, and a station resends only pending rows, so an accepted row is never needed to
  send again. Never the newest row: new rows are numbered ``max(id) + 1`` (``app.outbox``);
  station numbers rise from their own mark in sync state. Never a row an *open* exception
  record points at, nor one that happened after the oldest count difference still waiting
  for a supervisor (its "stock moved since" check reads those events). The audit and
  exception rows that pointed at a pruned row keep everything but that link.
- **Applied-feed log rows** only at or below the committed feed cursor: the pull skips every
  entry at or below the cursor before it looks at the log (``sync.pull``), so the cursor
  alone keeps a replayed page from being applied twice. The newest row is kept (the stock
  report's feed basis is ``max(seq)``, ``app.outbox``).

Each batch is its own short unit of work (``batch_size`` rows, a few milliseconds of the
writer lock), with a pause between batches, so a scan never waits behind the prune; the
engine also stops it after a slice of time per round (``keep_going``) and goes on in the
next round, so a store that has never been pruned catches up without holding up the sync.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from local_db.store import Store
from local_db.types import to_sqlite_utc, utc_now
from sync.state import feed_cursor

log = logging.getLogger("wms.sync.retention")

DEFAULT_KEEP_DAYS: Final = 90.0
MIN_KEEP_DAYS: Final = 1.0
DEFAULT_BATCH_SIZE: Final = 100
PAUSE_BETWEEN_BATCHES_S: Final = 0.02

_OLDEST_WAITING_COUNT = (
    "SELECT min(created_at) FROM stock_adjustment WHERE status = 'pending_approval'"
)
_OLD_ACCEPTED = """
SELECT e.id FROM outbox_event e
WHERE e.status = 'accepted'
  AND e.occurred_at < ?
  AND (e.accepted_at IS NULL OR e.accepted_at < ?)
  AND e.id < (SELECT max(id) FROM outbox_event)
  AND NOT EXISTS (
      SELECT 1 FROM exception_record x WHERE x.outbox_event_id = e.id AND x.status = 'open'
  )
ORDER BY e.id
LIMIT ?
"""
_OLD_APPLIED = """
DELETE FROM applied_feed_entry WHERE seq IN (
    SELECT seq FROM applied_feed_entry
    WHERE seq <= ? AND applied_at < ?
      AND seq < (SELECT max(seq) FROM applied_feed_entry)
    ORDER BY seq
    LIMIT ?
)
"""


@dataclass(frozen=True)
class PruneReport:
    cutoff: dt.datetime
    outbox_rows: int = 0
    feed_log_rows: int = 0
    batches: int = 0
    finished: bool = True
    """False when ``keep_going`` stopped it with rows still to prune."""


def _cutoffs(store: Store, keep_days: float, now: dt.datetime) -> tuple[str, str]:
    """(outbox cutoff, feed log cutoff) as the store writes times."""
    horizon = now - dt.timedelta(days=keep_days)
    outbox = to_sqlite_utc(horizon)
    with store.read_connection() as connection:
        waiting = connection.exec_driver_sql(_OLDEST_WAITING_COUNT).scalar()
    if waiting is not None and str(waiting) < outbox:
        outbox = str(waiting)
    return outbox, to_sqlite_utc(horizon)


def prune_sync_history(
    store: Store,
    keep_days: float = DEFAULT_KEEP_DAYS,
    *,
    now: dt.datetime | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    keep_going: Callable[[], bool] = lambda: True,
    pause: Callable[[], None] = lambda: time.sleep(PAUSE_BETWEEN_BATCHES_S),
) -> PruneReport:
    """Delete what the horizon allows, ``batch_size`` rows per transaction."""
    if keep_days < MIN_KEEP_DAYS:
        raise ValueError(f"keep_days must be at least {MIN_KEEP_DAYS:g}, not {keep_days:g}")
    now = now or utc_now()
    outbox_cutoff, feed_cutoff = _cutoffs(store, keep_days, now)
    outbox_rows = feed_rows = batches = 0
    outbox_done = feed_done = False
    # keep_going is asked after a batch, so every call makes progress in each phase.
    while not outbox_done:
        deleted = _outbox_batch(store, outbox_cutoff, batch_size)
        outbox_done = deleted < batch_size
        outbox_rows += deleted
        batches += 1
        pause()
        if not outbox_done and not keep_going():
            break
    while outbox_done and not feed_done:
        deleted = _feed_log_batch(store, feed_cutoff, batch_size)
        feed_done = deleted < batch_size
        feed_rows += deleted
        batches += 1
        pause()
        if not feed_done and not keep_going():
            break
    report = PruneReport(
        now - dt.timedelta(days=keep_days), outbox_rows, feed_rows, batches, feed_done
    )
    if outbox_rows or feed_rows:
        log.info(
            "Pruned %d accepted outbox rows and %d applied feed entries older than %s",
            outbox_rows,
            feed_rows,
            report.cutoff.isoformat(timespec="seconds"),
        )
    return report


def _outbox_batch(store: Store, cutoff: str, batch_size: int) -> int:
    with store.unit_of_work() as uow:
        connection = uow.session.connection()
        ids = [
            row_id
            for (row_id,) in connection.exec_driver_sql(_OLD_ACCEPTED, (cutoff, cutoff, batch_size))
        ]
        if not ids:
            return 0
        marks = ", ".join("?" * len(ids))
        for table in ("audit_log", "exception_record"):
            connection.exec_driver_sql(
                f"UPDATE {table} SET outbox_event_id = NULL WHERE outbox_event_id IN ({marks})",
                tuple(ids),
            )
        connection.exec_driver_sql(f"DELETE FROM outbox_event WHERE id IN ({marks})", tuple(ids))
        uow.commit()
    return len(ids)


def _feed_log_batch(store: Store, cutoff: str, batch_size: int) -> int:
    with store.unit_of_work() as uow:
        session = uow.session
        cursor = feed_cursor(session)
        result = session.connection().exec_driver_sql(_OLD_APPLIED, (cursor, cutoff, batch_size))
        uow.commit()
    return int(result.rowcount or 0)
