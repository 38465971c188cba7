"""A supervisor asks the station to try the orders held for a shortage again (e.g. after
stock was found in a count elsewhere, or a reservation was given up)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.services.allocation import reallocate_held_orders
from app.services.audit import record_audit
from app.services.lookups import require_supervisor
from local_db.models import OutboundOrder
from local_db.store import UnitOfWork


@dataclass(frozen=True)
class Reallocation:
    allocated: list[str]
    still_held: int


def reallocate_on_request(uow: UnitOfWork, supervisor_badge: str) -> Reallocation:
    """Allocate every held order the stock now covers; the rest stay held as they were."""
    supervisor = require_supervisor(uow.session, supervisor_badge)
    allocated = reallocate_held_orders(uow, supervisor.badge_code)
    still_held = uow.session.scalar(
        select(func.count()).where(
            OutboundOrder.status == "SHORTAGE", OutboundOrder.handled_remotely.is_(False)
        )
    )
    record_audit(
        uow,
        operator=supervisor.badge_code,
        action="reallocate_held_orders",
        entity="outbound_order",
        entity_key="*",
        after={"allocated": len(allocated), "still_held": int(still_held or 0)},
    )
    return Reallocation(allocated, int(still_held or 0))
