"""A push batch: runs of common event types set-based, the rest each in its own savepoint.

Either way one rejection blocks nothing but the later events of the same order.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from oms_contract.claims import DEFAULT_LEASE_S
from oms_contract.events import EventEnvelope
from oms_contract.sync_api import (
    EventOutcome,
    EventResult,
    PushRequest,
    PushResponse,
    StationEventAccepted,
)
from oms_server.errors import RuleViolation
from oms_server.models import AcceptedEvent, RejectedEvent, Station, Warehouse, utc_now
from oms_server.services import claim_events
from oms_server.services.context import EventContext
from oms_server.services.events import apply_event
from oms_server.services.feed import append_feed, lock_warehouse
from oms_server.services.push_batch import held_behind_rejection, identity_refusal, push_run
from oms_server.services.push_rules import SET_BASED_EVENT_TYPES, PerEventNeeded
from oms_server.services.station_figures import for_peers, note_figures

log = logging.getLogger("wms.oms_server.push")


def push_events(
    session: Session,
    station: Station,
    request: PushRequest,
    *,
    claim_lease_s: int = DEFAULT_LEASE_S,
) -> PushResponse:
    """``claim_lease_s``: the lease of a claim a pick event takes (services/claim_events.py)."""
    warehouse = lock_warehouse(session, station.warehouse_id)
    results: list[EventResult] = []
    # Orders with an event refused in this batch: their later events must not overtake it.
    refused_orders: set[str] = set()
    runs = itertools.groupby(
        request.events, key=lambda e: e.payload.event_type in SET_BASED_EVENT_TYPES
    )
    for set_based, run in runs:
        envelopes = list(run)
        if set_based:
            results += _push_set_based(
                session, station, warehouse, envelopes, refused_orders, claim_lease_s=claim_lease_s
            )
        else:
            results += push_one_by_one(
                session, station, warehouse, envelopes, refused_orders, claim_lease_s=claim_lease_s
            )
    _note_push(station)
    return PushResponse(results=results)


def push_events_one_by_one(
    session: Session,
    station: Station,
    request: PushRequest,
    *,
    claim_lease_s: int = DEFAULT_LEASE_S,
) -> PushResponse:
    """The per-event path for a whole batch (the reference the set-based path is held to)."""
    warehouse = lock_warehouse(session, station.warehouse_id)
    results = push_one_by_one(
        session, station, warehouse, request.events, set(), claim_lease_s=claim_lease_s
    )
    _note_push(station)
    return PushResponse(results=results)


def _note_push(station: Station) -> None:
    station.last_push_at = utc_now()
    station.last_seen_at = station.last_push_at


def _push_set_based(
    session: Session,
    station: Station,
    warehouse: Warehouse,
    envelopes: list[EventEnvelope],
    refused_orders: set[str],
    *,
    claim_lease_s: int,
) -> list[EventResult]:
    session.flush()
    try:
        results = push_run(session, station, warehouse, envelopes, refused_orders)
    except IntegrityError:
        # Another transaction accepted one of these event ids since the run read them (the
        # unique key decides). Correctness first: the run again, event by event.
        session.refresh(warehouse)
        log.info("push run of %d events hit a concurrent accept; one by one", len(envelopes))
        return push_one_by_one(
            session, station, warehouse, envelopes, refused_orders, claim_lease_s=claim_lease_s
        )
    except PerEventNeeded:
        # A receipt that moves a reservation (FAIL, or SUCCESS after one) or concerns a
        # re-routed order: the per-event rules apply it (rolled back here, nothing kept).
        session.refresh(warehouse)
        return push_one_by_one(
            session, station, warehouse, envelopes, refused_orders, claim_lease_s=claim_lease_s
        )
    # The run wrote with Core statements: ORM copies of its rows (from per-event runs of
    # the same batch) would be stale.
    for obj in list(session.identity_map.values()):
        if not isinstance(obj, Station | Warehouse):
            session.expire(obj)
    return results


def push_one_by_one(
    session: Session,
    station: Station,
    warehouse: Warehouse,
    envelopes: Sequence[EventEnvelope],
    refused_orders: set[str],
    *,
    claim_lease_s: int = DEFAULT_LEASE_S,
) -> list[EventResult]:
    results: list[EventResult] = []
    for envelope in envelopes:
        order_no = getattr(envelope.payload, "order_no", None)
        if order_no in refused_orders and session.get(AcceptedEvent, envelope.event_id) is None:
            results.append(held_behind_rejection(envelope))
            continue
        result = _push_one(session, station, warehouse, envelope, claim_lease_s)
        if result.outcome is EventOutcome.REJECTED and order_no is not None:
            refused_orders.add(order_no)
        results.append(result)
    return results


def _push_one(
    session: Session,
    station: Station,
    warehouse: Warehouse,
    envelope: EventEnvelope,
    claim_lease_s: int,
) -> EventResult:
    event_id = envelope.event_id
    # event_id is the global idempotency key: once accepted, any repeat is a duplicate, even
    # from a station restored from another's backup.
    if session.get(AcceptedEvent, event_id) is not None:
        return EventResult(event_id=event_id, outcome=EventOutcome.DUPLICATE)
    not_this_station = identity_refusal(envelope, station)
    if not_this_station is not None:
        return _reject(
            session, envelope, station, not_this_station.error_code, not_this_station.message
        )
    now = utc_now()
    claimed_elsewhere = claim_events.refusal(session, warehouse, station, envelope, now)
    if claimed_elsewhere is not None:
        return _reject(
            session, envelope, station, claim_events.ORDER_CLAIMED_ELSEWHERE, claimed_elsewhere
        )
    ctx = EventContext(
        event_id=event_id, station_id=station.device_id, occurred_at=envelope.occurred_at, now=now
    )
    try:
        with session.begin_nested():
            latency_ms = apply_event(session, envelope, ctx)
            body = StationEventAccepted(event=for_peers(envelope))
            entry = append_feed(session, warehouse, body, now)
            note_figures(session, envelope, entry.seq, now)
            claim_events.after_accepted(
                session, warehouse, station, envelope, lease_s=claim_lease_s, now=now
            )
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
