"""Seed 000 §7.1 figures: command success rate, stock-sync and callback latency, backlog."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
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
from oms_server.schemas import LatencyFigures, MonitoringReport, StationBacklog

COMMAND_SUCCESS_THRESHOLD = 0.99
STOCK_SYNC_LATENCY_THRESHOLD_MS = 5_000
CALLBACK_LATENCY_THRESHOLD_MS = 10_000
BACKLOG_THRESHOLD = 1_000
CALLBACK_EVENTS = ("outbound_received", "outbound_status", "cancel_result")


def monitoring_report(
    session: Session, now: dt.datetime, window_s: int, warehouse_id: str | None
) -> MonitoringReport:
    since = now - dt.timedelta(seconds=window_s)
    orders = select(OutboundOrder.receive_result, func.count()).group_by(
        OutboundOrder.receive_result
    )
    if warehouse_id:
        orders = orders.where(OutboundOrder.warehouse_id == warehouse_id)
    by_result: dict[str | None, int] = {result: count for result, count in session.execute(orders)}
    succeeded = by_result.get(ReceiveResult.SUCCESS, 0)
    failed = by_result.get(ReceiveResult.FAIL, 0)
    pending = by_result.get(None, 0)
    rate = succeeded / (succeeded + failed) if succeeded + failed else None

    accepted = select(func.count()).select_from(AcceptedEvent)
    rejected = select(RejectedEvent.error_code, func.count()).group_by(RejectedEvent.error_code)
    if warehouse_id:
        accepted = accepted.where(AcceptedEvent.warehouse_id == warehouse_id)
        rejected = rejected.join(Station, Station.device_id == RejectedEvent.station_id).where(
            Station.warehouse_id == warehouse_id
        )
    rejected_by_code = {code: count for code, count in session.execute(rejected)}

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
        backlog=_backlog(session, warehouse_id),
        backlog_threshold=BACKLOG_THRESHOLD,
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


def _backlog(session: Session, warehouse_id: str | None) -> list[StationBacklog]:
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
            )
        )
    return backlog
