"""The fleet: a station's own report and token rotation; IT's list, remove, rotate."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, status

from oms_contract.base import Code
from oms_contract.sync_api import StationReport, StationReportAnswer, TokenRotated
from oms_server.auth import Context, Station, require_admin
from oms_server.models import utc_now
from oms_server.routes import responses
from oms_server.schemas import (
    StationList,
    StationRemoved,
    TokenRotationRequested,
)
from oms_server.services import fleet

station_router = APIRouter(tags=["stations"])
admin_router = APIRouter(tags=["admin"], dependencies=[Depends(require_admin)])


@station_router.post("/stations/me/report", responses=responses())
def report(body: StationReport, station: Station, context: Context) -> StationReportAnswer:
    """The station's version and outbox backlog, for IT; the answer says whether an
    administrator asked it to rotate its token."""
    with context.db.write_transaction() as session:
        return fleet.note_report(session, station.device_id, body, utc_now())


@station_router.post("/stations/me/token", responses=responses())
def rotate_token(station: Station, context: Context) -> TokenRotated:
    """A new token. The current one stays valid until the new one is first used: store the
    new one, then use it. Calling again before using it replaces the unused one."""
    with context.db.write_transaction() as session:
        return fleet.rotate_token(session, station.device_id)


@admin_router.get("/stations", responses=responses())
def list_stations(context: Context, warehouse_id: str | None = None) -> StationList:
    """Every station (pending, active, revoked), with its lag and last report."""
    with context.db.read_session() as session:
        return StationList(stations=fleet.station_views(session, warehouse_id))


@admin_router.delete("/stations/{device_id}", responses=responses(404, 409))
def remove_station(device_id: Annotated[Code, Path()], context: Context) -> StationRemoved:
    """Remove a station that never synced (a failed enrolment's ghost); one that has synced
    answers 409 ``STATION_HAS_SYNCED`` (revoke it instead)."""
    with context.db.write_transaction() as session:
        station = fleet.remove_station(session, device_id)
        return StationRemoved(device_id=station.device_id, warehouse_id=station.warehouse_id)


@admin_router.post(
    "/stations/{device_id}/rotate-token",
    status_code=status.HTTP_202_ACCEPTED,
    responses=responses(404, 409),
)
def request_rotation(
    device_id: Annotated[Code, Path()], context: Context
) -> TokenRotationRequested:
    """Ask the station for a token rotation: it rotates at its next report."""
    now = utc_now()
    with context.db.write_transaction() as session:
        fleet.request_rotation(session, device_id, now)
    return TokenRotationRequested(device_id=device_id, rotation_requested_at=now)
