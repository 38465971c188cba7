"""Seed 000 §7 figures: command success rate, stock-sync and callback latency, backlog,
the stations' last sync and the callback failure rate; and §5.2's work not processed in
time (``overdue_work``: unanswered commands, orders not started, orders past their deadline).

Every count and latency covers the report's window (the ``window_s`` seconds before
``now``): commands by when they were sent, events by when they reached the OMS. The
backlog and the last sync are the stations' state now; the failure rate is always the last
hour (seed §7.2 counts callbacks "by hour").
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVarTuple

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from oms_contract.events import ReceiveResult
from oms_server.models import (
    AcceptedEvent,
    OutboundOrder,
    RejectedEvent,
    Station,
    StationState,
    Warehouse,
)
from oms_server.schemas import (
    FailureRate,
    LatencyFigures,
    MonitoringReport,
    StationBacklog,
    WarehouseFigures,
)
from oms_server.services import overdue_work

COMMAND_SUCCESS_THRESHOLD = 0.99
STOCK_SYNC_LATENCY_THRESHOLD_MS = 5_000
CALLBACK_LATENCY_THRESHOLD_MS = 10_000
BACKLOG_THRESHOLD = 1_000
NO_SYNC_THRESHOLD_S = 300
FAILURE_RATE_THRESHOLD = 0.01
FAILURE_RATE_WINDOW = dt.timedelta(hours=1)
CALLBACK_EVENTS = ("outbound_received", "outbound_status", "cancel_result")

_Columns = TypeVarTuple("_Columns")


def monitoring_report(
    session: Session, now: dt.datetime, window_s: int, warehouse_id: str | None
) -> MonitoringReport:
    since = now - dt.timedelta(seconds=window_s)
    orders = (
        select(OutboundOrder.receive_result, func.count())
        .where(OutboundOrder.created_at >= since)
        .group_by(OutboundOrder.receive_result)
    )
    if warehouse_id:
        orders = orders.where(OutboundOrder.warehouse_id == warehouse_id)
    by_result: dict[str | None, int] = {result: count for result, count in session.execute(orders)}
    succeeded = by_result.get(ReceiveResult.SUCCESS, 0)
    failed = by_result.get(ReceiveResult.FAIL, 0)
    pending = by_result.get(None, 0)
    rate = succeeded / (succeeded + failed) if succeeded + failed else None

    accepted = select(func.count()).where(AcceptedEvent.received_at >= since)
    rejected = (
        select(RejectedEvent.error_code, func.count())
        .where(RejectedEvent.received_at >= since)
        .group_by(RejectedEvent.error_code)
    )
    if warehouse_id:
        accepted = accepted.where(AcceptedEvent.warehouse_id == warehouse_id)
        rejected = _of_warehouse(rejected, warehouse_id)
    rejected_by_code = {code: count for code, count in session.execute(rejected)}
    overdue = overdue_work.overdue_figures(session, now, warehouse_id)
    backlog = _backlog(session, now, warehouse_id)

    return MonitoringReport(
        generated_at=now,
        window_s=window_s,
        commands_total=succeeded + failed + pending,
        commands_succeeded=succeeded,
        commands_failed=failed,
        commands_pending=pending,
        command_success_rate=rate,
        command_success_alert=rate is not None and rate < COMMAND_SUCCESS_THRESHOLD,
        stock_sync_latency=_latency(
            session, ("stock_changed",), since, warehouse_id, STOCK_SYNC_LATENCY_THRESHOLD_MS
        ),
        callback_latency=_latency(
            session, CALLBACK_EVENTS, since, warehouse_id, CALLBACK_LATENCY_THRESHOLD_MS
        ),
        backlog=backlog,
        warehouses=_per_warehouse(session, backlog, warehouse_id),
        backlog_threshold=BACKLOG_THRESHOLD,
        no_sync_threshold_s=NO_SYNC_THRESHOLD_S,
        callback_failure_rate=_failure_rate(session, now, warehouse_id),
        unanswered_commands=overdue.unanswered_commands,
        orders_not_started=overdue.orders_not_started,
        orders_past_deadline=overdue.orders_past_deadline,
        events_accepted=session.scalar(accepted) or 0,
        events_rejected=sum(rejected_by_code.values()),
        rejected_by_code=rejected_by_code,
    )


def _latency(
    session: Session,
    event_types: tuple[str, ...],
    since: dt.datetime,
    warehouse_id: str | None,
    threshold_ms: int,
) -> LatencyFigures:
    conditions = [
        AcceptedEvent.event_type.in_(event_types),
        AcceptedEvent.received_at >= since,
        AcceptedEvent.latency_ms.is_not(None),
    ]
    if warehouse_id:
        conditions.append(AcceptedEvent.warehouse_id == warehouse_id)
    samples, average, maximum = session.execute(
        select(
            func.count(), func.avg(AcceptedEvent.latency_ms), func.max(AcceptedEvent.latency_ms)
        ).where(*conditions)
    ).one()
    last = session.scalar(
        select(AcceptedEvent.latency_ms)
        .where(*conditions)
        .order_by(AcceptedEvent.received_at.desc())
        .limit(1)
    )
    return LatencyFigures(
        samples=samples,
        last_ms=last,
        average_ms=float(average) if average is not None else None,
        max_ms=maximum,
        threshold_ms=threshold_ms,
        alert=last is not None and last > threshold_ms,
    )


def _of_warehouse(query: Select[*_Columns], warehouse_id: str) -> Select[*_Columns]:
    """Refusals of the warehouse's stations (a refusal row names its station only)."""
    return query.join(Station, Station.device_id == RejectedEvent.station_id).where(
        Station.warehouse_id == warehouse_id
    )


