"""Tables of the reference OMS: stations, the per-warehouse feed, orders and logical stock."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Stores UTC and always hands back an aware datetime (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    pass


class Warehouse(Base):
    """One row per warehouse; its row lock serialises feed appends so ``seq`` commits in order."""

    __tablename__ = "warehouse"

    warehouse_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_feed_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)


class EnrolmentKey(Base):
    """Made by an administrator for one existing warehouse, with a use limit and an expiry.

    ``uses`` counts confirmed enrolments only. Keys from before that rule (no warehouse) are
    refused."""

    __tablename__ = "enrolment_key"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    warehouse_id: Mapped[str | None] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200), default="")
    max_uses: Mapped[int | None] = mapped_column(Integer)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    expires_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class StationState:
    """``station.state``: a pending enrolment becomes active on confirm, or expires; an
    administrator revokes (a revoked station's requests answer 401 ``STATION_REVOKED``)."""

    PENDING = "pending"
    ACTIVE = "active"
    REVOKED = "revoked"


class Station(Base):
    __tablename__ = "station"

    device_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    warehouse_id: Mapped[str] = mapped_column(ForeignKey("warehouse.warehouse_id"), index=True)
    station_name: Mapped[str] = mapped_column(String(500), default="")
    # Only a SHA-256 of the bearer token is kept: a database leak gives no working token.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    enrolled_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    last_push_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    feed_cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    # The demo's opening-balance carrier: pushes events, never reads the feed.
    pseudo: Mapped[bool] = mapped_column(Boolean, default=False)
    # Only an active station's token opens the station endpoints (see StationState).
    state: Mapped[str] = mapped_column(
        String(16), default=StationState.ACTIVE, server_default=StationState.ACTIVE
    )
    # A pending enrolment not confirmed by then is void (and deleted at the next enrolment).
    confirm_before: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    enrolment_key_id: Mapped[int | None] = mapped_column(Integer)
    # The station this enrolment replaces: its token is revoked on confirm.
    replaces_device_id: Mapped[str | None] = mapped_column(String(64))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    # The contract version of its last feed read (None: not read since the OMS noted it):
    # a command naming a batch is refused while a station reads below version 3.
    contract_version: Mapped[int | None] = mapped_column(Integer)
    # Token rotation (services/fleet.py): the new token's hash, valid beside the old one until
    # the station first uses it, so a crash between receiving and storing it locks nothing out.
    next_token_hash: Mapped[str | None] = mapped_column(String(64))
    # An administrator asked for a new token: the station rotates at its next report.
    rotation_requested_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    # The station software version it last reported (X-WMS-Station-Version on every request,
    # and POST /stations/me/report), for IT.
    station_version: Mapped[str | None] = mapped_column(String(64))
    reported_pending: Mapped[int | None] = mapped_column(Integer)
    reported_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class StationVersionRow(Base):
    """Per warehouse, the station versions the admin published (#15)."""

    __tablename__ = "station_version_policy"

    warehouse_id: Mapped[str] = mapped_column(
        ForeignKey("warehouse.warehouse_id"), primary_key=True
    )
    minimum_version: Mapped[str | None] = mapped_column(String(32))
    recommended_version: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)


class FeedEntryRow(Base):
    __tablename__ = "feed_entry"

    warehouse_id: Mapped[str] = mapped_column(
        ForeignKey("warehouse.warehouse_id"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    body_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)


class OwnerRow(Base):
    __tablename__ = "owner"

    owner_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(500))


class SkuRow(Base):
    __tablename__ = "sku"

    owner_id: Mapped[str] = mapped_column(ForeignKey("owner.owner_id"), primary_key=True)
    sku_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    data_json: Mapped[str] = mapped_column(Text)


class LocationRow(Base):
    __tablename__ = "location"

    warehouse_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    data_json: Mapped[str] = mapped_column(Text)


class OperatorRow(Base):
    __tablename__ = "operator"

    warehouse_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    badge_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    data_json: Mapped[str] = mapped_column(Text)


class LogicalStock(Base):
    """OMS logical stock (seed 003's 分离库存模型): moved only by documents and events."""

    __tablename__ = "logical_stock"

    warehouse_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    sku_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    on_hand: Mapped[int] = mapped_column(BigInteger, default=0)
    reserved: Mapped[int] = mapped_column(BigInteger, default=0)
    # Units on the shelves the floor cannot ship: frozen (QC hold) and damaged, as the
    # stations' accepted movements of those buckets say (services/stock_holds.py).
    frozen: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    damaged: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    # The stations' figure (stock_changed) the OMS shows: the one computed on the newest
    # basis (services/station_figures.py); informational, never moves stock.
    station_available_qty: Mapped[int | None] = mapped_column(BigInteger)
    station_reported_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)


