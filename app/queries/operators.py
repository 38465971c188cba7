"""Badge look-ups for log-in and supervisor approval (reads the mirrored operator table)."""

from __future__ import annotations

from sqlalchemy import select

from app.flows.base import OperatorInfo
from local_db.models.master_data import Operator
from local_db.store import Store


def find_operator(store: Store, badge_code: str) -> OperatorInfo | None:
    """The active operator with this badge, or None (unknown or deactivated)."""
    with store.read_session() as session:
        row = session.scalars(
            select(Operator).where(Operator.badge_code == badge_code.strip())
        ).first()
        if row is None or not row.active:
            return None
        return OperatorInfo(badge_code=row.badge_code, name=row.name, role=row.role)


def has_active_operators(store: Store) -> bool:
    """False on a station whose feed never brought operators (e.g. not enrolled yet)."""
    with store.read_session() as session:
        return (
            session.scalar(select(Operator.badge_code).where(Operator.active).limit(1)) is not None
        )