def _failure_rate(session: Session, now: dt.datetime, warehouse_id: str | None) -> FailureRate:
    since = now - FAILURE_RATE_WINDOW
    accepted = select(func.count()).where(
        AcceptedEvent.event_type.in_(CALLBACK_EVENTS), AcceptedEvent.received_at >= since
    )
    rejected = (
        select(func.count())
        .select_from(RejectedEvent)
        .where(RejectedEvent.event_type.in_(CALLBACK_EVENTS), RejectedEvent.received_at >= since)
    )
    if warehouse_id:
        accepted = accepted.where(AcceptedEvent.warehouse_id == warehouse_id)
        rejected = _of_warehouse(rejected, warehouse_id)
    failed = session.scalar(rejected) or 0
    callbacks = (session.scalar(accepted) or 0) + failed
    rate = failed / callbacks if callbacks else None
    return FailureRate(
        window_s=int(FAILURE_RATE_WINDOW.total_seconds()),
        callbacks=callbacks,
        failed=failed,
        rate=rate,
        threshold=FAILURE_RATE_THRESHOLD,
        alert=rate is not None and rate > FAILURE_RATE_THRESHOLD,
    )


def _backlog(session: Session, now: dt.datetime, warehouse_id: str | None) -> list[StationBacklog]:
    query = (
        select(Station, Warehouse.last_feed_seq)
        .join(Warehouse, Warehouse.warehouse_id == Station.warehouse_id)
        .where(Station.pseudo.is_(False), Station.state == StationState.ACTIVE)
    )
    if warehouse_id:
        query = query.where(Station.warehouse_id == warehouse_id)
    backlog = []
    for station, head in session.execute(query.order_by(Station.device_id)):
        pending = max(0, head - station.feed_cursor)
        # last_seen_at: every pull (to the minute, routes/stations.py), push, reconciliation.
        silent_s = max(0.0, (now - (station.last_seen_at or station.enrolled_at)).total_seconds())
        backlog.append(
            StationBacklog(
                device_id=station.device_id,
                warehouse_id=station.warehouse_id,
                station_name=station.station_name,
                feed_cursor=station.feed_cursor,
                pending_feed_entries=pending,
                last_seen_at=station.last_seen_at,
                last_push_at=station.last_push_at,
                alert=pending > BACKLOG_THRESHOLD,
                last_sync_at=station.last_seen_at,
                no_sync_s=silent_s,
                no_sync_alert=silent_s > NO_SYNC_THRESHOLD_S,
                contract_version=station.contract_version,
                station_version=station.station_version,
                reported_pending_events=station.reported_pending,
                reported_at=station.reported_at,
                reported_backlog_alert=(station.reported_pending or 0) > BACKLOG_THRESHOLD,
            )
        )
    return backlog


def _per_warehouse(
    session: Session, backlog: list[StationBacklog], warehouse_id: str | None
) -> list[WarehouseFigures]:
    """The per-station backlog summed up per warehouse (a warehouse without active stations
    shows with zeros, so IT sees it has none)."""
    heads = select(Warehouse.warehouse_id, Warehouse.last_feed_seq)
    if warehouse_id:
        heads = heads.where(Warehouse.warehouse_id == warehouse_id)
    figures = []
    for warehouse, head in session.execute(heads.order_by(Warehouse.warehouse_id)):
        rows = [row for row in backlog if row.warehouse_id == warehouse]
        behind = sum(1 for row in rows if row.alert or row.reported_backlog_alert)
        silent = sum(1 for row in rows if row.no_sync_alert)
        figures.append(
            WarehouseFigures(
                warehouse_id=warehouse,
                feed_head=head,
                stations=len(rows),
                max_cursor_lag=max((row.pending_feed_entries for row in rows), default=0),
                pending_feed_entries=sum(row.pending_feed_entries for row in rows),
                reported_pending_events=sum(row.reported_pending_events or 0 for row in rows),
                stations_behind=behind,
                stations_silent=silent,
                alert=behind > 0 or silent > 0,
            )
        )
    return figures
