"""The floor's port to the OMS's order claims (#14).

app never imports sync: the station (``station/claims_port.py``) implements
:class:`ClaimPort` over the OMS client and hands it to the flows in their ``FlowContext``. A
station with no port (no OMS at all, or never enrolled) is the warehouse's sole station: it
claims nothing and is never refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class ClaimOutcome(StrEnum):
    GRANTED = "GRANTED"
    HELD_ELSEWHERE = "HELD_ELSEWHERE"
    CLOSED = "CLOSED"
    """Packed, shipped or cancelled at the OMS: nobody may claim it."""
    UNREACHABLE = "UNREACHABLE"
    """No answer in time (offline, OMS down): the station decides alone."""
    SOLE_STATION = "SOLE_STATION"
    """Not enrolled with any OMS: nothing to claim against."""


@dataclass(frozen=True)
class ClaimAnswer:
    outcome: ClaimOutcome
    order_no: str = ""
    holder_device_id: str = ""
    holder_station_name: str = ""
    lease_expires_at: dt.datetime | None = None


class ClaimPort(Protocol):
    """Each call asks the OMS at once with a short timeout (connect ~1 s, ≤ 2 s in all) and
    records the answer in the store itself (its own unit of work, never inside the
    caller's)."""

    def claim(self, order_no: str, *, handover: bool = False) -> ClaimAnswer:
        """``handover``: a packing station asking for a PICKED order's claim."""
        ...

    def release(self, order_no: str) -> bool:
        """True when the OMS has the release; False: kept pending for the next round."""
        ...


@dataclass(frozen=True)
class ClaimGate:
    """What a flow needs to claim an order: the port and the offline rule's setting."""

    port: ClaimPort
    offline_unclaimed_start: bool = False


class ClaimsUnreachable(Exception):
    """A supervisor's claim decision could not reach the OMS (offline, not enrolled)."""


class ClaimDesk(Protocol):
    """The supervisor's claim calls; each raises :class:`ClaimsUnreachable` when the OMS
    cannot be asked, and records the OMS's answer in the store itself."""

    def block(self, order_nos: list[str], lease_s: int, granted_by: str) -> list[ClaimAnswer]: ...

    def reassign(self, order_no: str, take: bool, granted_by: str) -> None: ...
