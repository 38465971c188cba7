"""Enrolment: identity into sync_state, token into the keyring only, nothing spent in vain."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import keyring
import pytest
from keyring.backends import fail

from local_db.store import Store, open_store
from sync.credentials import KEYRING_SERVICE, CredentialStoreUnavailable, SessionOnlyKeyring
from sync.enrolment import EnrolmentError, enroll
from sync.errors import ContractError, RejectedRequest
from sync.state import StationIdentity, read_all_state, station_identity

TOKEN = "fresh-token-abcdefghijklmnopqrstuvwxyz"


class EnrollingOms:
    def __init__(self, device_id: str = "DEV-7", warehouse_id: str | None = None) -> None:
        self.device_id = device_id
        self.warehouse_id = warehouse_id
        self.requests: list[dict[str, object]] = []
        self.confirmed_with: list[str] = []
        self.last_warehouse = ""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/stations/enrol/confirm"):
            self.confirmed_with.append(request.headers["Authorization"])
            return httpx.Response(
                200, json={"device_id": self.device_id, "warehouse_id": self.last_warehouse}
            )
        body = json.loads(request.content)
        self.requests.append(body)
        if body["enrolment_key"] == "wrong-key-123":
            return httpx.Response(
                403, json={"error_code": "BAD_ENROLMENT_KEY", "message": "unknown key"}
            )
        warehouse = self.warehouse_id or body["warehouse_id"]
        self.last_warehouse = warehouse
        return httpx.Response(
            201,
            json={
                "device_id": self.device_id,
                "warehouse_id": warehouse,
                "token": TOKEN,
                "confirm_before": "2030-01-01T00:00:00Z",
            },
        )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "station.sqlite3")
    yield store
    store.close()


def test_enrolment_keeps_identity_in_the_store_and_token_in_the_keyring(
    store: Store, memory_keyring: SessionOnlyKeyring, tmp_path: Path
) -> None:
    oms = EnrollingOms()
    device_id = enroll(
        store,
        "https://oms.test/",
        "WH1",
        "enrol-key-123456",
        "Packing 2",
        transport=httpx.MockTransport(oms),
    )
    assert device_id == "DEV-7"
    assert oms.requests == [
        {
            "enrolment_key": "enrol-key-123456",
            "warehouse_id": "WH1",
            "station_name": "Packing 2",
            "replaces_device_id": None,
        }
    ]
    # Confirmed with the token just stored, after storing it.
    assert oms.confirmed_with == [f"Bearer {TOKEN}"]
    with store.read_session() as session:
        assert station_identity(session) == StationIdentity("DEV-7", "WH1", "https://oms.test")
        assert TOKEN not in json.dumps(read_all_state(session))
    assert memory_keyring.secrets == {(KEYRING_SERVICE, "DEV-7"): TOKEN}
    store.close()
    for path in tmp_path.iterdir():
        assert TOKEN.encode() not in path.read_bytes(), path


def test_reenrolment_replaces_the_old_token(
    store: Store, memory_keyring: SessionOnlyKeyring
) -> None:
    enroll(
        store,
        "https://oms.test",
        "WH1",
        "enrol-key-1",
        transport=httpx.MockTransport(EnrollingOms("DEV-1")),
    )
    second = EnrollingOms("DEV-2")
    enroll(store, "https://oms.test", "WH1", "enrol-key-2", transport=httpx.MockTransport(second))
    assert memory_keyring.secrets == {(KEYRING_SERVICE, "DEV-2"): TOKEN}
    # The OMS is told which device this one replaces, so it revokes that token.
    assert second.requests[0]["replaces_device_id"] == "DEV-1"


def test_no_keyring_means_no_request_and_no_change(store: Store) -> None:
    keyring.set_keyring(fail.Keyring())
    oms = EnrollingOms()
    with pytest.raises(CredentialStoreUnavailable, match="No usable OS keyring"):
        enroll(
            store, "https://oms.test", "WH1", "enrol-key-123456", transport=httpx.MockTransport(oms)
        )
    assert oms.requests == []
    with store.read_session() as session:
        assert read_all_state(session) == {}


def test_refused_key_changes_nothing(store: Store, memory_keyring: SessionOnlyKeyring) -> None:
    with pytest.raises(RejectedRequest, match="BAD_ENROLMENT_KEY"):
        enroll(
            store,
            "https://oms.test",
            "WH1",
            "wrong-key-123",
            transport=httpx.MockTransport(EnrollingOms()),
        )
    assert memory_keyring.secrets == {}
    with store.read_session() as session:
        assert read_all_state(session) == {}


def test_a_store_stays_in_its_warehouse(store: Store) -> None:
    enroll(
        store,
        "https://oms.test",
        "WH1",
        "enrol-key-1",
        transport=httpx.MockTransport(EnrollingOms()),
    )
    with pytest.raises(EnrolmentError, match="belongs to warehouse WH1"):
        enroll(
            store,
            "https://oms.test",
            "WH2",
            "enrol-key-2",
            transport=httpx.MockTransport(EnrollingOms()),
        )


@pytest.mark.parametrize(
    ("url", "key", "message"),
    [
        ("oms.test", "enrol-key-123456", "https://"),
        ("https://oms.test", "short", "enrolment_key"),
        # #10.7: the key would cross the network in clear.
        ("http://oms.example.com", "enrol-key-123456", "https://"),
    ],
)
def test_bad_input_is_refused_before_calling_the_oms(
    store: Store, url: str, key: str, message: str
) -> None:
    oms = EnrollingOms()
    with pytest.raises(EnrolmentError, match=message):
        enroll(store, url, "WH1", key, transport=httpx.MockTransport(oms))
    assert oms.requests == []


def test_an_oms_enrolling_into_another_warehouse_is_a_contract_error(store: Store) -> None:
    with pytest.raises(ContractError):
        enroll(
            store,
            "https://oms.test",
            "WH1",
            "enrol-key-1",
            transport=httpx.MockTransport(EnrollingOms(warehouse_id="WH9")),
        )
    with store.read_session() as session:
        assert read_all_state(session) == {}


def test_plain_http_is_for_this_computer_or_a_test_lab_only(
    store: Store, memory_keyring: SessionOnlyKeyring
) -> None:
    """#10.7: http:// to loopback (the demo) enrols; to another computer only when the
    settings say allow_insecure_http."""
    enroll(
        store,
        "http://127.0.0.1:8700",
        "WH1",
        "enrol-key-123456",
        transport=httpx.MockTransport(EnrollingOms()),
    )
    enroll(
        store,
        "http://oms.lab",
        "WH1",
        "enrol-key-2",
        allow_insecure_http=True,
        transport=httpx.MockTransport(EnrollingOms()),
    )
    with store.read_session() as session:
        assert station_identity(session).oms_url == "http://oms.lab"
