"""The one error shape for every non-2xx answer, and the overload guard's 429/503."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from oms_contract import API_PREFIX
from oms_contract.sync_api import ErrorBody
from oms_server.app import create_app, server_context_of
from tests.server.driver import ADMIN_KEY, OmsDriver
from tests.support.testclient import TestClient


def _error(response_json: object) -> ErrorBody:
    return ErrorBody.model_validate(response_json)


def test_malformed_json_is_400(oms: OmsDriver) -> None:
    station = oms.enrol("WH1")
    response = oms.client.post(
        API_PREFIX + "/events",
        content=b'{"events": [',
        headers={**station.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert _error(response.json()).error_code == "MALFORMED_JSON"


def test_validation_failure_is_422_and_names_the_field(oms: OmsDriver) -> None:
    response = oms.client.post(
        API_PREFIX + "/stations/enrol", json={"enrolment_key": "ek_12345678", "warehouse_id": ""}
    )
    assert response.status_code == 422
    error = _error(response.json())
    assert (error.error_code, error.field) == ("VALIDATION_FAILED", "warehouse_id")


def test_naive_timestamps_and_unknown_fields_are_refused(oms: OmsDriver) -> None:
    station = oms.enrol("WH1")
    event = {
        "event_id": "0123456789abcdef",
        "station_id": station.device_id,
        "station_seq": 1,
        "warehouse_id": "WH1",
        "operator": "P001",
        "occurred_at": "2026-01-01T10:00:00",
        "payload": {
            "event_type": "inventory_adjusted",
            "adjustment_no": "A1",
            "owner_id": "ACME",
            "sku_id": "X",
            "quantity": 1,
            "reason_code": "COUNT",
        },
    }
    response = oms.client.post(
        API_PREFIX + "/events", json={"events": [event]}, headers=station.headers
    )
    assert response.status_code == 422
    assert _error(response.json()).field == "events.0.occurred_at"

    event["occurred_at"] = "2026-01-01T10:00:00Z"
    event["surprise"] = 1
    response = oms.client.post(
        API_PREFIX + "/events", json={"events": [event]}, headers=station.headers
    )
    assert response.status_code == 422
    assert _error(response.json()).field == "events.0.surprise"


def test_unknown_path_and_unknown_order_are_404_in_the_same_shape(oms: OmsDriver) -> None:
    response = oms.client.get(API_PREFIX + "/no-such-thing")
    assert (response.status_code, _error(response.json()).error_code) == (404, "NOT_FOUND")
    response = oms.admin_get("/orders/SO-NOPE")
    assert (response.status_code, _error(response.json()).error_code) == (404, "ORDER_NOT_FOUND")


def test_wrong_method_is_405_in_the_same_shape(oms: OmsDriver) -> None:
    response = oms.client.delete(API_PREFIX + "/events")
    assert response.status_code == 405
    assert _error(response.json()).error_code == "METHOD_NOT_ALLOWED"


def test_invalid_gtin_in_master_data_is_refused(oms: OmsDriver) -> None:
    batch = {
        "owners": [{"owner_id": "ACME", "name": "Acme"}],
        "skus": [
            {
                "owner_id": "ACME",
                "sku_id": "S1",
                "name": "thing",
                "barcodes": [{"code": "6901234000017"}],
            }
        ],
    }
    response = oms.admin_post("/master-data", batch, warehouse_id="WH1")
    assert response.status_code == 422
    error = _error(response.json())
    assert (error.error_code, error.field) == ("INVALID_GTIN", "skus.0.barcodes.0.code")
    batch["skus"][0]["barcodes"] = [{"code": "6901234000016"}]  # type: ignore[index]
    assert oms.admin_post("/master-data", batch, warehouse_id="WH1").status_code == 200


@pytest.fixture
def tight_app(database_url: str) -> Iterator[tuple[TestClient, TestClient]]:
    """Two apps: one refuses everything as overloaded, one allows no request per client."""
    overloaded = create_app(database_url, admin_key=ADMIN_KEY, max_in_flight=0)
    stingy = create_app(database_url, admin_key=ADMIN_KEY, per_client_in_flight=0)
    try:
        with TestClient(overloaded) as busy, TestClient(stingy) as hogged:
            yield busy, hogged
    finally:
        server_context_of(overloaded).db.dispose()
        server_context_of(stingy).db.dispose()


def test_overload_answers_503_or_429_with_retry_after(
    tight_app: tuple[TestClient, TestClient],
) -> None:
    busy, hogged = tight_app
    response = busy.get(API_PREFIX + "/monitoring", headers={"X-Admin-Key": ADMIN_KEY})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    assert _error(response.json()).error_code == "SERVER_BUSY"
    # Health stays answerable so supervisors can tell "busy" from "down".
    assert busy.get(API_PREFIX + "/health").status_code == 200

    response = hogged.get(API_PREFIX + "/monitoring", headers={"X-Admin-Key": ADMIN_KEY})
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "1"
    assert _error(response.json()).retry_after_s == 1
