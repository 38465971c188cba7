"""Exception records for supervisors and the audit log."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from local_db.models.base import Base
from local_db.types import UtcDateTime, utc_now


class ExceptionRecord(Base):
    """Something on the floor a supervisor must look at (STOCK_SHORTAGE, SHORT_PICK,
    ORDER_CANCELLED_MID_PICK, OMS_REJECTED, STOCK_DIFFERENCE, COUNT_DIFFERENCE, ...)."""

    __tablename__ = "exception_record"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'resolved')", name="status_known"),
        CheckConstraint("severity IN ('low', 'medium', 'high')", name="severity_known"),
        # The supervisor's queue: open records by type (and their counts), by SKU, by bin.
        Index("ix_exception_record_status_type", "status", "exception_type", "id"),
        Index("ix_exception_record_sku", "sku_id", "id"),
        Index("ix_exception_record_location", "location_code", "id"),
        # Pruning the outbox (sync/retention.py) unlinks its pruned rows; SQLite's foreign-key
        # check on each deleted outbox row would otherwise read the whole table (0009).
        Index("ix_exception_record_outbox_event", "outbox_event_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    exception_type: Mapped[str] = mapped_column(String(32), index=True)
    order_no: Mapped[str | None] = mapped_column(String(64), index=True)
    sku_id: Mapped[str | None] = mapped_column(String(64))
    location_code: Mapped[str | None] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(8), default="medium")
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    """Free text of records written before codes (schema 0004 and older); new records leave
    it empty and carry ``detail_code`` with ``detail_args_json`` instead."""
    detail_code: Mapped[str | None] = mapped_column(String(64))
    """What happened, as a code the UI words (``ui/texts.py``) in the operator's language."""
    detail_args_json: Mapped[str] = mapped_column(Text, default="{}")
    """The code's arguments (order, SKU, quantities...) as a JSON object; no personal data."""
    assigned_to: Mapped[str | None] = mapped_column(String(64))
    assigned_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    resolution: Mapped[str | None] = mapped_column(Text)
    resolution_code: Mapped[str | None] = mapped_column(String(32))
    """The supervisor's decision as a code (e.g. SHIP_PARTIAL, REALLOCATE, RECOUNT)."""
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    outbox_event_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_event.id"))


class AuditLog(Base):
    """Who did what to which record; before/after as JSON (personal data left out)."""

    __tablename__ = "audit_log"
    __table_args__ = (
        # The supervisor's audit trail filters by operator and by action, newest first.
        Index("ix_audit_log_operator", "operator", "id"),
        Index("ix_audit_log_action", "action", "id"),
        # Pruning the outbox unlinks the audit rows of pruned events, by this index (0009).
        Index("ix_audit_log_outbox_event", "outbox_event_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    operator: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64))
    entity_key: Mapped[str] = mapped_column(String(128))
    before_json: Mapped[str | None] = mapped_column(Text)
    after_json: Mapped[str | None] = mapped_column(Text)
    outbox_event_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_event.id"))
