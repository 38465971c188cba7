"""Scans of work not yet confirmed (a receipt, a pack verification, a count), kept in the
store one row per scan so a crash or kill before CONFIRM loses none of them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from local_db.models.base import Base
from local_db.types import UtcDateTime, utc_now

WORK_KINDS = ("receive", "pack", "count")


class WorkInProgressScan(Base):
    __tablename__ = "work_in_progress_scan"
    __table_args__ = (
        CheckConstraint("work_kind IN ('receive', 'pack', 'count')", name="kind_known"),
        Index("ix_work_in_progress_scan_work", "work_kind", "work_key", "id"),
        Index("ix_work_in_progress_scan_operator", "operator", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    work_kind: Mapped[str] = mapped_column(String(16))
    # The inbound number, order number or bin the scans belong to.
    work_key: Mapped[str] = mapped_column(String(64))
    operator: Mapped[str] = mapped_column(String(64))
    # What the scan established (line, quantity, batch, expiry, serial, code...), as JSON.
    payload_json: Mapped[str] = mapped_column(Text)
    scanned_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
