"""Whether this station's software is up to date (#15): no self-update, only telling.

At every sync round the engine asks the OMS for the warehouse's minimum and recommended
station versions (the request says this station's version in ``X-WMS-Station-Version``, which
the OMS keeps for IT). Below the recommended version the status says an update is
available; below the minimum the engine stops syncing (``StationOutdated``) until IT installs
the update; the floor works on offline meanwhile, nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from oms_contract.station_versions import StationVersions, version_key


class UpdateState(StrEnum):
    AVAILABLE = "available"
    REQUIRED = "required"


@dataclass(frozen=True)
class UpdateNotice:
    state: UpdateState
    current: str
    minimum: str | None
    recommended: str | None


class StationOutdated(Exception):
    """This station's version is below the OMS's minimum for the warehouse."""

    def __init__(self, notice: UpdateNotice) -> None:
        super().__init__(
            f"This station runs version {notice.current}; the OMS requires at least "
            f"{notice.minimum} for this warehouse. Syncing stopped until IT installs the "
            "update (work goes on offline, nothing is lost)."
        )
        self.notice = notice


def judge(current: str, versions: StationVersions) -> UpdateNotice | None:
    """None: up to date (or no versions published)."""
    mine = version_key(current)
    minimum, recommended = versions.minimum_version, versions.recommended_version
    if minimum is not None and mine < version_key(minimum):
        state = UpdateState.REQUIRED
    elif recommended is not None and mine < version_key(recommended):
        state = UpdateState.AVAILABLE
    else:
        return None
    return UpdateNotice(state, current, minimum, recommended)
