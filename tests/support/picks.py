"""The open picks of an order, as the tests that drive the services read them (the station's
own screens read them through app/flows/pick_tasks.py)."""

from __future__ import annotations

from sqlalchemy import select

from local_db.models import OutboundOrder, PickTask
from local_db.store import UnitOfWork


def open_pick_tasks(uow: UnitOfWork, order_no: str) -> list[PickTask]:
    """The order's unfinished picks in walk order."""
    return list(
        uow.session.scalars(
            select(PickTask)
            .join(OutboundOrder, OutboundOrder.id == PickTask.order_id)
            .where(OutboundOrder.order_no == order_no, PickTask.status == "open")
            .order_by(PickTask.sequence)
        )
    )
