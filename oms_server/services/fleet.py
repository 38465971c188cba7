"""The fleet at the OMS: list stations (with their open order claims), remove a ghost, rotate a
token, note a report.

Token rotation keeps the station able to sync at every moment: the new token's hash goes to
``next_token_hash`` beside the current one, and both open the station endpoints until the
new one is first used (``note_token_used``); only then is the old one dropped. A station that
crashed before storing the new token still has a working old one and simply rotates again
(the unused new token is replaced).
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from oms_contract.sync_api import StationReport, StationReportAnswer, TokenRotated
from oms_server.errors import ApiError
from oms_server.models import Station, StationState, Warehouse, utc_now
from oms_server.schemas import StationView
from oms_server.services.claim_views import open_claims_by_station
from oms_server.services.enrolment import secret_hash


def has_synced(station: Station) -> bool:
    return (
        station.last_seen_at is not None
        or station.last_push_at is not None
        or station.feed_cursor > 0
        or station.reported_at is not None
    )


def station_views(session: Session, warehouse_id: str | None = None) -> list[StationView]:
    query = (
        select(Station, Warehouse.last_feed_seq)
        .join(Warehouse, Warehouse.warehouse_id == Station.warehouse_id)
        .where(Station.pseudo.is_(False))
    )
    if warehouse_id:
        query = query.where(Station.warehouse_id == warehouse_id)
    claims = open_claims_by_station(session, utc_now())
    views = []
    for station, head in session.execute(query.order_by(Station.warehouse_id, Station.device_id)):
        rotation = "none"
        if station.next_token_hash is not None:
            rotation = "issued"
        elif station.rotation_requested_at is not None:
            rotation = "requested"
        views.append(
            StationView(
                device_id=station.device_id,
                warehouse_id=station.warehouse_id,
                station_name=station.station_name,
                state=station.state,
                enrolled_at=station.enrolled_at,
                contract_version=station.contract_version,
                station_version=station.station_version,
                last_seen_at=station.last_seen_at,
                feed_cursor=station.feed_cursor,
                cursor_lag=max(0, head - station.feed_cursor),
                pending_events=station.reported_pending,
                reported_at=station.reported_at,
                synced=has_synced(station),
                token_rotation=rotation,
                revoked_at=station.revoked_at,
                open_claims=claims.get(station.device_id, 0),
            )
        )
    return views


def _station(session: Session, device_id: str) -> Station:
    station = session.get(Station, device_id, with_for_update=True)
    if station is None or station.pseudo:
        raise ApiError(404, "STATION_NOT_FOUND", f"No station {device_id}.")
    return station


def remove_station(session: Session, device_id: str) -> Station:
    """Delete a station that never synced (a failed enrolment's ghost); one that did has
    history at the OMS and is revoked instead."""
    station = _station(session, device_id)
    if has_synced(station):
        raise ApiError(
            409,
            "STATION_HAS_SYNCED",
            f"Station {device_id} has synced with the OMS: revoke it instead "
            f"(POST /api/v1/stations/{device_id}/revoke).",
        )
    session.delete(station)
    session.flush()
    return station


def request_rotation(session: Session, device_id: str, now: dt.datetime) -> Station:
    station = _station(session, device_id)
    if station.state != StationState.ACTIVE:
        raise ApiError(
            409, "STATION_NOT_ACTIVE", f"Station {device_id} is {station.state}: nothing to rotate."
        )
    station.rotation_requested_at = now
    return station


def rotate_token(session: Session, device_id: str) -> TokenRotated:
    """A new token beside the current one; an earlier new token never used is replaced."""
    station = _station(session, device_id)
    token = "st_" + secrets.token_urlsafe(32)
    station.next_token_hash = secret_hash(token)
    # An administrator's request stands until the new token is used: if this answer is
    # lost, the station's next report asks again.
    return TokenRotated(device_id=station.device_id, token=token)


def note_token_used(session: Session, device_id: str, token: str) -> None:
    """The station used its new token: from now on only that one opens the endpoints."""
    station = _station(session, device_id)
    digest = secret_hash(token)
    if station.next_token_hash == digest:
        station.token_hash = digest
        station.next_token_hash = None
        station.rotation_requested_at = None


def note_report(
    session: Session, device_id: str, report: StationReport, now: dt.datetime
) -> StationReportAnswer:
    station = _station(session, device_id)
    station.station_version = report.station_version
    station.reported_pending = report.pending_events
    station.reported_at = now
    station.last_seen_at = now
    return StationReportAnswer(rotate_token=station.rotation_requested_at is not None)
