"""A push batch: each event in its own savepoint, so one rejection blocks nothing else."""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from oms_contract.events import EventEnvelope
from oms_contract.sync_api import (
    EARLIER_EVENT_REJECTED,
    EventOutcome,
    EventResult,
    PushRequest,
    PushResponse,
    StationEventAccepted,
)
from oms_server.errors import RuleViolation
from oms_server.models import AcceptedEvent, RejectedEvent, Station, Warehouse, utc_now
from oms_server.services.context import EventContext
from oms_server.services.events import apply_event
from oms_server.services.feed import append_feed, lock_warehouse

log = logging.getLogger("wms.oms_server.push")


def push_events(session: Session, station: Station, request: PushRequest) -> PushResponse:
    warehouse = lock_warehouse(session, station.warehouse_id)
    results: list[EventResult] = []
    # Orders with an event refused in this batch: their later events must not overtake it.
    refused_orders: set[str] = set()
    for envelope in request.events:
        order_no = getattr(envelope.payload, "order_no", None)
        if order_no in refused_orders and session.get(AcceptedEvent, envelope.event_id) is None:
            results.append(_held_behind_rejection(envelope))
            continue
        result = _push_one(session, station, warehouse, envelope)
        if result.outcome is EventOutcome.REJECTED and order_no is not None:
            refused_orders.add(order_no)
        results.append(result)
    station.last_push_at = utc_now()
    station.last_seen_at = station.last_push_at
    return PushResponse(results=results)


def _push_one(
    session: Session, station: Station, warehouse: Warehouse, envelope: EventEnvelope
) -> EventResult:
    event_id = envelope.event_id
    # event_id is the global idempotency key: once accepted, any repeat is a duplicate, even
    # from a station restored from another's backup.
    if session.get(AcceptedEvent, event_id) is not None:
        return EventResult(event_id=event_id, outcome=EventOutcome.DUPLICATE)
    if envelope.station_id != station.device_id:
        return _reject(
            session,
            envelope,
            station,
            "STATION_MISMATCH",
            f"The event names station {envelope.station_id}; this token is {station.device_id}.",
        )
    if envelope.warehouse_id != station.warehouse_id:
        return _reject(
            session,
            envelope,
            station,
            "WAREHOUSE_MISMATCH",
            f"The event is for warehouse {envelope.warehouse_id}; "
            f"this station belongs to {station.warehouse_id}.",
        )
    now = utc_now()
    ctx = EventContext(
        event_id=event_id, station_id=station.device_id, occurred_at=envelope.occurred_at, now=now
    )
    try:
        with session.begin_nested():
            latency_ms = apply_event(session, envelope, ctx)
            entry = append_feed(session, warehouse, StationEventAccepted(event=envelope), now)
            session.add(
                AcceptedEvent(
                    event_id=event_id,
                    station_id=station.device_id,
                    station_seq=envelope.station_seq,
                    warehouse_id=envelope.warehouse_id,
                    event_type=envelope.payload.event_type,
                    occurred_at=envelope.occurred_at,
                    received_at=now,
                    latency_ms=latency_ms,
                    feed_seq=entry.seq,
                )
            )
            session.flush()
    except RuleViolation as refusal:
        # The savepoint rolled back the feed counter bump too; re-read it.
        session.refresh(warehouse)
        return _reject(session, envelope, station, refusal.error_code, refusal.message)
    except IntegrityError:
        # Another transaction accepted the same event_id first (the unique key decides).
        session.refresh(warehouse)
        if session.get(AcceptedEvent, event_id) is None:
            raise
        log.info("event %s accepted concurrently elsewhere", event_id)
        return EventResult(event_id=event_id, outcome=EventOutcome.DUPLICATE)
    return EventResult(event_id=event_id, outcome=EventOutcome.ACCEPTED)


def _held_behind_rejection(envelope: EventEnvelope) -> EventResult:
    """Not judged at all: the station keeps it pending until the earlier event is resolved."""
    return EventResult(
        event_id=envelope.event_id,
        outcome=EventOutcome.REJECTED,
        error_code=EARLIER_EVENT_REJECTED,
        error_message="An earlier event of this order in the same batch was rejected.",
    )


def _reject(
    session: Session, envelope: EventEnvelope, station: Station, code: str, message: str
) -> EventResult:
    log.info("event %s rejected: %s", envelope.event_id, code)
    session.add(
        RejectedEvent(
            event_id=envelope.event_id,
            station_id=station.device_id,
            event_type=envelope.payload.event_type,
            error_code=code,
            error_message=message[:500],
        )
    )
    session.flush()
    return EventResult(
        event_id=envelope.event_id,
        outcome=EventOutcome.REJECTED,
        error_code=code,
        error_message=message[:500],
    )
