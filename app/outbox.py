"""The transactional outbox: events for the OMS are rows written in the action's own
transaction, so a committed change always has its event and a rolled-back one never has."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter
from pydantic_core import to_json

from app.ids import new_event_ids
from local_db.models import OutboxEvent
from local_db.store import UnitOfWork
from local_db.types import to_sqlite_utc, utc_now
from oms_contract.events import (
    CancelResult,
    EventPayload,
    InboundReceived,
    InventoryAdjusted,
    OutboundReceived,
    OutboundStatusChanged,
    PickedLines,
    StockChanged,
    Unpicked,
)

AnyPayload = (
    OutboundReceived
    | OutboundStatusChanged
    | PickedLines
    | Unpicked
    | StockChanged
    | InboundReceived
    | InventoryAdjusted
    | CancelResult
)

LAST_STATION_SEQ = "last_station_seq"

# A payload as its contract model dumps it (``model_dump(mode="json")``): the set-based
# allocation builds these without the model (app/services/allocation_payloads.py).
PayloadValues = dict[str, Any]
# (event_type, order_no, payload) in station order.
PendingEvent = tuple[str, str | None, PayloadValues]

_PAYLOAD_ADAPTER: TypeAdapter[AnyPayload] = TypeAdapter(EventPayload)

# Plain SQL on the unit of work's connection: an event is written on every scan, and the
# ORM's per-statement work (compilation, identity map, flush) cost more than SQLite's own.
_READ_MARKS = (
    "SELECT (SELECT max(station_seq) FROM outbox_event), "
    "(SELECT value FROM sync_state WHERE key = ?)"
)
_WRITE_MARK = (
    "INSERT INTO sync_state (key, value) VALUES (?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)
_MAX_EVENT_ROW = "SELECT max(id) FROM outbox_event"
_APPLIED_UP_TO = "SELECT max(seq) FROM applied_feed_entry"
_FEED_BASIS = "feed_basis"
_INSERT_EVENT = (
    "INSERT INTO outbox_event (id, event_id, station_seq, event_type, order_no, payload_json, "
    "operator, occurred_at, status, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0)"
)


@dataclass(frozen=True)
class RecordedEvent:
    """An outbox row just written (its id is what audit and exception rows point at)."""

    id: int
    event_id: str
    station_seq: int
    event_type: str


def _order_no(payload: AnyPayload) -> str | None:
    order_no = getattr(payload, "order_no", None)
    return order_no if isinstance(order_no, str) else None


def reserve_station_seqs(uow: UnitOfWork, count: int) -> int:
    """Reserve ``count`` consecutive station sequence numbers; return the first.

    The unit of work holds SQLite's write lock (BEGIN IMMEDIATE), so the numbers cannot race
    with another writer. The high-water mark in sync state keeps numbers rising even if
    accepted rows are ever pruned from the outbox: the OMS must never see a station number
    twice. Both are read from the database each time (``max`` on the unique index is one
    B-tree descent), so a rolled-back savepoint's numbers, never committed, are handed out
    again instead of leaving a gap.
    """
    session = uow.session
    # Outbox rows the session still holds must count.
    session.flush()
    connection = session.connection()
    in_outbox, mark = connection.exec_driver_sql(_READ_MARKS, (LAST_STATION_SEQ,)).one()
    first = max(int(in_outbox or 0), int(mark or 0)) + 1
    connection.exec_driver_sql(_WRITE_MARK, (LAST_STATION_SEQ, str(first + count - 1)))
    return first


def payload_json(values: PayloadValues) -> str:
    """The one serialiser of outbox payloads: pydantic's own, so the bytes are what the
    contract model's ``model_dump_json()`` writes (tests/store/test_feed_outbound_json.py)."""
    return to_json(values).decode()


def record_payloads(
    uow: UnitOfWork, events: Sequence[PendingEvent], operator: str
) -> list[RecordedEvent]:
    """Append ``(event_type, order_no, payload)`` rows to the outbox in one statement,
    numbered in the given order, each payload serialised by :func:`payload_json`.

    Row ids are ``max(id) + 1`` onwards, the ids SQLite itself would give under the unit of
    work's write lock; event ids are time-ordered (``app.ids``) so new rows land at one edge
    of the ``event_id`` index.
    """
    if not events:
        return []
    first_seq = reserve_station_seqs(uow, len(events))
    connection = uow.session.connection()
    if any(event_type == "stock_changed" for event_type, _, _ in events):
        events = _with_feed_basis(uow, events)
    first_id = int(connection.exec_driver_sql(_MAX_EVENT_ROW).scalar() or 0) + 1
    event_ids = new_event_ids(len(events))
    now = to_sqlite_utc(utc_now())
    connection.exec_driver_sql(
        _INSERT_EVENT,
        [
            (
                first_id + n,
                event_ids[n],
                first_seq + n,
                event_type,
                order_no,
                payload_json(values),
                operator,
                now,
            )
            for n, (event_type, order_no, values) in enumerate(events)
        ],
    )
    return [
        RecordedEvent(first_id + n, event_ids[n], first_seq + n, event_type)
        for n, (event_type, _, _) in enumerate(events)
    ]


@contextmanager
def feed_basis(uow: UnitOfWork, applied_up_to: int | Mapping[str, int]) -> Iterator[None]:
    """While feed entries are applied, the events they write were computed on every entry
    before theirs (the page's ``applied_feed_entry`` rows come only at its end):
    ``applied_up_to`` is that position, or per order number for a run of outbound commands
    received together (their events come in command order, each command's first)."""
    uow.session.info[_FEED_BASIS] = applied_up_to
    try:
        yield
    finally:
        uow.session.info.pop(_FEED_BASIS, None)


def _with_feed_basis(uow: UnitOfWork, events: Sequence[PendingEvent]) -> list[PendingEvent]:
    """Each stock_changed gets the feed position its ``available_qty`` was computed on, so
    the OMS can tell it from a figure that includes another station's later movement: the
    last entry applied (during a feed entry, the entries before it). A payload that already
    names its basis keeps it."""
    marker = uow.session.info.get(_FEED_BASIS)
    if isinstance(marker, int):
        basis = marker
    else:
        connection = uow.session.connection()
        basis = int(connection.exec_driver_sql(_APPLIED_UP_TO).scalar() or 0)
    by_order = marker if isinstance(marker, Mapping) else {}
    marked: list[PendingEvent] = []
    for event_type, order_no, values in events:
        if order_no is not None and order_no in by_order:
            basis = by_order[order_no]
        if event_type == "stock_changed" and values.get("feed_cursor") is None:
            # The contract model's last field: the JSON keeps the model's field order.
            marked.append((event_type, order_no, {**values, "feed_cursor": basis}))
        else:
            marked.append((event_type, order_no, values))
    return marked


def _pending(payload: AnyPayload) -> PendingEvent:
    return payload.event_type, _order_no(payload), payload.model_dump(mode="json")


def record_event(uow: UnitOfWork, payload: AnyPayload, operator: str) -> RecordedEvent:
    """Append ``payload`` to the outbox with the next station sequence number."""
    return record_payloads(uow, [_pending(payload)], operator)[0]


def record_events(uow: UnitOfWork, payloads: Sequence[AnyPayload], operator: str) -> list[int]:
    """Append many payloads in one statement, numbered in the given order; return their ids."""
    recorded = record_payloads(uow, [_pending(p) for p in payloads], operator)
    return [event.id for event in recorded]


def load_payload(event: OutboxEvent) -> AnyPayload:
    """The pydantic payload of an outbox row (for building the envelope at push time)."""
    return _PAYLOAD_ADAPTER.validate_json(event.payload_json)
