"""Admin endpoints: enrolment keys, monitoring, and (test-only) fault injection."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from oms_server.auth import Context, require_admin
from oms_server.errors import ApiError
from oms_server.faults import FaultInjector
from oms_server.models import utc_now
from oms_server.routes import responses
from oms_server.schemas import (
    EnrolmentKeyCreated,
    EnrolmentKeyRequest,
    FaultRequest,
    FaultState,
    MonitoringReport,
)
from oms_server.services import enrolment, monitoring

router = APIRouter(tags=["admin"], dependencies=[Depends(require_admin)])


@router.post("/enrolment-keys", status_code=status.HTTP_201_CREATED, responses=responses())
def create_enrolment_key(request: EnrolmentKeyRequest, context: Context) -> EnrolmentKeyCreated:
    with context.db.write_transaction() as session:
        key = enrolment.create_enrolment_key(
            session, request.warehouse_id, request.label, request.max_uses
        )
    return EnrolmentKeyCreated(
        enrolment_key=key, warehouse_id=request.warehouse_id, max_uses=request.max_uses
    )


@router.get("/monitoring", responses=responses())
def read_monitoring(
    context: Context,
    warehouse_id: str | None = None,
    window_s: Annotated[int, Query(ge=1, le=30 * 86_400)] = 3600,
) -> MonitoringReport:
    """Command success rate, stock-sync and callback latency, feed backlog, event counts."""
    with context.db.read_session() as session:
        return monitoring.monitoring_report(session, utc_now(), window_s, warehouse_id)


faults_router = APIRouter(
    tags=["testing"], dependencies=[Depends(require_admin)], include_in_schema=False
)


def _injector(context: Context) -> FaultInjector:
    if context.faults is None:
        raise ApiError(404, "NOT_FOUND", "Fault injection is off (start with --fault-injection).")
    return context.faults


@faults_router.post("/_faults", status_code=status.HTTP_201_CREATED)
def arm_fault(request: FaultRequest, context: Context) -> FaultState:
    injector = _injector(context)
    injector.arm(request)
    return FaultState(armed=injector.armed())


@faults_router.get("/_faults")
def list_faults(context: Context) -> FaultState:
    return FaultState(armed=_injector(context).armed())


@faults_router.delete("/_faults")
def clear_faults(context: Context) -> FaultState:
    injector = _injector(context)
    injector.clear()
    return FaultState(armed=injector.armed())
