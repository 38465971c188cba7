"""Supervisors closing exception records (short picks, shortages, differences, ...)."""

from __future__ import annotations

from app import errors
from app.services.audit import record_audit
from app.services.lookups import require_supervisor
from local_db.models import ExceptionRecord
from local_db.store import UnitOfWork
from local_db.types import utc_now

# These close through their own decision, which also acts on what they are about.
_DECIDED_BY_ADJUSTMENT = {"COUNT_DIFFERENCE", "ADJUSTMENT_APPROVAL"}


def resolve_exception(
    uow: UnitOfWork, exception_id: int, supervisor_badge: str, resolution: str
) -> ExceptionRecord:
    session = uow.session
    supervisor = require_supervisor(session, supervisor_badge)
    record = session.get(ExceptionRecord, exception_id)
    if record is None:
        raise errors.NotFound("exception_not_known", exception=exception_id)
    if record.status != "open":
        raise errors.NotAllowed("exception_resolved")
    if record.exception_type == "OMS_REJECTED":
        raise errors.NotAllowed("close_by_event_decision")
    if record.exception_type in _DECIDED_BY_ADJUSTMENT:
        raise errors.NotAllowed("close_by_adjustment_decision")
    text = resolution.strip()
    if not text:
        raise errors.InvalidInput("resolution_needed")
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
