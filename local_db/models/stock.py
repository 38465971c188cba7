"""Physical stock by bin/batch/expiry, serial numbers, moves, adjustments and cycle counts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, ForeignKeyConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from local_db.models.base import Base
from local_db.types import UtcDateTime, utc_now


def _sku_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["owner_id", "sku_id"], ["sku.owner_id", "sku.sku_id"])


class Stock(Base):
    """One row per (bin, owner, SKU, batch, expiry).

    ``frozen`` (QC hold) and ``damaged`` are parts of ``on_hand``; ``locked`` is reserved for
    outbound orders this station allocated and is never sent to other stations. Sellable here
    is ``on_hand - locked - frozen - damaged``.
    """

    __tablename__ = "stock"
    __table_args__ = (
        _sku_fk(),
        CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),
        CheckConstraint("locked >= 0", name="locked_not_negative"),
        CheckConstraint("frozen >= 0", name="frozen_not_negative"),
        CheckConstraint("damaged >= 0", name="damaged_not_negative"),
        CheckConstraint("locked <= on_hand", name="locked_within_on_hand"),
        CheckConstraint("frozen + damaged <= on_hand", name="holds_within_on_hand"),
        Index("ix_stock_owner_sku", "owner_id", "sku_id"),
        Index("ix_stock_slot", "location_code", "owner_id", "sku_id", "batch_no", "expiry_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    location_code: Mapped[str] = mapped_column(ForeignKey("location.code"))
    owner_id: Mapped[str] = mapped_column(String(64))
    sku_id: Mapped[str] = mapped_column(String(64))
    batch_no: Mapped[str | None] = mapped_column(String(64))
    expiry_date: Mapped[dt.date | None]
    on_hand: Mapped[int] = mapped_column(default=0)
    locked: Mapped[int] = mapped_column(default=0)
    frozen: Mapped[int] = mapped_column(default=0)
    damaged: Mapped[int] = mapped_column(default=0)


class SerialNumber(Base):
    __tablename__ = "serial_number"
    __table_args__ = (
        _sku_fk(),
        CheckConstraint("status IN ('in_stock', 'picked', 'shipped')", name="status_known"),
    )

    owner_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    sku_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    serial_no: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="in_stock")
    location_code: Mapped[str | None] = mapped_column(ForeignKey("location.code"))
    batch_no: Mapped[str | None] = mapped_column(String(64))
    outbound_order_id: Mapped[int | None] = mapped_column(ForeignKey("outbound_order.id"))


class StockMove(Base):
    """A bin-to-bin move (operator move, putaway from the dock)."""

    __tablename__ = "stock_move"
    __table_args__ = (_sku_fk(), CheckConstraint("quantity > 0", name="quantity_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    from_location: Mapped[str] = mapped_column(ForeignKey("location.code"))
    to_location: Mapped[str] = mapped_column(ForeignKey("location.code"))
    owner_id: Mapped[str] = mapped_column(String(64))
    sku_id: Mapped[str] = mapped_column(String(64))
    batch_no: Mapped[str | None] = mapped_column(String(64))
    expiry_date: Mapped[dt.date | None]
    quantity: Mapped[int]
    reason: Mapped[str] = mapped_column(String(32), default="MOVE")
    moved_by: Mapped[str] = mapped_column(String(64))
    moved_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)


class StockAdjustment(Base):
    """A signed correction of on-hand with a reason code; large ones wait for a supervisor."""

    __tablename__ = "stock_adjustment"
    __table_args__ = (
        _sku_fk(),
        CheckConstraint(
            "status IN ('pending_approval', 'applied', 'rejected')", name="status_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    adjustment_no: Mapped[str] = mapped_column(String(64), unique=True)
    location_code: Mapped[str] = mapped_column(ForeignKey("location.code"))
    owner_id: Mapped[str] = mapped_column(String(64))
    sku_id: Mapped[str] = mapped_column(String(64))
    batch_no: Mapped[str | None] = mapped_column(String(64))
    expiry_date: Mapped[dt.date | None]
    quantity: Mapped[int]
    reason_code: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(20))
    cycle_count_id: Mapped[int | None] = mapped_column(ForeignKey("cycle_count.id"))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    approved_by: Mapped[str | None] = mapped_column(String(64))
    approved_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class CycleCount(Base):
    """A blind count of one bin: the counter never sees the system quantity."""

    __tablename__ = "cycle_count"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'pending_approval', 'completed')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    count_no: Mapped[str] = mapped_column(String(64), unique=True)
    location_code: Mapped[str] = mapped_column(ForeignKey("location.code"))
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    counted_by: Mapped[str | None] = mapped_column(String(64))
    counted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class CycleCountLine(Base):
    __tablename__ = "cycle_count_line"
    __table_args__ = (_sku_fk(),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_count_id: Mapped[int] = mapped_column(ForeignKey("cycle_count.id"), index=True)
    owner_id: Mapped[str] = mapped_column(String(64))
    sku_id: Mapped[str] = mapped_column(String(64))
    batch_no: Mapped[str | None] = mapped_column(String(64))
    expiry_date: Mapped[dt.date | None]
    # The system's on-hand when the count was submitted (hidden from the counter).
    system_qty: Mapped[int]
    counted_qty: Mapped[int]
