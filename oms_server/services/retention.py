"""Pruning the OMS's sync history (#12.11): feed entries every reading station of the
warehouse has acknowledged, and rejected-event records, older than the horizon.

What idempotency needs is never pruned: ``accepted_event`` (one row per accepted
``event_id``, no payload: the payload's copy is the ``station_event_accepted`` feed entry)
is kept forever, so an event pushed again after its feed entry was pruned is still answered
``duplicate``. Ids forever rather than a horizon: a station's pending rows are resent
whenever they were written, and a station restored from an old backup resends events the OMS
accepted long ago; no horizon on the OMS side can know how old such a resend may be.

Feed entries go only when every *active* station of the warehouse that reads the feed has
acknowledged them (its cursor, noted at each feed request, is at or past them): revoked and
pending enrolments and the demo's pseudo station (never reads) do not hold the feed back; a
warehouse without a reading station keeps its whole feed. ``master_data_upserted`` entries
are kept: a station enrolled later learns the owners, SKUs, bins and operators from them.
Rejected events are a review log (a resend is judged again); monitoring reads at most 30
days of them.

Batches of ``batch_size`` rows per transaction keep each write short (on SQLite the prune
takes the database write lock once per batch, never for the whole run).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Final

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from oms_server.db import Database
from oms_server.models import FeedEntryRow, RejectedEvent, Station, StationState
from oms_server.schemas import PruneResult

DEFAULT_KEEP_DAYS: Final = 90.0
DEFAULT_BATCH_SIZE: Final = 1000
KEPT_FEED_KINDS: Final = ("master_data_upserted",)


def acknowledged_positions(session: Session) -> dict[str, int]:
    """Per warehouse, the feed position every active, feed-reading station has reached."""
    rows = session.execute(
        select(Station.warehouse_id, func.min(Station.feed_cursor))
        .where(Station.state == StationState.ACTIVE, Station.pseudo.is_(False))
        .group_by(Station.warehouse_id)
    ).all()
    return {warehouse_id: int(position or 0) for warehouse_id, position in rows}


def _feed_batch(
    session: Session, warehouse_id: str, acknowledged: int, cutoff: dt.datetime, limit: int
) -> int:
    seqs = list(
        session.scalars(
            select(FeedEntryRow.seq)
            .where(
                FeedEntryRow.warehouse_id == warehouse_id,
                FeedEntryRow.seq <= acknowledged,
                FeedEntryRow.created_at < cutoff,
                FeedEntryRow.kind.not_in(KEPT_FEED_KINDS),
            )
            .order_by(FeedEntryRow.seq)
            .limit(limit)
        )
    )
    if seqs:
        session.execute(
            delete(FeedEntryRow).where(
                FeedEntryRow.warehouse_id == warehouse_id, FeedEntryRow.seq.in_(seqs)
            )
        )
    return len(seqs)


def _rejected_batch(session: Session, cutoff: dt.datetime, limit: int) -> int:
    ids = list(
        session.scalars(
            select(RejectedEvent.id)
            .where(RejectedEvent.received_at < cutoff)
            .order_by(RejectedEvent.id)
            .limit(limit)
        )
    )
    if ids:
        session.execute(delete(RejectedEvent).where(RejectedEvent.id.in_(ids)))
    return len(ids)


def prune(
    db: Database,
    keep_days: float,
    now: dt.datetime,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    keep_going: Callable[[], bool] = lambda: True,
) -> PruneResult:
    """Prune what the horizon allows, one short transaction per batch."""
    cutoff = now - dt.timedelta(days=keep_days)
    with db.read_session() as session:
        positions = acknowledged_positions(session)
    feed_entries = 0
    for warehouse_id, acknowledged in sorted(positions.items()):
        while keep_going():
            with db.write_transaction() as session:
                deleted = _feed_batch(session, warehouse_id, acknowledged, cutoff, batch_size)
            feed_entries += deleted
            if deleted < batch_size:
                break
    rejected = 0
    while keep_going():
        with db.write_transaction() as session:
            deleted = _rejected_batch(session, cutoff, batch_size)
        rejected += deleted
        if deleted < batch_size:
            break
    return PruneResult(
        pruned_at=now,
        keep_days=keep_days,
        cutoff=cutoff,
        feed_entries=feed_entries,
        rejected_events=rejected,
        acknowledged=positions,
    )
