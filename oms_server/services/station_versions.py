"""The station versions a warehouse asks for (#15), the version each station reports, and
how far the OMS has a station's events (for a station restored from a backup)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from oms_contract.station_versions import StationVersionPolicy, StationVersions
from oms_server.errors import ApiError
from oms_server.models import AcceptedEvent, Station, StationVersionRow, Warehouse, utc_now


def read_policy(session: Session, warehouse_id: str) -> StationVersions:
    row = session.get(StationVersionRow, warehouse_id)
    return StationVersions(
        warehouse_id=warehouse_id,
        minimum_version=row.minimum_version if row else None,
        recommended_version=row.recommended_version if row else None,
    )


def publish_policy(
    session: Session, warehouse_id: str, policy: StationVersionPolicy
) -> StationVersions:
    if session.get(Warehouse, warehouse_id) is None:
        raise ApiError(404, "WAREHOUSE_NOT_FOUND", f"No warehouse {warehouse_id}.")
    row = session.get(StationVersionRow, warehouse_id)
    if row is None:
        row = StationVersionRow(warehouse_id=warehouse_id)
        session.add(row)
    row.minimum_version = policy.minimum_version
    row.recommended_version = policy.recommended_version
    row.updated_at = utc_now()
    session.flush()
    return read_policy(session, warehouse_id)


def reported_version_changed(session: Session, device_id: str, version: str | None) -> bool:
    row = session.get(Station, device_id)
    return row is not None and version is not None and row.station_version != version


def note_reported_version(session: Session, device_id: str, version: str) -> None:
    row = session.get(Station, device_id)
    if row is not None:
        row.station_version = version


def highest_accepted_seq(session: Session, device_id: str) -> int:
    highest = session.scalar(
        select(func.max(AcceptedEvent.station_seq)).where(AcceptedEvent.station_id == device_id)
    )
    return int(highest or 0)
