"""Supervisors closing exception records (short picks, shortages, differences, ...)."""

from __future__ import annotations

from app import errors
from app.services.audit import record_audit
from app.services.lookups import require_supervisor
from local_db.models import ExceptionRecord
from local_db.store import UnitOfWork
from local_db.types import utc_now

# These close through their own decision, which also acts on what they are about.
_CLOSED_ELSEWHERE = {
    "OMS_REJECTED": "retry or discard the rejected event",
    "COUNT_DIFFERENCE": "approve or reject the adjustment",
    "ADJUSTMENT_APPROVAL": "approve or reject the adjustment",
}


def resolve_exception(
    uow: UnitOfWork, exception_id: int, supervisor_badge: str, resolution: str
) -> ExceptionRecord:
    session = uow.session
    supervisor = require_supervisor(session, supervisor_badge)
    record = session.get(ExceptionRecord, exception_id)
    if record is None:
        raise errors.NotFound(f"Exception {exception_id} does not exist.")
    if record.status != "open":
        raise errors.NotAllowed("This exception is already resolved.")
    if record.exception_type in _CLOSED_ELSEWHERE:
        raise errors.NotAllowed(
            f"Close this one by its decision: {_CLOSED_ELSEWHERE[record.exception_type]}."
        )
    text = resolution.strip()
    if not text:
        raise errors.InvalidInput("Write what was done about it.")
    record.status = "resolved"
    record.resolution = text[:1000]
    record.resolved_by = supervisor.badge_code
    record.resolved_at = utc_now()
    record_audit(
        uow,
        operator=supervisor.badge_code,
        action="resolve_exception",
        entity="exception_record",
        entity_key=str(record.id),
        before={"status": "open"},
        after={"status": "resolved", "type": record.exception_type},
    )
    return record
