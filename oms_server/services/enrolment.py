"""Enrolment keys (admin-made) and station tokens; only hashes are stored."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from oms_contract.sync_api import EnrolRequest, EnrolResponse
from oms_server.errors import ApiError
from oms_server.models import EnrolmentKey, Station
from oms_server.services.feed import lock_warehouse


def secret_hash(secret: str) -> str:
    # Keys and tokens carry 256 bits of randomness: a plain SHA-256 cannot be brute-forced.
    return hashlib.sha256(secret.encode()).hexdigest()


def create_enrolment_key(
    session: Session, warehouse_id: str | None, label: str = "", max_uses: int | None = None
) -> str:
    key = "ek_" + secrets.token_urlsafe(24)
    session.add(
        EnrolmentKey(
            key_hash=secret_hash(key), warehouse_id=warehouse_id, label=label, max_uses=max_uses
        )
    )
    session.flush()
    return key


def enrol_station(session: Session, request: EnrolRequest) -> EnrolResponse:
    key = session.scalars(
        select(EnrolmentKey)
        .where(EnrolmentKey.key_hash == secret_hash(request.enrolment_key))
        .with_for_update()
    ).one_or_none()
    if key is None:
        raise ApiError(401, "INVALID_ENROLMENT_KEY", "The enrolment key is not known.")
    if key.max_uses is not None and key.uses >= key.max_uses:
        raise ApiError(401, "ENROLMENT_KEY_USED_UP", "The enrolment key has been used up.")
    if key.warehouse_id is not None and key.warehouse_id != request.warehouse_id:
        raise ApiError(
            409,
            "WAREHOUSE_MISMATCH",
            f"This enrolment key is for warehouse {key.warehouse_id}, not {request.warehouse_id}.",
        )
    lock_warehouse(session, request.warehouse_id)
    key.uses += 1
    token = "st_" + secrets.token_urlsafe(32)
    device_id = "ST-" + secrets.token_hex(6).upper()
    session.add(
        Station(
            device_id=device_id,
            warehouse_id=request.warehouse_id,
            station_name=request.station_name,
            token_hash=secret_hash(token),
        )
    )
    session.flush()
    return EnrolResponse(device_id=device_id, warehouse_id=request.warehouse_id, token=token)


def station_by_token(session: Session, token: str) -> Station | None:
    return session.scalars(
        select(Station).where(Station.token_hash == secret_hash(token))
    ).one_or_none()
