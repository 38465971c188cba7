"""Answers of the OMS-side and admin endpoints (the station-facing models live in oms_contract)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from oms_contract.base import Code, Text, WireModel
from oms_contract.events import PickedLine


class HealthStatus(WireModel):
    status: Literal["ok"] = "ok"
    database: str
    fault_injection: bool


class EnrolmentKeyRequest(WireModel):
    warehouse_id: Code = Field(
        description="Only stations of this (existing) warehouse may use the key."
    )
    label: Text = ""
    max_uses: int = Field(
        default=1, strict=True, ge=1, le=1000, description="Confirmed enrolments allowed."
    )
    expires_in_s: int = Field(
        default=86_400,
        strict=True,
        ge=60,
        le=90 * 86_400,
        description="Lifetime of the key (default 1 day).",
    )


class EnrolmentKeyCreated(WireModel):
    enrolment_key: str = Field(description="Shown once; the OMS keeps only its hash.")
    warehouse_id: Code
    max_uses: int
    expires_at: dt.datetime


class WarehouseView(WireModel):
    warehouse_id: Code
    created: bool = Field(description="True if this call created the warehouse.")


class StationRevoked(WireModel):
    device_id: Code
    warehouse_id: Code
    state: Literal["revoked"] = "revoked"
    revoked_at: dt.datetime


class OrderLineView(WireModel):
    sku_id: Code
    ordered_qty: int
    picked_qty: int
    shipped_qty: int


class StatusHistoryEntry(WireModel):
    status: str
    status_time: dt.datetime
    recorded_at: dt.datetime
    station_id: str | None = None
    event_id: str | None = None
    error_code: str | None = None
    note: str | None = None


class OrderView(WireModel):
    order_no: Code
    command_id: Code
    warehouse_id: Code
    owner_id: Code
    status: str = Field(
        description="CREATED, RECEIVE_FAILED, RECEIVED, PICKING, PICKED, PACKED, SHIPPED, "
        "EXCEPTION, CANCELLED. RECEIVE_FAILED: the warehouse answered FAIL (error_code says "
        "why) and the reservation is released. STOCK_SHORTAGE: re-route, cancel, or wait for "
        "the station to take it up when stock arrives (then RECEIVED). SKU_NOT_FOUND, "
        "OWNER_NOT_FOUND: check master data, then send it again (re-route to the same "
        "warehouse), re-route or cancel. WAREHOUSE_MISMATCH: re-route or cancel."
    )
    receive_result: str | None = None
    cancel_requested: bool
    cancel_refused: bool
    wms_outbound_no: str | None = None
    tracking_no: str | None = None
    carrier_code: str | None = None
    package_count: int | None = None
    weight: Decimal | None = None
    error_code: str | None = None
    error_message: str | None = None
    lines: list[OrderLineView]
    picked_lines: list[PickedLine]
    history: list[StatusHistoryEntry]
    previous_warehouses: list[str] = Field(
        default_factory=list,
        description="Warehouses the order was re-routed away from (or sent again to after a "
        "master-data refusal), oldest first.",
    )


class CancelBody(WireModel):
    reason: Text = ""


class RerouteRequest(WireModel):
    """Send an order its warehouse could not take (RECEIVE_FAILED) to another warehouse, or
    again to the same one after SKU_NOT_FOUND / OWNER_NOT_FOUND (master data fixed)."""

    command_id: Code = Field(
        description="A new command id for the order at the new warehouse; the idempotency "
        "key of the re-route (the same request again answers the order, 200).",
        examples=["CMD-T-0001-R1"],
    )
    warehouse_id: Code = Field(description="The warehouse to send the order to.", examples=["WH02"])


class CancelAccepted(WireModel):
    order_no: Code
    status: str
    cancel_requested: bool
    feed_seq: int | None = Field(default=None, description="The cancel_requested feed entry.")


class InboundAccepted(WireModel):
    inbound_no: Code
    warehouse_id: Code
    status: str
    feed_seq: int | None = None


class InboundLineView(WireModel):
    sku_id: Code
    expected_qty: int
    received_qty: int
    passed_qty: int = Field(description="Received with QC PASS (or no QC): joined on-hand.")


class InboundView(WireModel):
    inbound_no: Code
    warehouse_id: Code
    owner_id: Code
    inbound_type: str
    status: str = Field(description="CREATED, PARTIALLY_RECEIVED or RECEIVED")
    lines: list[InboundLineView]


class MasterDataAccepted(WireModel):
    warehouse_id: Code
    feed_seq: int
    owners: int
    skus: int
    locations: int
    operators: int


class StationFigure(WireModel):
    """One station's last ``available_qty`` for the line, with what it was computed on."""

    station_id: Code
    available_qty: int
    computed_at: dt.datetime | None = Field(
        default=None, description="When the station computed it (the event's occurred_at)."
    )
    received_at: dt.datetime | None = None
    age_s: float | None = Field(default=None, description="Seconds since computed_at.")
    feed_cursor: int | None = Field(
        default=None,
        description="Its basis: the last feed entry the station had applied (null: the "
        "station does not say).",
    )
    feed_seq: int | None = Field(default=None, description="Where the report is in the feed.")
    covers_up_to: int | None = Field(
        default=None,
        description="Feed position up to which it includes every movement of the SKU.",
    )
    misses_movement_seq: int | None = Field(
        default=None,
        description="A later movement of another station it does not include (feed seq).",
    )
    shown: bool = Field(description="This is the line's station_available_qty.")