class StationStockFigure(Base):
    """One station's last ``available_qty`` for an owner/SKU, with what it was computed on.

    ``feed_cursor`` is the report's basis (the last feed entry the station had applied; None
    from stations that do not say); ``last_movement_seq`` the feed position of this
    station's latest accepted event that moved the SKU. A figure whose basis is before
    another station's movement does not include it (``services/station_figures.py``)."""

    __tablename__ = "station_stock_figure"

    warehouse_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    sku_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    station_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    available_qty: Mapped[int | None] = mapped_column(BigInteger)
    feed_cursor: Mapped[int | None] = mapped_column(BigInteger)
    station_seq: Mapped[int | None] = mapped_column(BigInteger)
    occurred_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    received_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    feed_seq: Mapped[int | None] = mapped_column(BigInteger)
    # Up to this feed position the figure includes every movement of the SKU (set when it
    # arrives); None without a basis.
    coverage: Mapped[int | None] = mapped_column(BigInteger)
    last_movement_seq: Mapped[int | None] = mapped_column(BigInteger)


class OutboundOrder(Base):
    __tablename__ = "outbound_order"

    order_no: Mapped[str] = mapped_column(String(64), primary_key=True)
    command_id: Mapped[str] = mapped_column(String(64), unique=True)
    warehouse_id: Mapped[str] = mapped_column(String(64), index=True)
    owner_id: Mapped[str] = mapped_column(String(64))
    command_json: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    receive_result: Mapped[str | None] = mapped_column(String(20))
    wms_outbound_no: Mapped[str | None] = mapped_column(String(64))
    tracking_no: Mapped[str | None] = mapped_column(String(64))
    carrier_code: Mapped[str | None] = mapped_column(String(64))
    package_count: Mapped[int | None] = mapped_column(Integer)
    weight: Mapped[str | None] = mapped_column(String(32))
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(String(500))
    cancel_requested_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    cancel_refused: Mapped[bool] = mapped_column(Boolean, default=False)
    reservation_open: Mapped[bool] = mapped_column(Boolean, default=True)
    # The warehouses (and command ids) the order was re-routed away from, oldest first, as a
    # JSON list of {"warehouse_id", "command_id", "rerouted_at"}; None if never re-routed.
    # Late events of those routes are recorded, not applied (services/reroute.py).
    previous_routes_json: Mapped[str | None] = mapped_column(Text)
    # Work not processed in time (seed 000 §5.2, services/overdue_work.py): when the current
    # command went on its warehouse's feed and at which position (a station whose cursor is
    # past it has it), and the command's deadline as a column for the index below. None on
    # orders from before these columns (their sent time is their creation, their deadline
    # unknown).
    sent_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    command_feed_seq: Mapped[int | None] = mapped_column(BigInteger)
    deadline: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class OutboundLine(Base):
    """Ordered quantity per SKU (items of one SKU are summed) and what was picked/shipped."""

    __tablename__ = "outbound_line"

    order_no: Mapped[str] = mapped_column(ForeignKey("outbound_order.order_no"), primary_key=True)
    sku_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    ordered_qty: Mapped[int] = mapped_column(Integer)
    picked_qty: Mapped[int] = mapped_column(Integer, default=0)
    shipped_qty: Mapped[int] = mapped_column(Integer, default=0)


class PickedLineRow(Base):
    __tablename__ = "picked_line"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    order_no: Mapped[str] = mapped_column(ForeignKey("outbound_order.order_no"), index=True)
    event_id: Mapped[str] = mapped_column(String(64))
    line_json: Mapped[str] = mapped_column(Text)


class OrderStatusHistory(Base):
    __tablename__ = "order_status_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    order_no: Mapped[str] = mapped_column(ForeignKey("outbound_order.order_no"), index=True)
    status: Mapped[str] = mapped_column(String(30))
    status_time: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    station_id: Mapped[str | None] = mapped_column(String(64))
    event_id: Mapped[str | None] = mapped_column(String(64))
    error_code: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(String(500))


class InboundOrderRow(Base):
    __tablename__ = "inbound_order"

    inbound_no: Mapped[str] = mapped_column(String(64), primary_key=True)
    warehouse_id: Mapped[str] = mapped_column(String(64), index=True)
    owner_id: Mapped[str] = mapped_column(String(64))
    body_json: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    # A return's original outbound order (services/returns.py counts its earlier returns);
    # filled from body_json for returns stored before the column (db.py).
    related_order_no: Mapped[str | None] = mapped_column(String(64), index=True)


