"""Inbound orders (purchase receipts and customer returns) and putaway tasks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from local_db.models.base import Base
from local_db.types import UtcDateTime, utc_now


class InboundOrder(Base):
    __tablename__ = "inbound_order"
    __table_args__ = (
        CheckConstraint("inbound_type IN ('PURCHASE', 'RETURN')", name="type_known"),
        CheckConstraint("status IN ('open', 'received')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inbound_no: Mapped[str] = mapped_column(String(64), unique=True)
    warehouse_id: Mapped[str] = mapped_column(String(64))
    owner_id: Mapped[str] = mapped_column(ForeignKey("owner.owner_id"))
    inbound_type: Mapped[str] = mapped_column(String(16))
    related_order_no: Mapped[str | None] = mapped_column(String(64))
    expected_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    received_by: Mapped[str | None] = mapped_column(String(64))
    received_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    lines: Mapped[list[InboundLine]] = relationship(
        back_populates="inbound", order_by="InboundLine.line_no"
    )


class InboundLine(Base):
    __tablename__ = "inbound_line"
    __table_args__ = (
        CheckConstraint("expected_qty > 0", name="expected_positive"),
        CheckConstraint("received_qty >= 0", name="received_not_negative"),
        CheckConstraint("damaged_qty <= received_qty", name="damaged_within_received"),
        CheckConstraint("qc_result IS NULL OR qc_result IN ('PASS', 'FAIL')", name="qc_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inbound_id: Mapped[int] = mapped_column(ForeignKey("inbound_order.id"), index=True)
    line_no: Mapped[int]
    sku_id: Mapped[str] = mapped_column(String(64))
    expected_qty: Mapped[int]
    # Batch/expiry announced by the OMS; the received ones are what the receiver captured.
    expected_batch_no: Mapped[str | None] = mapped_column(String(64))
    expected_expiry_date: Mapped[dt.date | None]
    received_qty: Mapped[int] = mapped_column(default=0)
    damaged_qty: Mapped[int] = mapped_column(default=0)
    # Returned units QC put in quarantine (frozen); schema 0008.
    quarantined_qty: Mapped[int] = mapped_column(default=0, server_default="0")
    batch_no: Mapped[str | None] = mapped_column(String(64))
    expiry_date: Mapped[dt.date | None]
    qc_result: Mapped[str | None] = mapped_column(String(8))
    received_location: Mapped[str | None] = mapped_column(ForeignKey("location.code"))

    inbound: Mapped[InboundOrder] = relationship(back_populates="lines")


class PutawayTask(Base):
    """Received goods waiting at the dock to be put into a storage bin."""

    __tablename__ = "putaway_task"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("status IN ('open', 'done')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inbound_line_id: Mapped[int] = mapped_column(ForeignKey("inbound_line.id"), index=True)
    stock_id: Mapped[int] = mapped_column(ForeignKey("stock.id"))
    from_location: Mapped[str] = mapped_column(ForeignKey("location.code"))
    to_location: Mapped[str | None] = mapped_column(ForeignKey("location.code"))
    quantity: Mapped[int]
    # Units of a failed return QC travel as damaged (they stay damaged in the new bin).
    damaged: Mapped[bool] = mapped_column(default=False)
    # Returned units in quarantine travel frozen (QC hold); schema 0008.
    frozen: Mapped[bool] = mapped_column(default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(16), default="open")
    done_by: Mapped[str | None] = mapped_column(String(64))
    done_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