class StockLine(WireModel):
    warehouse_id: Code
    owner_id: Code
    sku_id: Code
    on_hand: int
    reserved: int
    frozen: int = Field(
        default=0,
        description="Units on QC hold at the stations (stock_changed FREEZE/UNFREEZE).",
        examples=[5],
    )
    damaged: int = Field(
        default=0, description="Damaged units still on hand (DAMAGE, QC failures, short picks)."
    )
    safety_stock: int = Field(default=0, description="The SKU's safety stock (master data).")
    available: int = Field(
        description="on_hand - reserved - frozen - damaged - safety_stock (never below 0): "
        "what the OMS can still promise (seed 000 §3.2)."
    )
    station_available_qty: int | None = Field(
        default=None,
        description="The stations' available_qty computed on the newest basis "
        "(informational; see station_figures).",
    )
    station_reported_at: dt.datetime | None = Field(
        default=None, description="When that figure was computed at its station."
    )
    station_figure_station_id: str | None = Field(
        default=None, description="The station whose figure station_available_qty is."
    )
    station_figure_age_s: float | None = Field(
        default=None, description="Seconds since that figure was computed."
    )
    station_figures: list[StationFigure] = Field(
        default_factory=list, description="Every station's last figure for the line."
    )


class StockView(WireModel):
    lines: list[StockLine]


class LatencyFigures(WireModel):
    samples: int
    last_ms: int | None = None
    average_ms: float | None = None
    max_ms: int | None = None
    threshold_ms: int
    alert: bool


class StationBacklog(WireModel):
    device_id: Code
    warehouse_id: Code
    station_name: Text
    feed_cursor: int
    pending_feed_entries: int
    last_seen_at: dt.datetime | None = None
    last_push_at: dt.datetime | None = None
    alert: bool


class MonitoringReport(WireModel):
    """Seed 000 §7.1: the figures and their alert thresholds."""

    generated_at: dt.datetime
    window_s: int
    commands_total: int
    commands_succeeded: int
    commands_failed: int
    commands_pending: int
    command_success_rate: Annotated[float, Field(ge=0, le=1)] | None = Field(
        default=None, description="succeeded / (succeeded + failed); alert below 0.99."
    )
    command_success_alert: bool
    stock_sync_latency: LatencyFigures
    callback_latency: LatencyFigures
    backlog: list[StationBacklog]
    backlog_threshold: int
    events_accepted: int
    events_rejected: int
    rejected_by_code: dict[str, int]


class FaultRequest(WireModel):
    """Test-only: make the next ``count`` requests to ``path`` fail in a chosen way."""

    path: Annotated[str, Field(min_length=1, max_length=200)]
    mode: Literal["status", "drop_after_commit"] = "status"
    status_code: Literal[429, 503] = 503
    retry_after_s: Annotated[float, Field(ge=0, le=3600)] = 1
    count: Annotated[int, Field(ge=1, le=100_000)] = 1


class FaultState(WireModel):
    armed: list[FaultRequest]
