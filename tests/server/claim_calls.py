"""Order-claim calls as a version-4 station and an administrator make them (tests only)."""

from __future__ import annotations

from typing import Any

import httpx

from oms_contract import API_PREFIX
from oms_contract.claims import ClaimState
from oms_contract.sync_api import FeedPage
from oms_contract.versions import CONTRACT_HEADER, CONTRACT_VERSION
from tests.server.driver import OmsDriver, StationSession


def station_post(
    oms: OmsDriver,
    station: StationSession,
    path: str,
    body: Any,
    version: int = CONTRACT_VERSION,
) -> httpx.Response:
    return oms.client.post(
        API_PREFIX + path,
        json=body,
        headers={**station.headers, CONTRACT_HEADER: str(version)},
    )


def claim(oms: OmsDriver, station: StationSession, order_no: str) -> ClaimState:
    response = station_post(oms, station, "/claims", {"order_no": order_no})
    assert response.status_code == 200, response.text
    return ClaimState.model_validate_json(response.content)


def renew(oms: OmsDriver, station: StationSession, *order_nos: str) -> list[ClaimState]:
    response = station_post(oms, station, "/claims/renew", {"order_nos": list(order_nos)})
    assert response.status_code == 200, response.text
    return [ClaimState.model_validate(item) for item in response.json()["claims"]]


def release(oms: OmsDriver, station: StationSession, order_no: str) -> ClaimState:
    response = station_post(oms, station, "/claims/release", {"order_no": order_no})
    assert response.status_code == 200, response.text
    return ClaimState.model_validate_json(response.content)


def feed(
    oms: OmsDriver, station: StationSession, after: int = 0, version: int = CONTRACT_VERSION
) -> FeedPage:
    response = oms.client.get(
        f"{API_PREFIX}/warehouses/{station.warehouse_id}/feed",
        params={"after": after, "limit": 2000},
        headers={**station.headers, CONTRACT_HEADER: str(version)},
    )
    assert response.status_code == 200, response.text
    return FeedPage.model_validate_json(response.content)


def claim_entries(oms: OmsDriver, station: StationSession, after: int = 0) -> list[dict[str, Any]]:
    """The claim entries of the station's warehouse feed after ``after``, as JSON."""
    kinds = {"order_claimed", "order_claim_released", "claim_conflict"}
    return [
        entry.body.model_dump(mode="json")
        for entry in feed(oms, station, after).entries
        if entry.body.kind in kinds
    ]


def head(oms: OmsDriver, station: StationSession) -> int:
    return feed(oms, station).next_cursor


def listed_claims(oms: OmsDriver, warehouse_id: str = "WH01") -> list[dict[str, Any]]:
    response = oms.admin_get(f"/admin/warehouses/{warehouse_id}/claims")
    assert response.status_code == 200, response.text
    claims: list[dict[str, Any]] = response.json()["claims"]
    return claims


def story(oms: OmsDriver, station: StationSession, after: int) -> list[tuple[str, ...]]:
    """The claim entries after ``after`` in short: (kind, station, reason or holder)."""
    short = []
    for entry in claim_entries(oms, station, after):
        if entry["kind"] == "claim_conflict":
            short.append((entry["kind"], entry["loser_device_id"], entry["holder_device_id"]))
        elif entry["kind"] == "order_claim_released":
            short.append((entry["kind"], entry["device_id"], entry["reason"]))
        else:
            short.append((entry["kind"], entry["device_id"]))
    return short
