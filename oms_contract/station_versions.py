"""Station software versions (#15): no self-update. Every station request says the station's
version in ``X-WMS-Station-Version``; the OMS publishes, per warehouse, a minimum and a
recommended version (set by its admin). A station below the recommended one shows that an
update is available; below the minimum it stops syncing until IT installs the update."""

from __future__ import annotations

from typing import Annotated, Final

from pydantic import Field, StringConstraints, model_validator

from oms_contract.base import Code, WireModel

STATION_VERSION_HEADER: Final = "X-WMS-Station-Version"

# Dotted numbers, e.g. 1.4 or 1.4.2 (what the station's installers are numbered with).
StationVersion = Annotated[
    str, StringConstraints(pattern=r"^\d{1,6}(\.\d{1,6}){0,3}$", max_length=32)
]


def version_key(version: str) -> tuple[int, ...]:
    """Comparable form: 1.4 == 1.4.0 < 1.10. A text that is not dotted numbers sorts
    lowest (the OMS refuses such a policy, so only a station could send one)."""
    try:
        parts = [int(part) for part in version.strip().split(".")]
    except ValueError:
        return (-1,)
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


class StationVersionPolicy(WireModel):
    """``PUT /warehouses/{warehouse_id}/station-versions`` (admin): either may be null."""

    minimum_version: StationVersion | None = Field(
        None, description="Stations below this stop syncing until updated."
    )
    recommended_version: StationVersion | None = Field(
        None, description="Stations below this show that an update is available."
    )

    @model_validator(mode="after")
    def _recommended_not_below_minimum(self) -> StationVersionPolicy:
        low, high = self.minimum_version, self.recommended_version
        if low is not None and high is not None and version_key(high) < version_key(low):
            raise ValueError("recommended_version must not be below minimum_version")
        return self


class StationVersions(StationVersionPolicy):
    """``GET /warehouses/{warehouse_id}/station-versions`` (station) and the admin's answer."""

    warehouse_id: Code
