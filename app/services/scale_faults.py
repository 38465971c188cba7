"""A scale fault that stops a packer's work: an exception record for the supervisor.

The packer may still type the weight (the shipment's audit row says so); the record tells
the supervisor the scale needs looking at, with the order it stopped.
"""

from __future__ import annotations

from app import exception_details as details
from app.services.audit import record_audit
from local_db.models.records import ExceptionRecord
from local_db.store import UnitOfWork
from local_db.types import utc_now

EXCEPTION_TYPE = "SCALE_FAULT"


def record_scale_fault(uow: UnitOfWork, order_no: str, fault: str, operator: str) -> None:
    uow.session.add(
        ExceptionRecord(
            exception_type=EXCEPTION_TYPE,
            order_no=order_no,
            severity="medium",
            status="open",
            detail_code=details.SCALE_FAULT,
            detail_args_json=details.detail_args(order=order_no, fault=fault),
            created_at=utc_now(),
        )
    )
    record_audit(
        uow,
        operator=operator,
        action="scale_fault",
        entity="outbound_order",
        entity_key=order_no,
        after={"fault": fault},
    )
