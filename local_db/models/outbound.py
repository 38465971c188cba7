"""Outbound orders (from the OMS OutboundCommand), their lines, pick tasks, shipments and
put-back tasks for goods picked before a cancel."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Computed, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from local_db.models.base import Base
from local_db.types import UtcDateTime, utc_now

OUTBOUND_STATUSES = (
    "ALLOCATED",  # received and stock locked
    "SHORTAGE",  # received, could not be allocated (库存不足)
    "PICKING",
    "PICKED",
    "PACKED",
    "SHIPPED",
    "CANCELLED",
)


# The task list's order as one text key: workable first, then held (shortage), cancelled
# last, shipped out of the list; then priority (high first), deadline (none last). Indexed
# with the id, a page of the list is a range scan of ix_outbound_order_task_queue.
TASK_QUEUE_KEY_SQL = (
    "printf('%d-%03d-%s', "
    "CASE status WHEN 'SHIPPED' THEN 9 WHEN 'CANCELLED' THEN 2 WHEN 'SHORTAGE' THEN 1 "
    "ELSE 0 END, "
    "100 - min(max(priority, 0), 100), "
    "coalesce(deadline, '9999-12-31 23:59:59.999999'))"
)
TASK_QUEUE_SHIPPED_FROM = "9"
"""Keys at or above this belong to shipped orders, which the task list leaves out."""


class OutboundOrder(Base):
    __tablename__ = "outbound_order"
    __table_args__ = (
        CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in OUTBOUND_STATUSES) + ")",
            name="status_known",
        ),
        Index("ix_outbound_order_task_queue", "task_queue_key", "id"),
        # The live board's orders at risk: open orders by their deadline.
        Index("ix_outbound_order_status_deadline", "status", "deadline"),
        Index(
            "ix_outbound_order_assigned_to",
            "assigned_to",
            sqlite_where=text("assigned_to IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    command_id: Mapped[str] = mapped_column(String(64), unique=True)
    order_no: Mapped[str] = mapped_column(String(64), unique=True)
    wms_outbound_no: Mapped[str] = mapped_column(String(64), unique=True)
    warehouse_id: Mapped[str] = mapped_column(String(64))
    owner_id: Mapped[str] = mapped_column(ForeignKey("owner.owner_id"))
    # 收货信息: personal data, never logged.
    consignee: Mapped[str] = mapped_column(String(500))
    phone: Mapped[str] = mapped_column(String(500))
    province: Mapped[str] = mapped_column(String(500))
    city: Mapped[str] = mapped_column(String(500))
    district: Mapped[str] = mapped_column(String(500), default="")
    address: Mapped[str] = mapped_column(String(500))
    carrier_code: Mapped[str] = mapped_column(String(64))
    service_type: Mapped[str] = mapped_column(String(64), default="STANDARD")
    priority: Mapped[int] = mapped_column(default=0)
    deadline: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    ext_info_json: Mapped[str] = mapped_column(Text, default="{}")
    status: Mapped[str] = mapped_column(String(16), index=True)
    # Set when the OMS cancelled after picking began: the UI tells the picker to stop.
    cancelled_mid_pick: Mapped[bool] = mapped_column(default=False)
    cancel_reason: Mapped[str | None] = mapped_column(String(500))
    # A remote station of the warehouse took this order over (its events arrived by feed).
    handled_remotely: Mapped[bool] = mapped_column(default=False)
    # Put on hold by a supervisor (app.supervision.task_control): nobody picks or packs it
    # until released. Local to this station: the OMS contract has no hold message.
    hold_reason: Mapped[str | None] = mapped_column(String(32))
    held_by: Mapped[str | None] = mapped_column(String(64))
    held_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    # Assigned by a supervisor: that operator's next task; others only by scanning it.
    assigned_to: Mapped[str | None] = mapped_column(String(64))
    assigned_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    task_queue_key: Mapped[str] = mapped_column(
        String, Computed(TASK_QUEUE_KEY_SQL, persisted=False)
    )

    lines: Mapped[list[OutboundLine]] = relationship(
        back_populates="order", order_by="OutboundLine.line_no"
    )
    pick_tasks: Mapped[list[PickTask]] = relationship(
        back_populates="order", order_by="PickTask.sequence"
    )


class OutboundLine(Base):
    __tablename__ = "outbound_line"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("picked_qty + short_qty <= quantity", name="picked_within_ordered"),
        CheckConstraint("packed_qty <= picked_qty", name="packed_within_picked"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("outbound_order.id"), index=True)
    line_no: Mapped[int]
    sku_id: Mapped[str] = mapped_column(String(64))
    sku_name: Mapped[str] = mapped_column(String(500))
    quantity: Mapped[int]
    barcode: Mapped[str | None] = mapped_column(String(64))
    picked_qty: Mapped[int] = mapped_column(default=0)
    short_qty: Mapped[int] = mapped_column(default=0)
    packed_qty: Mapped[int] = mapped_column(default=0)
    # The batch the OMS wants shipped (seed 003, 批次指定出库; schema 0007): allocation takes
    # this line's units from stock of this batch only. None: any batch, FEFO.
    batch_no: Mapped[str | None] = mapped_column(String(64))

    order: Mapped[OutboundOrder] = relationship(back_populates="lines")


class PickTask(Base):
    """Pick ``quantity`` of a line from one stock row (bin + batch), in walk order."""

    __tablename__ = "pick_task"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("picked_qty + short_qty <= quantity", name="picked_within_task"),
        CheckConstraint("status IN ('open', 'done', 'cancelled')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("outbound_order.id"), index=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("outbound_line.id"))
    stock_id: Mapped[int] = mapped_column(ForeignKey("stock.id"))
    sequence: Mapped[int]
    location_code: Mapped[str] = mapped_column(ForeignKey("location.code"))
    sku_id: Mapped[str] = mapped_column(String(64))
    batch_no: Mapped[str | None] = mapped_column(String(64))
    expiry_date: Mapped[dt.date | None]
    quantity: Mapped[int]
    picked_qty: Mapped[int] = mapped_column(default=0)
    short_qty: Mapped[int] = mapped_column(default=0)
    short_reason: Mapped[str | None] = mapped_column(String(64))
    # JSON list of serial numbers captured while picking a serial-managed SKU.
    serials_json: Mapped[str] = mapped_column(Text, default="[]")
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    picked_by: Mapped[str | None] = mapped_column(String(64))
    picked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    order: Mapped[OutboundOrder] = relationship(back_populates="pick_tasks")


class Shipment(Base):
    __tablename__ = "shipment"
    __table_args__ = (
        CheckConstraint("package_count >= 1", name="package_count_positive"),
        CheckConstraint("weight_grams >= 0", name="weight_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("outbound_order.id"), unique=True)
    tracking_no: Mapped[str] = mapped_column(String(64))
    carrier_code: Mapped[str] = mapped_column(String(64))
    package_count: Mapped[int]
    weight_grams: Mapped[int]
    shipped_by: Mapped[str] = mapped_column(String(64))
    shipped_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)


class PutBackTask(Base):
    """Goods picked for an order that was then cancelled: return them to a bin."""

    __tablename__ = "put_back_task"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("status IN ('open', 'done')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("outbound_order.id"), index=True)
    owner_id: Mapped[str] = mapped_column(String(64))
    sku_id: Mapped[str] = mapped_column(String(64))
    batch_no: Mapped[str | None] = mapped_column(String(64))
    expiry_date: Mapped[dt.date | None]
    quantity: Mapped[int]
    # Where the goods came from: the suggested bin to put them back.
    suggested_location: Mapped[str] = mapped_column(ForeignKey("location.code"))
    put_location: Mapped[str | None] = mapped_column(ForeignKey("location.code"))
    status: Mapped[str] = mapped_column(String(16), default="open")
    done_by: Mapped[str | None] = mapped_column(String(64))
    done_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
