"""Events the OMS rejected: the supervisor's review list and decision (retry or discard).

While an event is ``rejected``, the push engine holds back the later events of the same
order. Either decision moves it out of ``rejected``, which releases them: ``retry`` puts it
back in the queue (e.g. after master data was fixed at the OMS), ``discard`` gives it up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select

from app import errors
from app.flows.messages import run_service
from app.services.audit import record_audit
from app.services.lookups import require_supervisor
from local_db.models import ExceptionRecord, OutboxEvent
from local_db.store import Store, UnitOfWork
from local_db.types import utc_now

Resolution = Literal["retry", "discard"]


def resolve_rejected_event(
    uow: UnitOfWork,
    outbox_event_id: int,
    supervisor_badge: str,
    action: Resolution,
    note: str = "",
) -> OutboxEvent:
    session = uow.session
    supervisor = require_supervisor(session, supervisor_badge)
    if action not in ("retry", "discard"):
        raise errors.InvalidInput("choose_retry_or_discard")
    event = session.get(OutboxEvent, outbox_event_id)
    if event is None:
        raise errors.UnknownOutboxEvent("event_not_known", event=outbox_event_id)
    if event.status != "rejected":
        raise errors.NotAllowed("event_not_rejected", event=event.station_seq, status=event.status)
    now = utc_now()
    before = event.status
    if action == "retry":
        event.status = "pending"
        event.attempts = 0
        event.last_error = None
    else:
        event.status = "discarded"
    event.resolved_by = supervisor.badge_code
    event.resolved_at = now
    resolution = f"{action}: {note}".strip().rstrip(":")[:1000]
    for record in session.scalars(
        select(ExceptionRecord).where(
            ExceptionRecord.outbox_event_id == event.id, ExceptionRecord.status == "open"
        )
    ):
        record.status = "resolved"
        record.resolution = resolution
        record.resolved_by = supervisor.badge_code
        record.resolved_at = now
    record_audit(
        uow,
        operator=supervisor.badge_code,
        action=f"{action}_rejected_event",
        entity="outbox_event",
        entity_key=event.event_id,
        before={"status": before, "reject_code": event.reject_code},
        after={"status": event.status, "note": note[:200]},
        outbox_event=event,
    )
    return event


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
