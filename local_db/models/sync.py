"""The transactional outbox, the station's sync state and the log of applied feed entries."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from local_db.models.base import Base
from local_db.types import UtcDateTime, utc_now

OUTBOX_STATUSES = ("pending", "accepted", "rejected", "discarded")


class OutboxEvent(Base):
    """One event for the OMS, written in the same transaction as the change it reports.

    The envelope is assembled at push time from this row plus the station identity in
    sync state; ``event_id`` is the idempotency key the OMS keeps forever.
    """

    __tablename__ = "outbox_event"
    __table_args__ = (
        CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in OUTBOX_STATUSES) + ")",
            name="status_known",
        ),
        CheckConstraint("station_seq >= 1", name="station_seq_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    station_seq: Mapped[int] = mapped_column(unique=True)
    event_type: Mapped[str] = mapped_column(String(32))
    # Events of one order are held back together when one of them is rejected.
    order_no: Mapped[str | None] = mapped_column(String(64), index=True)
    payload_json: Mapped[str] = mapped_column(Text)
    operator: Mapped[str] = mapped_column(String(64))
    occurred_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    reject_code: Mapped[str | None] = mapped_column(String(64))
    reject_message: Mapped[str | None] = mapped_column(Text)
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class SyncState(Base):
    """Key/value: feed_cursor, station_id, warehouse_id, oms_url, last_push_at, last_pull_at,
    last_error, last_reconcile_at."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AppliedFeedEntry(Base):
    """Each feed entry applied, in the same transaction as its effect and the cursor."""

    __tablename__ = "applied_feed_entry"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(32))
    applied_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    outcome: Mapped[str] = mapped_column(Text)
