"""Liveness: answers once the server can reach its database."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from oms_server.auth import Context
from oms_server.schemas import HealthStatus

router = APIRouter(tags=["health"])


@router.get("/health")
def health(context: Context) -> HealthStatus:
    with context.db.read_session() as session:
        session.execute(text("SELECT 1"))
    return HealthStatus(
        database=context.db.url.get_backend_name(), fault_injection=context.faults is not None
    )
