"""Answers of the OMS-side and admin endpoints (the station-facing models live in oms_contract)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from oms_contract.base import Code, Text, WireModel
from oms_contract.claims import ClaimBlockRequest
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


class StationView(WireModel):
    """One station as IT sees it (``GET /stations``)."""

    device_id: Code
    warehouse_id: Code
    station_name: Text
    state: Literal["pending", "active", "revoked"]
    enrolled_at: dt.datetime
    contract_version: int | None = Field(
        default=None, description="Contract version of its last feed read."
    )
    station_version: str | None = Field(default=None, description="As the station reported.")
    last_seen_at: dt.datetime | None = Field(
        default=None, description="Last pull, push, report or reconciliation."
    )
    feed_cursor: int
    cursor_lag: int = Field(description="Feed head − the station's cursor.")
    pending_events: int | None = Field(
        default=None, description="Its outbox backlog as last reported (None: never)."
    )
    reported_at: dt.datetime | None = None
    synced: bool = Field(description="It has pulled, pushed or reported at least once.")
    token_rotation: Literal["none", "requested", "issued"] = Field(
        description="requested: at its next report; issued: the new token is not used yet."
    )
    revoked_at: dt.datetime | None = None
    open_claims: int = Field(
        default=0, description="Orders it holds the live claim of (order claims, #14)."
    )


class StationList(WireModel):
    stations: list[StationView]


class StationRemoved(WireModel):
    device_id: Code
    warehouse_id: Code
    removed: Literal[True] = True


class TokenRotationRequested(WireModel):
    device_id: Code
    rotation_requested_at: dt.datetime


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
    passed_qty: int = Field(
        description="Received with QC PASS, RESTOCK or no QC: joined on-hand, available."
    )
    damaged_qty: int = Field(
        default=0, description="Returned units DAMAGED: on hand, in the damaged bucket."
    )
    quarantined_qty: int = Field(
        default=0, description="Returned units in QUARANTINE: on hand, frozen (QC hold)."
    )


class InboundView(WireModel):
    inbound_no: Code
    warehouse_id: Code
    owner_id: Code
    inbound_type: str
    related_order_no: Code | None = Field(
        default=None, description="A return's original outbound order."
    )
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
    alert: bool = Field(description="More than ``backlog_threshold`` entries not acknowledged.")
    last_sync_at: dt.datetime | None = Field(
        default=None,
        description="The station's last pull, push or reconciliation (None: none since it "
        "was enrolled).",
    )
    no_sync_s: float = Field(
        description="Seconds since ``last_sync_at`` (since enrolment when it never synced)."
    )
    no_sync_alert: bool = Field(description="No sync for more than ``no_sync_threshold_s``.")
    contract_version: int | None = None
    station_version: str | None = Field(default=None, description="As the station reported.")
    reported_pending_events: int | None = Field(
        default=None, description="Its outbox backlog as last reported (None: never)."
    )
    reported_at: dt.datetime | None = None
    reported_backlog_alert: bool = Field(
        default=False, description="``reported_pending_events`` above ``backlog_threshold``."
    )


class WarehouseFigures(WireModel):
    """One warehouse's active stations summed up (seed 000 §7.1 thresholds)."""

    warehouse_id: Code
    feed_head: int
    stations: int
    max_cursor_lag: int = Field(description="The most feed entries any station is behind.")
    pending_feed_entries: int = Field(description="Summed over its stations.")
    reported_pending_events: int = Field(description="Outbox backlogs reported, summed.")
    stations_behind: int = Field(description="Stations with a backlog alert (feed or outbox).")
    stations_silent: int = Field(description="Stations with a no-sync alert.")
    alert: bool = Field(description="Any of its stations behind or silent.")


class FailureRate(WireModel):
    """Seed 000 §7.2: callbacks refused by the OMS over the last hour."""

    window_s: int = Field(description="Always the last hour, whatever the report's window.")
    callbacks: int = Field(description="Callback events accepted or rejected in the hour.")
    failed: int = Field(description="Of those, rejected.")
    rate: Annotated[float, Field(ge=0, le=1)] | None = Field(
        default=None, description="failed / callbacks; None without callbacks."
    )
    threshold: float
    alert: bool = Field(description="rate above ``threshold`` (1 %).")


class OverdueSubject(WireModel):
    """One station's (or, for work no station has, the warehouse's) overdue orders."""

    subject: Code = Field(
        description="The station's device id; the warehouse id for orders no station has "
        "(a command no station has pulled, an order no station has received)."
    )
    warehouse_id: Code
    count: int
    oldest_age_s: float = Field(description="Seconds over the rule's start (see ``OverdueWork``).")
    order_nos: list[Code] = Field(description="Oldest first, at most ``listed_max``.")


class OverdueWork(WireModel):
    """Seed 000 §5.2 超时未处理: orders a warehouse has not handled in time, now (not over the
    report's window)."""

    threshold_s: int = Field(
        description="Age at which an order counts: unanswered commands 300 (since sent), "
        "orders not started 14400 (since created), past deadline 0 (since the deadline)."
    )
    count: int
    oldest_age_s: float | None = Field(
        default=None, description="Seconds since sent / created / the deadline; None: none."
    )
    order_nos: list[Code] = Field(description="Oldest first, at most ``listed_max``.")
    listed_max: int
    by_subject: list[OverdueSubject]
    alert: bool = Field(description="At least one order counts.")


