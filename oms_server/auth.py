"""Bearer tokens for stations, an admin key (``X-Admin-Key``) for the OMS-side endpoints."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from oms_server.context import ServerContext, server_context
from oms_server.errors import ApiError
from oms_server.models import StationState
from oms_server.services import fleet
from oms_server.services.enrolment import secret_hash, station_by_token

_bearer = HTTPBearer(auto_error=False, description="The station token from enrolment.")
_admin_header = APIKeyHeader(name="X-Admin-Key", auto_error=False, description="The OMS admin key.")


@dataclass(frozen=True)
class StationIdentity:
    device_id: str
    warehouse_id: str


def current_station(
    context: Annotated[ServerContext, Depends(server_context)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> StationIdentity:
    if credentials is None or not credentials.credentials:
        raise ApiError(401, "UNAUTHORIZED", "A station bearer token is required.")
    token = credentials.credentials
    with context.db.read_session() as session:
        station = station_by_token(session, token)
        if station is None:
            raise ApiError(401, "UNAUTHORIZED", "The station token is not valid.")
        if station.state == StationState.REVOKED:
            # The station shows its own text for this code ("revoked: re-enrol it").
            raise ApiError(
                401, "STATION_REVOKED", "This station was revoked at the OMS: re-enrol it."
            )
        if station.state != StationState.ACTIVE:
            raise ApiError(
                401,
                "UNAUTHORIZED",
                "The enrolment is not confirmed (POST /api/v1/stations/enrol/confirm).",
            )
        identity = StationIdentity(device_id=station.device_id, warehouse_id=station.warehouse_id)
        first_use = station.next_token_hash == secret_hash(token)
    if first_use:
        # The rotated token's first use: the station has stored it, the old one may go.
        with context.db.write_transaction() as session:
            fleet.note_token_used(session, identity.device_id, token)
    return identity


def require_admin(
    context: Annotated[ServerContext, Depends(server_context)],
    admin_key: Annotated[str | None, Depends(_admin_header)],
) -> None:
    if not admin_key or not hmac.compare_digest(admin_key.encode(), context.admin_key.encode()):
        raise ApiError(401, "UNAUTHORIZED", "A valid X-Admin-Key header is required.")


def require_station_warehouse(station: StationIdentity, warehouse_id: str) -> None:
    if station.warehouse_id != warehouse_id:
        raise ApiError(
            403,
            "WAREHOUSE_MISMATCH",
            f"This station belongs to warehouse {station.warehouse_id}, not {warehouse_id}.",
        )


def bearer_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The bearer token as sent, whatever its station's state (for confirming enrolment)."""
    if credentials is None or not credentials.credentials:
        raise ApiError(401, "UNAUTHORIZED", "A station bearer token is required.")
    return credentials.credentials


Station = Annotated[StationIdentity, Depends(current_station)]
BearerToken = Annotated[str, Depends(bearer_token)]
Context = Annotated[ServerContext, Depends(server_context)]
