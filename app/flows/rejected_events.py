"""Events the OMS rejected, for the supervisor's review (retry or discard)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select

from app.flows.messages import run_service
from app.sync_exceptions import resolve_rejected_event
from local_db.models import OutboxEvent
from local_db.store import Store


@dataclass(frozen=True)
class RejectedEvent:
    outbox_event_id: int
    station_seq: int
    event_type: str
    order_no: str | None
    reject_code: str | None
    reject_message: str | None
    occurred_at: dt.datetime


def rejected_events(store: Store, limit: int = 200) -> list[RejectedEvent]:
    with store.read_session() as session:
        rows = session.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.status == "rejected")
            .order_by(OutboxEvent.station_seq)
            .limit(limit)
        )
        return [
            RejectedEvent(
                row.id,
                row.station_seq,
                row.event_type,
                row.order_no,
                row.reject_code,
                row.reject_message,
                row.occurred_at,
            )
            for row in rows
        ]


def resolve(
    store: Store,
    outbox_event_id: int,
    supervisor_badge: str,
    action: Literal["retry", "discard"],
    note: str = "",
) -> None:
    """Raises a FloorError (nothing changed) if the badge or the event does not allow it."""
    run_service(
        store,
        lambda uow: resolve_rejected_event(uow, outbox_event_id, supervisor_badge, action, note),
    )
