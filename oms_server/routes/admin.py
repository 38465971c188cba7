"""Admin endpoints: enrolment keys, monitoring, and (test-only) fault injection."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response, status

from oms_contract.base import Code
from oms_contract.station_versions import StationVersionPolicy, StationVersions
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
    StationRevoked,
    WarehouseView,
)
from oms_server.services import enrolment, monitoring, station_versions

router = APIRouter(tags=["admin"], dependencies=[Depends(require_admin)])


@router.put("/warehouses/{warehouse_id}", responses=responses())
def put_warehouse(
    warehouse_id: Annotated[Code, Path()], context: Context, response: Response
) -> WarehouseView:
    """Create a warehouse (idempotent): 201 if new, 200 if it existed."""
    with context.db.write_transaction() as session:
        created = enrolment.ensure_warehouse(session, warehouse_id)
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return WarehouseView(warehouse_id=warehouse_id, created=created)


@router.put("/warehouses/{warehouse_id}/station-versions", responses=responses(404))
def put_station_versions(
    warehouse_id: Annotated[Code, Path()], policy: StationVersionPolicy, context: Context
) -> StationVersions:
    """Publish the warehouse's minimum and recommended station versions (null clears one).
    Stations below the minimum stop syncing until IT updates them; below the recommended
    one they show that an update is available."""
    with context.db.write_transaction() as session:
        return station_versions.publish_policy(session, warehouse_id, policy)


@router.post("/enrolment-keys", status_code=status.HTTP_201_CREATED, responses=responses(404))
def create_enrolment_key(request: EnrolmentKeyRequest, context: Context) -> EnrolmentKeyCreated:
    """A key for one existing warehouse, ``max_uses`` confirmed enrolments, until it expires."""
    with context.db.write_transaction() as session:
        key, row = enrolment.create_enrolment_key(
            session,
            request.warehouse_id,
            label=request.label,
            max_uses=request.max_uses,
            lifetime=dt.timedelta(seconds=request.expires_in_s),
        )
        assert row.expires_at is not None
        return EnrolmentKeyCreated(
            enrolment_key=key,
            warehouse_id=request.warehouse_id,
            max_uses=request.max_uses,
            expires_at=row.expires_at,
        )


@router.post("/stations/{device_id}/revoke", responses=responses(404))
def revoke_station(device_id: Annotated[Code, Path()], context: Context) -> StationRevoked:
    """Revoke a station's token: its next request answers 401 and it asks to be enrolled."""
    with context.db.write_transaction() as session:
        station = enrolment.revoke_station(session, device_id, utc_now())
        if station is None or station.revoked_at is None:
            raise ApiError(404, "STATION_NOT_FOUND", f"No station {device_id}.")
        return StationRevoked(
            device_id=station.device_id,
            warehouse_id=station.warehouse_id,
            revoked_at=station.revoked_at,
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