class MonitoringReport(WireModel):
    """Seed 000 §7.1: the figures and their alert thresholds. Counts and latencies cover the
    ``window_s`` seconds before ``generated_at``; the backlog and the last sync are now;
    the callback failure rate is always the last hour."""

    generated_at: dt.datetime
    window_s: int
    commands_total: int = Field(description="Outbound commands sent in the window.")
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
    warehouses: list[WarehouseFigures] = Field(
        default_factory=list, description="The backlog summed up per warehouse."
    )
    backlog_threshold: int
    no_sync_threshold_s: int
    callback_failure_rate: FailureRate
    unanswered_commands: OverdueWork = Field(
        description="Commands without an outbound_received answer 5 minutes after they were "
        "sent (per station: those it has pulled)."
    )
    orders_not_started: OverdueWork = Field(
        description="Seed §5.2's rule: orders created more than 4 hours ago that their "
        "warehouse has not started (CREATED or RECEIVED; per station: the one that received "
        "it)."
    )
    orders_past_deadline: OverdueWork = Field(
        description="Orders not shipped (nor cancelled) whose command's deadline has passed."
    )
    events_accepted: int = Field(description="Events accepted in the window.")
    events_rejected: int = Field(description="Refusals in the window.")
    rejected_by_code: dict[str, int]


class AlertRule(StrEnum):
    """Seed 000 §7's alert rules; what ``subject`` names and the unit of the figures."""

    COMMAND_SUCCESS_RATE = "command_success_rate"
    """Warehouse; ratio: commands succeeded in the last hour below 0.99."""
    STOCK_SYNC_LATENCY = "stock_sync_latency"
    """Warehouse; ms: the last stock report of the hour took more than 5,000."""
    CALLBACK_LATENCY = "callback_latency"
    """Warehouse; ms: the last callback of the hour took more than 10,000."""
    CALLBACK_FAILURE_RATE = "callback_failure_rate"
    """Warehouse; ratio: callbacks rejected in the last hour above 0.01."""
    FEED_BACKLOG = "feed_backlog"
    """Station; feed entries: more than 1,000 not acknowledged."""
    NO_SYNC = "no_sync"
    """Station; seconds: no pull, push or reconciliation for more than 300."""
    UNANSWERED_COMMAND = "unanswered_command"
    """Station (commands it pulled) or warehouse (pulled by none); seconds: the oldest
    command without an outbound_received answer, more than 300 after it was sent."""
    ORDER_NOT_STARTED = "order_not_started"
    """Station (it received them) or warehouse; seconds: the oldest order created more than
    14,400 ago and not started (seed 000 §5.2)."""
    ORDER_PAST_DEADLINE = "order_past_deadline"
    """Station (it received them) or warehouse; seconds: the order longest past its
    deadline and not shipped."""
    OUTBOX_BACKLOG = "outbox_backlog"
    """Station; events: its outbox, as it last reported, holds more than 1,000 not sent."""


class AlertView(WireModel):
    alert_id: int
    rule: AlertRule
    subject: Code = Field(description="The station's device id, or the warehouse id.")
    warehouse_id: Code
    value: float = Field(description="The figure when the alert was raised.")
    latest_value: float = Field(description="The figure at the last check it held.")
    threshold: float
    unit: Literal["ratio", "ms", "feed_entries", "s", "events"]
    raised_at: dt.datetime
    last_checked_at: dt.datetime
    cleared_at: dt.datetime | None = Field(
        default=None, description="When a check found the condition over; None: open."
    )
    acknowledged_at: dt.datetime | None = None
    acknowledged_note: Text = ""


class AlertList(WireModel):
    alerts: list[AlertView] = Field(description="Newest first.")
    check_interval_s: float | None = Field(
        description="Seconds between this OMS's scheduled checks; None: not scheduled."
    )
    last_check_at: dt.datetime | None = Field(
        default=None, description="This OMS process's last check (scheduled or asked for)."
    )


class AlertCheckResult(WireModel):
    checked_at: dt.datetime
    raised: list[AlertView]
    cleared: list[AlertView]
    open_count: int


class PruneRequest(WireModel):
    """``keep_days``: the horizon for this run (default: the server's
    ``--sync-history-days``); 0 prunes everything acknowledged (tests, a full disk)."""

    keep_days: float | None = Field(None, ge=0, le=3650)


class PruneResult(WireModel):
    pruned_at: dt.datetime
    keep_days: float | None
    """None: the server keeps its whole history (``--sync-history-days 0``) and none was asked."""
    cutoff: dt.datetime | None
    feed_entries: int
    rejected_events: int
    acknowledged: dict[str, int]
    """Per warehouse, the feed position every reading station has acknowledged."""


class AlertAcknowledgement(WireModel):
    note: Text = ""


class FaultRequest(WireModel):
    """Test-only: make the next ``count`` requests to ``path`` fail in a chosen way."""

    path: Annotated[str, Field(min_length=1, max_length=200)]
    mode: Literal["status", "drop_after_commit"] = "status"
    status_code: Literal[429, 503] = 503
    retry_after_s: Annotated[float, Field(ge=0, le=3600)] = 1
    count: Annotated[int, Field(ge=1, le=100_000)] = 1


class FaultState(WireModel):
    armed: list[FaultRequest]


class ClaimView(WireModel):
    """One live order claim as IT sees it (``GET /admin/warehouses/{id}/claims``)."""

    order_no: Code
    warehouse_id: Code
    device_id: Code
    station_name: Text
    granted_at: dt.datetime
    lease_expires_at: dt.datetime
    how: Literal["STATION", "BLOCK", "EVENT", "HANDOVER", "REASSIGN"]
    granted_by: Text | None = None


class ClaimList(WireModel):
    claims: list[ClaimView]


class AdminClaimBlock(ClaimBlockRequest):
    """``POST /admin/warehouses/{id}/claims/block``: a block for the station ``device_id``."""

    device_id: Code
