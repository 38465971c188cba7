"""Enrolment keys (admin-made), station enrolment in two phases, and station tokens.

Only hashes of keys and tokens are stored. Enrolment is two-phase so a key is never spent
on a token the station could not keep: ``enrol_station`` answers a token in a *pending*
state, the station stores it in its keyring and reads it back, then ``confirm_enrolment``
(with that token) makes the station active and counts the key's use. A pending enrolment
not confirmed within ``PENDING_TTL`` is void and deleted: it spends nothing and never shows
as a station.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Final

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from oms_contract.sync_api import EnrolConfirmed, EnrolRequest, EnrolResponse
from oms_server.errors import ApiError
from oms_server.models import EnrolmentKey, Station, StationState, Warehouse, utc_now

PENDING_TTL: Final = dt.timedelta(minutes=10)
DEFAULT_KEY_LIFETIME: Final = dt.timedelta(days=1)
MAX_KEY_LIFETIME: Final = dt.timedelta(days=90)


def secret_hash(secret: str) -> str:
    # Keys and tokens carry 256 bits of randomness: a plain SHA-256 cannot be brute-forced.
    return hashlib.sha256(secret.encode()).hexdigest()


def ensure_warehouse(session: Session, warehouse_id: str) -> bool:
    """Create the warehouse if new; True if it was created."""
    if session.get(Warehouse, warehouse_id) is not None:
        return False
    session.add(Warehouse(warehouse_id=warehouse_id, last_feed_seq=0, created_at=utc_now()))
    session.flush()
    return True


def create_enrolment_key(
    session: Session,
    warehouse_id: str,
    *,
    label: str = "",
    max_uses: int = 1,
    lifetime: dt.timedelta = DEFAULT_KEY_LIFETIME,
    now: dt.datetime | None = None,
) -> tuple[str, EnrolmentKey]:
    """A new key for one existing warehouse; the key itself is returned once, never stored."""
    if session.get(Warehouse, warehouse_id) is None:
        raise ApiError(
            404,
            "WAREHOUSE_NOT_FOUND",
            f"Warehouse {warehouse_id} does not exist: create it first "
            f"(PUT /api/v1/warehouses/{warehouse_id}).",
            field="warehouse_id",
        )
    if max_uses < 1:
        raise ValueError("max_uses must be at least 1")
    if not dt.timedelta(0) < lifetime <= MAX_KEY_LIFETIME:
        raise ValueError(f"a key lives between 1 s and {MAX_KEY_LIFETIME}")
    key = "ek_" + secrets.token_urlsafe(24)
    row = EnrolmentKey(
        key_hash=secret_hash(key),
        warehouse_id=warehouse_id,
        label=label,
        max_uses=max_uses,
        expires_at=(now or utc_now()) + lifetime,
    )
    session.add(row)
    session.flush()
    return key, row


def _usable_key(session: Session, enrolment_key: str, now: dt.datetime) -> EnrolmentKey:
    key = session.scalars(
        select(EnrolmentKey)
        .where(EnrolmentKey.key_hash == secret_hash(enrolment_key))
        .with_for_update()
    ).one_or_none()
    if key is None or key.warehouse_id is None:
        # Keys without a warehouse were minted at every start by older versions: refused.
        raise ApiError(401, "INVALID_ENROLMENT_KEY", "The enrolment key is not known.")
    return _usable_key_row(key, now)


def enrol_station(
    session: Session, request: EnrolRequest, now: dt.datetime | None = None
) -> EnrolResponse:
    """Phase one: a pending station and its token. The key's use is not counted yet."""
    now = now or utc_now()
    session.execute(
        delete(Station).where(Station.state == StationState.PENDING, Station.confirm_before < now)
    )
    key = _usable_key(session, request.enrolment_key, now)
    if key.warehouse_id != request.warehouse_id:
        raise ApiError(
            409,
            "WAREHOUSE_MISMATCH",
            f"This enrolment key is for warehouse {key.warehouse_id}, not {request.warehouse_id}.",
        )
    token = "st_" + secrets.token_urlsafe(32)
    device_id = "ST-" + secrets.token_hex(6).upper()
    confirm_before = now + PENDING_TTL
    session.add(
        Station(
            device_id=device_id,
            warehouse_id=request.warehouse_id,
            station_name=request.station_name,
            token_hash=secret_hash(token),
            enrolled_at=now,
            state=StationState.PENDING,
            confirm_before=confirm_before,
            enrolment_key_id=key.id,
            replaces_device_id=request.replaces_device_id,
        )
    )
    session.flush()
    return EnrolResponse(
        device_id=device_id,
        warehouse_id=request.warehouse_id,
        token=token,
        confirm_before=confirm_before,
    )


def _confirmed(station: Station) -> EnrolConfirmed:
    return EnrolConfirmed(device_id=station.device_id, warehouse_id=station.warehouse_id)


def confirm_enrolment(
    session: Session, token: str, now: dt.datetime | None = None
) -> EnrolConfirmed:
    """Phase two: the station kept its token. Counts the key's use, revokes the station this
    one replaces. Confirming again answers the same (a lost answer is retried safely)."""
    now = now or utc_now()
    station = session.scalars(
        select(Station).where(Station.token_hash == secret_hash(token)).with_for_update()
    ).one_or_none()
    if station is None or station.state == StationState.REVOKED:
        raise ApiError(401, "UNAUTHORIZED", "The station token is not valid.")
    if station.state == StationState.ACTIVE:
        return _confirmed(station)
    if station.confirm_before is None or station.confirm_before <= now:
        session.delete(station)
        raise ApiError(
            401, "ENROLMENT_EXPIRED", "The enrolment was not confirmed in time: enrol again."
        )
    key = session.get(EnrolmentKey, station.enrolment_key_id, with_for_update=True)
    try:
        if key is None:
            raise ApiError(401, "INVALID_ENROLMENT_KEY", "The enrolment key is not known.")
        # Checked again: other stations may have confirmed on the same key meanwhile.
        key = _usable_key_row(key, now)
    except ApiError:
        session.delete(station)
        raise
    key.uses += 1
    station.state = StationState.ACTIVE
    station.confirm_before = None
    if station.replaces_device_id:
        revoke_station(session, station.replaces_device_id, now, warehouse_id=station.warehouse_id)
    return _confirmed(station)


def _usable_key_row(key: EnrolmentKey, now: dt.datetime) -> EnrolmentKey:
    if key.expires_at is not None and key.expires_at <= now:
        raise ApiError(401, "ENROLMENT_KEY_EXPIRED", "The enrolment key has expired.")
    if key.max_uses is not None and key.uses >= key.max_uses:
        raise ApiError(401, "ENROLMENT_KEY_USED_UP", "The enrolment key has been used up.")
    return key


def revoke_station(
    session: Session, device_id: str, now: dt.datetime, *, warehouse_id: str | None = None
) -> Station | None:
    """Make a station's token worthless (its requests answer 401 from now on)."""
    station = session.get(Station, device_id, with_for_update=True)
    if station is None or station.pseudo:
        return None
    if warehouse_id is not None and station.warehouse_id != warehouse_id:
        return None  # a key for one warehouse never reaches another's stations
    if station.state != StationState.REVOKED:
        station.state = StationState.REVOKED
        station.revoked_at = now
        station.confirm_before = None
    return station


def station_by_token(session: Session, token: str) -> Station | None:
    """The station whose current token, or new token not yet used (rotation), this is."""
    digest = secret_hash(token)
    return session.scalars(
        select(Station).where(or_(Station.token_hash == digest, Station.next_token_hash == digest))
    ).one_or_none()
