"""A run of push events applied set-based: one read per table, rules in Python, bulk writes.

The per-event path (``push.py``) gives every event a savepoint, a handful of lookups and two
flushes: about 2.6 ms per event through the ORM. Here a run of events shares one savepoint,
one ``IN`` query each for the already-accepted event ids, the SKUs, the logical-stock rows
and the orders, and one ``executemany`` each for what changed, the feed entries, the
accepted and the rejected events. Outcomes are the same event by event.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from oms_contract.events import EventEnvelope
from oms_contract.sync_api import (
    EARLIER_EVENT_REJECTED,
    EventOutcome,
    EventResult,
    StationEventAccepted,
)
from oms_server.errors import RuleViolation
from oms_server.feed_waiters import mark_appended
from oms_server.models import (
    AcceptedEvent,
    FeedEntryRow,
    RejectedEvent,
    Station,
    Warehouse,
    utc_now,
)
from oms_server.services.bulk_write import insert_many
from oms_server.services.context import EventContext
from oms_server.services.movement_checks import known_bins, movement_bins
from oms_server.services.push_rules import judge_event, order_no_of, stock_key_of
from oms_server.services.push_state import (
    BatchState,
    accepted_event_ids,
    load_batch_state,
    table_of,
    write_batch_state,
)
from oms_server.services.station_figures import (
    FigureBook,
    figure_keys,
    for_peers,
    load_figures,
    write_figures,
)

log = logging.getLogger("wms.oms_server.push")


@dataclass
class _Rows:
    """What the run writes, in event order, for one bulk insert per table."""

    feed: list[dict[str, Any]] = field(default_factory=list)
    accepted: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)


def push_run(
    session: Session,
    station: Station,
    warehouse: Warehouse,
    envelopes: Sequence[EventEnvelope],
    refused_orders: set[str],
) -> list[EventResult]:
    """Judge and apply ``envelopes`` (all of set-based types) in order.

    ``refused_orders`` is updated in place. Raises ``IntegrityError`` (with everything of this
    run rolled back, ``refused_orders`` untouched) when another transaction accepted one of
    the event ids meanwhile: the caller then pushes the run again event by event.
    """
    now = utc_now()
    refused = set(refused_orders)
    results: list[EventResult] = []
    rows = _Rows()
    with session.begin_nested():
        accepted = accepted_event_ids(session, (e.event_id for e in envelopes))
        judged = [e for e in envelopes if identity_refusal(e, station) is None]
        state = load_batch_state(
            session,
            station.warehouse_id,
            (key for e in judged if (key := stock_key_of(e.payload)) is not None),
            (order_no for e in judged if (order_no := order_no_of(e.payload)) is not None),
            now,
        )
        state.bins = known_bins(
            session, station.warehouse_id, movement_bins(e.payload for e in judged)
        )
        figures = load_figures(
            session, station.warehouse_id, (k for e in judged for k in figure_keys(e.payload))
        )
        next_seq = warehouse.last_feed_seq
        for envelope in envelopes:
            event_id = envelope.event_id
            order_no = order_no_of(envelope.payload)
            if event_id in accepted:
                results.append(EventResult(event_id=event_id, outcome=EventOutcome.DUPLICATE))
                continue
            if order_no in refused:
                results.append(held_behind_rejection(envelope))
                continue
            ctx = EventContext(
                event_id=event_id,
                station_id=station.device_id,
                occurred_at=envelope.occurred_at,
                now=now,
            )
            try:
                refusal = identity_refusal(envelope, station)
                if refusal is not None:
                    raise refusal
                latency_ms = judge_event(state, envelope.payload, envelope.warehouse_id, ctx)
            except RuleViolation as error:
                if order_no is not None:
                    refused.add(order_no)
                results.append(_rejected(rows, envelope, station, error))
                continue
            next_seq += 1
            figures.note(envelope, next_seq, now)
            rows.feed.append(_feed_row(envelope, next_seq, now))
            rows.accepted.append(_accepted_row(envelope, station, now, latency_ms, next_seq))
            accepted.add(event_id)
            results.append(EventResult(event_id=event_id, outcome=EventOutcome.ACCEPTED))
        _show_figures(state, figures)
        write_batch_state(session, state)
        write_figures(session, figures)
        _write_rows(session, rows)
        if next_seq != warehouse.last_feed_seq:
            mark_appended(session, warehouse.warehouse_id)
        warehouse.last_feed_seq = next_seq
        session.flush()
    refused_orders |= refused
    return results


def _show_figures(state: BatchState, figures: FigureBook) -> None:
    """The logical-stock rows show the figure computed on the newest basis."""
    for key in figures.touched:
        shown = figures.shown(key)
        if shown is None:
            continue
        row = state.stock.get(key)
        if row is not None and (row.station_available_qty, row.station_reported_at) == (
            shown.available_qty,
            shown.occurred_at,
        ):
            continue
        row = state.stock_to_change(key)
        row.station_available_qty = shown.available_qty
        row.station_reported_at = shown.occurred_at


def held_behind_rejection(envelope: EventEnvelope) -> EventResult:
    """Not judged at all: the station keeps it pending until the earlier event is resolved."""
    return EventResult(
        event_id=envelope.event_id,
        outcome=EventOutcome.REJECTED,
        error_code=EARLIER_EVENT_REJECTED,
        error_message="An earlier event of this order in the same batch was rejected.",
    )


def identity_refusal(envelope: EventEnvelope, station: Station) -> RuleViolation | None:
    """The refusal for an event naming another station or warehouse, else None."""
    if envelope.station_id != station.device_id:
        return RuleViolation(
            "STATION_MISMATCH",
            f"The event names station {envelope.station_id}; this token is {station.device_id}.",
        )
    if envelope.warehouse_id != station.warehouse_id:
        return RuleViolation(
            "WAREHOUSE_MISMATCH",
            f"The event is for warehouse {envelope.warehouse_id}; "
            f"this station belongs to {station.warehouse_id}.",
        )
    return None


def _rejected(
    rows: _Rows, envelope: EventEnvelope, station: Station, refusal: RuleViolation
) -> EventResult:
    log.info("event %s rejected: %s", envelope.event_id, refusal.error_code)
    message = refusal.message[:500]
    rows.rejected.append(
        {
            "event_id": envelope.event_id,
            "station_id": station.device_id,
            "event_type": envelope.payload.event_type,
            "error_code": refusal.error_code,
            "error_message": message,
            "received_at": utc_now(),
        }
    )
    return EventResult(
        event_id=envelope.event_id,
        outcome=EventOutcome.REJECTED,
        error_code=refusal.error_code,
        error_message=message,
    )


def _feed_row(envelope: EventEnvelope, seq: int, now: dt.datetime) -> dict[str, Any]:
    body = StationEventAccepted(event=for_peers(envelope))
    return {
        "warehouse_id": envelope.warehouse_id,
        "seq": seq,
        "kind": body.kind,
        "body_json": body.model_dump_json(),
        "created_at": now,
    }


def _accepted_row(
    envelope: EventEnvelope, station: Station, now: dt.datetime, latency_ms: int | None, seq: int
) -> dict[str, Any]:
    return {
        "event_id": envelope.event_id,
        "station_id": station.device_id,
        "station_seq": envelope.station_seq,
        "warehouse_id": envelope.warehouse_id,
        "event_type": envelope.payload.event_type,
        "occurred_at": envelope.occurred_at,
        "received_at": now,
        "latency_ms": latency_ms,
        "feed_seq": seq,
    }


def _write_rows(session: Session, rows: _Rows) -> None:
    # accepted_event first: its unique key is what a concurrent push of the same id hits.
    insert_many(session, table_of(AcceptedEvent), rows.accepted)
    insert_many(session, table_of(FeedEntryRow), rows.feed)
    insert_many(session, table_of(RejectedEvent), rows.rejected)
