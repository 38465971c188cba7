"""OmsClient maps every HTTP outcome to one typed error, and never leaks its token."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Callable

import httpx
import pytest

from oms_contract.sync_api import EnrolRequest, ErrorBody, StockSnapshot
from sync.client import OmsClient, retry_after_seconds, tls_verification
from sync.credentials import Token
from sync.errors import AuthError, ContractError, RejectedRequest, TransientError
from sync.feed_page import UnreadableFeedEntry

SECRET = "token-that-must-not-leak-42"
NOW = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)


def client_answering(handler: Callable[[httpx.Request], httpx.Response]) -> OmsClient:
    return OmsClient("http://oms.test", Token(SECRET), transport=httpx.MockTransport(handler))


def answer(status: int, json: object = None, headers: dict[str, str] | None = None) -> OmsClient:
    return client_answering(lambda request: httpx.Response(status, json=json, headers=headers))


def snapshot() -> StockSnapshot:
    return StockSnapshot(warehouse_id="WH1", taken_at=NOW, lines=[])


def test_requests_carry_the_bearer_token_and_the_api_prefix() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            200, json={"warehouse_id": "WH1", "checked_lines": 0, "differences": []}
        )

    with client_answering(handler) as client:
        result = client.reconcile(snapshot())
    assert result.checked_lines == 0
    assert seen[0].url.path == "/api/v1/warehouses/WH1/reconciliation"
    assert seen[0].headers["Authorization"] == f"Bearer {SECRET}"
    assert SECRET not in repr(client)


@pytest.mark.parametrize("status", [500, 502, 503, 504, 429])
def test_overload_and_server_errors_are_transient(status: int) -> None:
    with pytest.raises(TransientError) as caught:
        answer(status, headers={"Retry-After": "7"}).reconcile(snapshot())
    assert caught.value.retry_after_s == 7.0


def test_retry_after_from_the_error_body_when_no_header() -> None:
    body = ErrorBody(error_code="BUSY", message="try later", retry_after_s=3.5)
    with pytest.raises(TransientError, match="BUSY") as caught:
        answer(503, json=body.model_dump()).reconcile(snapshot())
    assert caught.value.retry_after_s == 3.5


def test_401_means_reenrolment() -> None:
    with pytest.raises(AuthError, match="enrol"):
        answer(401, json={"error_code": "UNAUTHORIZED", "message": "no"}).reconcile(snapshot())


def test_4xx_carries_the_error_body() -> None:
    body = {"error_code": "UNKNOWN_WAREHOUSE", "message": "no such warehouse", "field": "wh"}
    with pytest.raises(RejectedRequest) as caught:
        answer(404, json=body).reconcile(snapshot())
    assert caught.value.status_code == 404
    assert caught.value.body.error_code == "UNKNOWN_WAREHOUSE"


def test_4xx_without_error_body_still_rejected() -> None:
    with pytest.raises(RejectedRequest) as caught:
        client_answering(lambda r: httpx.Response(403, text="<html>nope</html>")).reconcile(
            snapshot()
        )
    assert caught.value.body.error_code == "HTTP_403"


@pytest.mark.expected_log_errors(
    r"^wms\.sync\.client: OMS answer breaks the contract \(ReconciliationResult\)"
)
def test_malformed_answer_is_a_contract_error_without_values() -> None:
    with pytest.raises(ContractError, match="checked_lines") as caught:
        answer(200, json={"warehouse_id": "WH1", "checked_lines": "secret-ish"}).reconcile(
            snapshot()
        )
    assert "secret-ish" not in str(caught.value)


@pytest.mark.expected_log_errors(
    r"^wms\.sync\.client: OMS \S+ answered with a body that is not JSON"
)
def test_non_json_answer_is_a_contract_error() -> None:
    with pytest.raises(ContractError, match="not JSON"):
        client_answering(lambda r: httpx.Response(200, text="<html>")).reconcile(snapshot())


def test_connection_refused_is_transient() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port any more.
    with (
        OmsClient(f"http://127.0.0.1:{port}", Token(SECRET)) as client,
        pytest.raises(TransientError, match="Cannot reach"),
    ):
        client.reconcile(snapshot())


def test_timeout_is_transient() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(TransientError, match="in time"):
        client_answering(handler).reconcile(snapshot())


def test_enrolment_needs_no_token() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            201,
            json={
                "device_id": "dev-1",
                "warehouse_id": "WH1",
                "token": SECRET,
                "confirm_before": NOW.isoformat(),
            },
        )

    client = OmsClient("http://oms.test", transport=httpx.MockTransport(handler))
    answered = client.enrol(EnrolRequest(enrolment_key="k" * 10, warehouse_id="WH1"))
    assert answered.device_id == "dev-1"
    assert "Authorization" not in seen[0].headers


def feed_entry(seq: int) -> dict[str, object]:
    return {
        "seq": seq,
        "created_at": NOW.isoformat(),
        "body": {"kind": "cancel_requested", "cancel": {"order_no": "SO1", "warehouse_id": "WH1"}},
    }


@pytest.mark.expected_log_errors(
    r"^wms\.sync\.feed: Feed entry 2 \(cancel_requested\) is malformed"
)
def test_feed_page_keeps_good_entries_around_a_malformed_one() -> None:
    bad = feed_entry(2)
    bad["body"] = {"kind": "cancel_requested", "cancel": {"order_no": ""}}
    page = {"entries": [feed_entry(1), bad, feed_entry(3)], "next_cursor": 3, "has_more": False}
    parsed = answer(200, json=page).feed("WH1", after=0, limit=10)
    assert [entry.seq for entry in parsed.entries] == [1, 2, 3]
    unreadable = parsed.entries[1]
    assert isinstance(unreadable, UnreadableFeedEntry)
    assert unreadable.kind == "cancel_requested"
    assert "order_no" in unreadable.reason


@pytest.mark.parametrize(
    "page",
    [
        pytest.param({"entries": [], "has_more": False}, id="no-cursor"),
        pytest.param({"entries": [{"body": {}}], "next_cursor": 1, "has_more": False}, id="no-seq"),
        pytest.param(
            {"entries": [feed_entry(2), feed_entry(1)], "next_cursor": 2, "has_more": False},
            id="out-of-order",
        ),
        pytest.param(
            {"entries": [feed_entry(5)], "next_cursor": 4, "has_more": False}, id="cursor-behind"
        ),
    ],
)
@pytest.mark.expected_log_errors(
    r"^wms\.sync\.feed: Feed (page breaks the contract|entry without a usable seq)"
)
def test_feed_page_frame_must_follow_the_contract(page: dict[str, object]) -> None:
    with pytest.raises(ContractError):
        answer(200, json=page).feed("WH1", after=0, limit=10)


def test_retry_after_accepts_http_dates() -> None:
    assert retry_after_seconds("Sun, 22 Nov 2026 02:00:30 GMT", now=NOW.timestamp()) == 30.0
    assert retry_after_seconds("garbage") is None
    assert retry_after_seconds(None) is None


def test_tls_is_verified_by_default() -> None:
    assert tls_verification(None) is True
