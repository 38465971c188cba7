"""Order claims (#14): the station's calls (its token) and IT's (the admin key).

The station calls need contract version 4: an older station knows nothing of claims, so a
request of one is refused (409 ``CONTRACT_VERSION_TOO_OLD``) rather than half understood.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from sqlalchemy.orm import Session

from oms_contract.base import Code
from oms_contract.claims import (
    ClaimBlockAnswer,
    ClaimBlockRequest,
    ClaimReassign,
    ClaimRelease,
    ClaimRenewal,
    ClaimRenewalAnswer,
    ClaimRequest,
    ClaimState,
)
from oms_contract.versions import CONTRACT_HEADER
from oms_server.auth import Context, Station, require_admin
from oms_server.errors import ApiError
from oms_server.models import Station as StationRow
from oms_server.models import utc_now
from oms_server.routes import responses
from oms_server.schemas import AdminClaimBlock, ClaimList
from oms_server.services import claim_views, claims
from oms_server.services.feed import CLAIMS_SINCE


def require_claims_version(http: Request) -> None:
    version = int(http.state.contract_version)
    if version < CLAIMS_SINCE:
        raise ApiError(
            409,
            "CONTRACT_VERSION_TOO_OLD",
            f"Order claims need contract version {CLAIMS_SINCE}; the request says {version} "
            f"({CONTRACT_HEADER}). Upgrade the station.",
        )


station_router = APIRouter(tags=["claims"], dependencies=[Depends(require_claims_version)])
admin_router = APIRouter(tags=["admin"], dependencies=[Depends(require_admin)])


def _row(session: Session, station: Station) -> StationRow:
    row = session.get(StationRow, station.device_id)
    if row is None:
        raise ApiError(401, "UNAUTHORIZED", "The station is no longer enrolled.")
    return row


@station_router.post("/claims", responses=responses(403, 404, 409))
def claim_order(body: ClaimRequest, station: Station, context: Context) -> ClaimState:
    """Claim an order for this station before its first pick (or renew the claim). Another
    station's live claim answers ``granted: false`` with its holder; a PICKED order's claim
    passes to the station that asks (``HANDED_OVER``); a closed order answers ``closed``."""
    with context.db.write_transaction() as session:
        return claims.claim(
            session, _row(session, station), body.order_no, context.claims.lease_s, utc_now()
        )


@station_router.post("/claims/renew", responses=responses(409))
def renew_claims(body: ClaimRenewal, station: Station, context: Context) -> ClaimRenewalAnswer:
    """Renew each listed claim this station holds; each answer says who holds it now."""
    with context.db.write_transaction() as session:
        answers = claims.renew(
            session, _row(session, station), body.order_nos, context.claims.lease_s, utc_now()
        )
    return ClaimRenewalAnswer(claims=answers)


@station_router.post("/claims/release", responses=responses(403, 404, 409))
def release_claim(body: ClaimRelease, station: Station, context: Context) -> ClaimState:
    """Give the order's claim back (LEFT). Releasing a claim one does not hold changes
    nothing."""
    with context.db.write_transaction() as session:
        return claims.release_own(session, _row(session, station), body.order_no, utc_now())


@station_router.post("/claims/block", responses=responses(404, 409))
def block_claims(body: ClaimBlockRequest, station: Station, context: Context) -> ClaimBlockAnswer:
    """A supervisor's block of orders for this station, with a longer lease."""
    with context.db.write_transaction() as session:
        answers = claims.block(
            session,
            station.warehouse_id,
            station.device_id,
            order_nos=body.order_nos,
            lease_s=body.lease_s,
            granted_by=body.granted_by,
            now=utc_now(),
        )
    return ClaimBlockAnswer(claims=answers)


@station_router.post("/claims/reassign", responses=responses(403, 404, 409))
def reassign_claim(body: ClaimReassign, station: Station, context: Context) -> ClaimState:
    """A supervisor takes the order's claim from its holder: freed, or given to
    ``to_device_id`` (a station of this warehouse)."""
    with context.db.write_transaction() as session:
        return claims.reassign(
            session,
            station.warehouse_id,
            body.order_no,
            to_device_id=body.to_device_id,
            granted_by=body.granted_by,
            lease_s=context.claims.lease_s,
            now=utc_now(),
            asking_device_id=station.device_id,
        )


@admin_router.get("/admin/warehouses/{warehouse_id}/claims", responses=responses())
def list_claims(warehouse_id: Annotated[Code, Path()], context: Context) -> ClaimList:
    """The warehouse's live order claims: holder, station name, lease, how granted."""
    with context.db.read_session() as session:
        return ClaimList(claims=claim_views.claim_views(session, warehouse_id, utc_now()))


@admin_router.post("/admin/warehouses/{warehouse_id}/claims/block", responses=responses(404))
def admin_block(
    warehouse_id: Annotated[Code, Path()], body: AdminClaimBlock, context: Context
) -> ClaimBlockAnswer:
    """A block of orders for the station ``device_id`` of the warehouse."""
    with context.db.write_transaction() as session:
        answers = claims.block(
            session,
            warehouse_id,
            body.device_id,
            order_nos=body.order_nos,
            lease_s=body.lease_s,
            granted_by=body.granted_by,
            now=utc_now(),
        )
    return ClaimBlockAnswer(claims=answers)


@admin_router.post(
    "/admin/warehouses/{warehouse_id}/claims/reassign", responses=responses(403, 404)
)
def admin_reassign(
    warehouse_id: Annotated[Code, Path()], body: ClaimReassign, context: Context
) -> ClaimState:
    """Take the order's claim from its holder: freed, or given to ``to_device_id``."""
    with context.db.write_transaction() as session:
        return claims.reassign(
            session,
            warehouse_id,
            body.order_no,
            to_device_id=body.to_device_id,
            granted_by=body.granted_by,
            lease_s=context.claims.lease_s,
            now=utc_now(),
        )
