"""A small test driver over the OMS API (TestClient or a real process's httpx client)."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from oms_contract import API_PREFIX
from oms_contract.events import EventEnvelope, EventPayload
from oms_contract.sync_api import EventResult, FeedPage, PushRequest, PushResponse
from oms_server.db import Database
from oms_server.demo import seed_demo

ADMIN_KEY = "test-admin-key-0123456789"


@dataclass
class StationSession:
    device_id: str
    warehouse_id: str
    token: str
    seq: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


class OmsDriver:
    def __init__(self, client: httpx.Client, db: Database | None = None) -> None:
        self.client = client
        self.db = db
        self._enrolment_keys: dict[str, str] = {}

    def seed_demo(self) -> None:
        assert self.db is not None
        seed_demo(self.db)

    # --- admin / OMS side ------------------------------------------------------------

    def admin_post(self, path: str, body: Any = None, **params: Any) -> httpx.Response:
        return self.client.post(
            API_PREFIX + path,
            json=body,
            params=params or None,
            headers={"X-Admin-Key": ADMIN_KEY},
        )

    def admin_get(self, path: str, **params: Any) -> httpx.Response:
        return self.client.get(
            API_PREFIX + path, params=params or None, headers={"X-Admin-Key": ADMIN_KEY}
        )

    def enrolment_key(self, warehouse_id: str = "WH01") -> str:
        """A many-use key for ``warehouse_id`` (created first if new), as an admin makes it."""
        if warehouse_id not in self._enrolment_keys:
            response = self.client.put(
                f"{API_PREFIX}/warehouses/{warehouse_id}", headers={"X-Admin-Key": ADMIN_KEY}
            )
            assert response.status_code in {200, 201}, response.text
            response = self.admin_post(
                "/enrolment-keys",
                {"warehouse_id": warehouse_id, "label": "tests", "max_uses": 1000},
            )
            assert response.status_code == 201, response.text
            self._enrolment_keys[warehouse_id] = response.json()["enrolment_key"]
        return self._enrolment_keys[warehouse_id]

    def order(self, order_no: str) -> dict[str, Any]:
        response = self.admin_get(f"/orders/{order_no}")
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def stock(self, owner_id: str, sku_id: str, warehouse_id: str = "WH01") -> dict[str, Any]:
        response = self.admin_get(
            "/stock", warehouse_id=warehouse_id, owner_id=owner_id, sku_id=sku_id
        )
        assert response.status_code == 200, response.text
        lines: list[dict[str, Any]] = response.json()["lines"]
        assert len(lines) == 1, lines
        return lines[0]

    # --- station side ------------------------------------------------------------------

    def enrol(self, warehouse_id: str = "WH01", name: str = "test station") -> StationSession:
        """Both phases: enrol (pending), then confirm with the new token."""
        response = self.client.post(
            API_PREFIX + "/stations/enrol",
            json={
                "enrolment_key": self.enrolment_key(warehouse_id),
                "warehouse_id": warehouse_id,
                "station_name": name,
            },
        )
        assert response.status_code == 201, response.text
        body = response.json()
        station = StationSession(body["device_id"], body["warehouse_id"], body["token"])
        confirmed = self.client.post(
            API_PREFIX + "/stations/enrol/confirm", headers=station.headers
        )
        assert confirmed.status_code == 200, confirmed.text
        return station

    def envelope(
        self,
        station: StationSession,
        payload: EventPayload,
        *,
        event_id: str | None = None,
        occurred_at: dt.datetime | None = None,
    ) -> EventEnvelope:
        return EventEnvelope(
            event_id=event_id or uuid.uuid4().hex,
            station_id=station.device_id,
            station_seq=next(station.seq),
            warehouse_id=station.warehouse_id,
            operator="P001",
            occurred_at=occurred_at or dt.datetime.now(dt.UTC),
            payload=payload,
        )

    def push_envelopes(self, station: StationSession, *events: EventEnvelope) -> httpx.Response:
        return self.client.post(
            API_PREFIX + "/events",
            content=PushRequest(events=list(events)).model_dump_json(),
            headers={**station.headers, "Content-Type": "application/json"},
        )

    def push(self, station: StationSession, *payloads: EventPayload) -> list[EventResult]:
        response = self.push_envelopes(
            station, *(self.envelope(station, payload) for payload in payloads)
        )
        assert response.status_code == 200, response.text
        return PushResponse.model_validate_json(response.content).results

    def push_one(self, station: StationSession, payload: EventPayload) -> EventResult:
        (result,) = self.push(station, payload)
        return result

    def feed(self, station: StationSession, after: int = 0, limit: int = 2000) -> FeedPage:
        response = self.client.get(
            f"{API_PREFIX}/warehouses/{station.warehouse_id}/feed",
            params={"after": after, "limit": limit},
            headers=station.headers,
        )
        assert response.status_code == 200, response.text
        return FeedPage.model_validate_json(response.content)