class InboundReceipt(Base):
    __tablename__ = "inbound_receipt"

    inbound_no: Mapped[str] = mapped_column(
        ForeignKey("inbound_order.inbound_no"), primary_key=True
    )
    sku_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    expected_qty: Mapped[int] = mapped_column(Integer)
    received_qty: Mapped[int] = mapped_column(Integer, default=0)
    passed_qty: Mapped[int] = mapped_column(Integer, default=0)
    # Returned units by disposition (RESTOCK counts as passed): on hand, held.
    damaged_qty: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    quarantined_qty: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class AcceptedEvent(Base):
    """Every accepted event_id, kept forever: a retry of it is answered ``duplicate``."""

    __tablename__ = "accepted_event"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    station_id: Mapped[str] = mapped_column(String(64), index=True)
    station_seq: Mapped[int] = mapped_column(BigInteger)
    warehouse_id: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(40))
    occurred_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    # Stock-sync or callback latency in milliseconds, for monitoring.
    latency_ms: Mapped[int | None] = mapped_column(BigInteger)
    feed_seq: Mapped[int] = mapped_column(BigInteger)


Index("ix_accepted_event_type_received", AcceptedEvent.event_type, AcceptedEvent.received_at)
# Monitoring counts the events of a time window (services/monitoring.py).
Index("ix_accepted_event_received", AcceptedEvent.received_at)


class RejectedEvent(Base):
    """A log of refusals (the same event_id may be refused, fixed and pushed again)."""

    __tablename__ = "rejected_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(64), index=True)
    station_id: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(40))
    error_code: Mapped[str] = mapped_column(String(64))
    error_message: Mapped[str] = mapped_column(String(500))
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)


Index("ix_rejected_event_received", RejectedEvent.received_at)
Index("ix_outbound_order_created", OutboundOrder.created_at)
# The checks for work not processed in time (services/overdue_work.py): open orders by their
# age and by their deadline, commands without an answer.
Index("ix_outbound_order_status_created", OutboundOrder.status, OutboundOrder.created_at)
Index("ix_outbound_order_status_deadline", OutboundOrder.status, OutboundOrder.deadline)


class MonitoringAlert(Base):
    """An alert of seed 000 §7 raised by the scheduled check (services/alerts.py): open
    while its condition holds, ``cleared_at`` once a check finds it over. At most one open
    alert per rule and subject (the partial unique index below)."""

    __tablename__ = "monitoring_alert"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    rule: Mapped[str] = mapped_column(String(40))
    # The station's device id (per-station rules) or the warehouse id.
    subject: Mapped[str] = mapped_column(String(64))
    warehouse_id: Mapped[str] = mapped_column(String(64))
    # The figure when raised, the latest one while open, and the rule's threshold (ratio,
    # ms, feed entries or seconds: the rule says which).
    value: Mapped[float] = mapped_column(Float)
    latest_value: Mapped[float] = mapped_column(Float)
    threshold: Mapped[float] = mapped_column(Float)
    raised_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    last_checked_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    cleared_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    acknowledged_note: Mapped[str] = mapped_column(String(500), default="")


Index(
    "ux_monitoring_alert_open",
    MonitoringAlert.rule,
    MonitoringAlert.subject,
    unique=True,
    sqlite_where=MonitoringAlert.cleared_at.is_(None),
    postgresql_where=MonitoringAlert.cleared_at.is_(None),
)
Index("ix_monitoring_alert_raised", MonitoringAlert.raised_at)


class OrderClaimRow(Base):
    """An order's current claim (#14, ``services/claims.py``): one station works the order.

    At most one row per order. A row whose lease ran out is free: every read treats it so,
    and the sweep (``claim_schedule.py``) deletes it with an EXPIRED entry in the log."""

    __tablename__ = "order_claim"

    order_no: Mapped[str] = mapped_column(String(64), primary_key=True)
    warehouse_id: Mapped[str] = mapped_column(String(64), index=True)
    device_id: Mapped[str] = mapped_column(String(64), index=True)
    granted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    lease_expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    # STATION, BLOCK, EVENT, HANDOVER or REASSIGN (services/claims.py: How).
    how: Mapped[str] = mapped_column(String(16))
    # The supervisor's badge (BLOCK, REASSIGN) or the admin's note; None for the station's own.
    granted_by: Mapped[str | None] = mapped_column(String(500))


class OrderClaimLog(Base):
    """Every grant, release (with its reason) and conflict of an order's claim, for audit.

    Renewals are not logged: each sync round renews, and a renewal changes no holder."""

    __tablename__ = "order_claim_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    warehouse_id: Mapped[str] = mapped_column(String(64))
    order_no: Mapped[str] = mapped_column(String(64), index=True)
    # GRANTED, RELEASED or CONFLICT.
    action: Mapped[str] = mapped_column(String(16))
    # The station granted, released (the holder), or refused (the loser of a conflict).
    device_id: Mapped[str] = mapped_column(String(64))
    # GRANTED: how; RELEASED: the ClaimReleaseReason; CONFLICT: the refused event's type.
    detail: Mapped[str] = mapped_column(String(40))
    # CONFLICT: the holder; HANDED_OVER/REASSIGNED: the station it went to.
    other_device_id: Mapped[str | None] = mapped_column(String(64))
    granted_by: Mapped[str | None] = mapped_column(String(500))
    lease_expires_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
