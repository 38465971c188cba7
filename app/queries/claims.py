"""What the console's Claims page shows (#14): every claim this station knows (its own and
other stations'), and the orders no station holds that a supervisor may hand this station
as a block."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.queries.pick_tasks import PICKABLE_STATUSES
from app.services.claims import ClaimView, all_claims
from local_db.models import OrderClaim, OutboundOrder
from local_db.store import Store

FREE_ORDERS_SHOWN = 500


@dataclass(frozen=True)
class ClaimsPicture:
    claims: list[ClaimView]
    free_orders: list[str]
    """Open orders (to pick) nobody holds, in task-list order."""


def claims_picture(store: Store) -> ClaimsPicture:
    with store.read_session() as session:
        claimed = select(OrderClaim.order_no)
        free = session.scalars(
            select(OutboundOrder.order_no)
            .where(
                OutboundOrder.status.in_(PICKABLE_STATUSES),
                OutboundOrder.handled_remotely.is_(False),
                OutboundOrder.order_no.not_in(claimed),
            )
            .order_by(OutboundOrder.task_queue_key, OutboundOrder.id)
            .limit(FREE_ORDERS_SHOWN)
        )
        return ClaimsPicture(all_claims(session), list(free))
