"""Order claims (#14): one station works an order at a time.

A station asks the OMS for an order's claim before its first pick of the order; the OMS
grants it to one station and answers the others with who holds it. A claim is a lease: the
holder renews it while it works the order (each sync round renews the claims it holds that
are past a third of their lease), and the OMS frees it when the lease runs out unrenewed,
when it accepts the order's PACKED, SHIPPED or CANCELLED status, when the holder leaves the
order, or when a supervisor re-assigns it. The claim of an order whose picking is done
(PICKED) passes to a packing station that asks for it (``HANDED_OVER``). Every call is
idempotent: asking again for a claim one already holds renews it; releasing a claim one does
not hold changes nothing.

Other stations of the warehouse learn of claims through the feed (``order_claimed`` and
``order_claim_released`` entries, contract version 4), so their task lists show the order as
taken. A supervisor can hand a station a block of orders ahead of a planned outage: claims
with a longer lease (up to :data:`MAX_BLOCK_LEASE_S`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field

from oms_contract.base import Code, Text, Timestamp, WireModel

DEFAULT_LEASE_S = 1800
"""An ordinary claim's lease: 30 minutes. Long enough that a station's short network
outage (or a long walk through the aisles) does not cost its orders; short enough that the
orders of a station that is gone come free within half an hour."""

MAX_BLOCK_LEASE_S = 72 * 3600
"""The longest lease a supervisor's block of claims may have: a long weekend's outage."""

MAX_CLAIMS_PER_CALL = 500
"""The most orders one renewal or block names."""


class ClaimReleaseReason(StrEnum):
    LEFT = "LEFT"
    """The operator left the order unfinished ("leave order")."""
    PACKED = "PACKED"
    SHIPPED = "SHIPPED"
    CANCELLED = "CANCELLED"
    EXPIRED = "EXPIRED"
    """The lease ran out without renewal (the station is gone or offline too long)."""
    REASSIGNED = "REASSIGNED"
    """A supervisor took the claim from its holder (released, or given to another station)."""
    HANDED_OVER = "HANDED_OVER"
    """The order is picked and a packing station claimed it: picking and packing may be two
    stations, so the claim of a PICKED order passes to the station that asks for it."""


class ClaimRequest(WireModel):
    """``POST /api/v1/claims``: claim (or renew) one order for the calling station."""

    order_no: Code


class ClaimState(WireModel):
    """Who holds an order's claim, as the OMS answers a claim or a renewal.

    ``granted`` is true when the calling station holds the claim (now or still); otherwise
    ``holder_*`` name the station that does, or are null when the order can no longer be
    claimed (``closed``: packed, shipped or cancelled)."""

    order_no: Code
    granted: bool
    holder_device_id: Code | None = None
    holder_station_name: Text | None = None
    lease_expires_at: Timestamp | None = None
    closed: bool = Field(
        default=False, description="The order is packed, shipped or cancelled: no claim."
    )


class ClaimRenewal(WireModel):
    """``POST /api/v1/claims/renew``: renew every listed claim the station holds."""

    order_nos: list[Code] = Field(min_length=1, max_length=MAX_CLAIMS_PER_CALL)


class ClaimRenewalAnswer(WireModel):
    claims: list[ClaimState]


class ClaimRelease(WireModel):
    """``POST /api/v1/claims/release``: the station gives an order's claim back."""

    order_no: Code
    reason: Literal[ClaimReleaseReason.LEFT] = ClaimReleaseReason.LEFT


class ClaimBlockRequest(WireModel):
    """``POST /api/v1/claims/block``: a supervisor hands the calling station (or, by the
    admin API, ``device_id``) a block of orders ahead of time, with a longer lease. Orders
    another station holds, or that are closed, are answered not granted; the rest are
    granted."""

    order_nos: list[Code] = Field(min_length=1, max_length=MAX_CLAIMS_PER_CALL)
    lease_s: int = Field(ge=60, le=MAX_BLOCK_LEASE_S, strict=True)
    granted_by: Text = Field(description="The supervisor's badge (audited at the OMS).")


class ClaimBlockAnswer(WireModel):
    claims: list[ClaimState]


class ClaimReassign(WireModel):
    """``POST /api/v1/claims/reassign``: a supervisor takes an order's claim from its
    holder; ``to_device_id`` null frees it, the calling station's id (or another's) gives
    it to that station."""

    order_no: Code
    to_device_id: Code | None = None
    granted_by: Text


class OrderClaimed(WireModel):
    """Feed entry: a station of the warehouse now holds the order's claim."""

    kind: Literal["order_claimed"] = "order_claimed"
    order_no: Code
    device_id: Code
    station_name: Text = ""
    lease_expires_at: Timestamp


class OrderClaimReleased(WireModel):
    """Feed entry: the order's claim was freed (the order may be claimed again, unless the
    reason is PACKED, SHIPPED or CANCELLED)."""

    kind: Literal["order_claim_released"] = "order_claim_released"
    order_no: Code
    device_id: Code
    reason: ClaimReleaseReason


class ClaimConflict(WireModel):
    """Feed entry: a station worked an order another station held (offline, with
    ``offline_unclaimed_start`` on); the OMS refused the loser's events with
    ``ORDER_CLAIMED_ELSEWHERE``. Both stations' supervisors get an exception from it."""

    kind: Literal["claim_conflict"] = "claim_conflict"
    order_no: Code
    holder_device_id: Code
    loser_device_id: Code
