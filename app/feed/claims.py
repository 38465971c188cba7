"""The feed's claim entries (#14): who holds which order, and a conflict reported by the OMS.

``order_claimed`` / ``order_claim_released`` keep the local claims in step (the task list
shows another station's orders as taken). ``claim_conflict``: two stations worked one order
while one was offline; the holder's supervisor gets a ``CLAIM_CONFLICT`` record here, the
loser settles through the OMS's ``ORDER_CLAIMED_ELSEWHERE`` refusal
(``app/supervision/lost_orders.py``: goods on put-back tasks, an ``ORDER_LOST`` record).
"""

from __future__ import annotations

from app import exception_details as details
from app.services import claims
from local_db.models import ExceptionRecord
from local_db.store import UnitOfWork
from local_db.types import utc_now
from oms_contract.claims import ClaimConflict, OrderClaimed, OrderClaimReleased

CLAIM_CONFLICT = "CLAIM_CONFLICT"


def apply_claim_entry(
    uow: UnitOfWork, entry: OrderClaimed | OrderClaimReleased | ClaimConflict, station_id: str
) -> str:
    if isinstance(entry, OrderClaimed):
        return apply_claimed(uow, entry, station_id)
    if isinstance(entry, OrderClaimReleased):
        return apply_released(uow, entry)
    return apply_conflict(uow, entry, station_id)


def apply_claimed(uow: UnitOfWork, entry: OrderClaimed, station_id: str) -> str:
    claims.record_held(
        uow,
        entry.order_no,
        device_id=entry.device_id,
        station_name=entry.station_name,
        mine=entry.device_id == station_id,
        lease_expires_at=entry.lease_expires_at,
        keep_pending_release=True,
    )
    return f"order {entry.order_no} claimed by {entry.device_id}"


def apply_released(uow: UnitOfWork, entry: OrderClaimReleased) -> str:
    claims.record_released(uow, entry.order_no, entry.device_id)
    return f"claim of {entry.order_no} released ({entry.reason.value})"


def apply_conflict(uow: UnitOfWork, entry: ClaimConflict, station_id: str) -> str:
    if entry.holder_device_id != station_id:
        return f"claim conflict on {entry.order_no}: not the holder"
    uow.session.add(
        ExceptionRecord(
            exception_type=CLAIM_CONFLICT,
            order_no=entry.order_no,
            severity="high",
            status="open",
            detail_code=details.CLAIM_CONFLICT_AT_HOLDER,
            detail_args_json=details.detail_args(
                order=entry.order_no, station=entry.loser_device_id
            ),
            created_at=utc_now(),
        )
    )
    return f"claim conflict on {entry.order_no}: recorded for the supervisor"
