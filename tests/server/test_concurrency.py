"""Concurrent stations against the real server process (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from oms_contract.events import EventEnvelope
from oms_contract.sync_api import PushRequest, PushResponse
from tests.server import payloads as p
from tests.server.driver import OmsDriver, StationSession
from tests.support.oms_process import RunningOms, start_oms_server

T = TypeVar("T")
ROUNDS = 5


@pytest.fixture
def oms_process(tmp_path: Path, database_url: str) -> Iterator[RunningOms]:
    oms = start_oms_server(tmp_path, database_url=database_url, demo=True)
    try:
        yield oms
    finally:
        oms.kill()


@pytest.fixture
def driver(oms_process: RunningOms) -> Iterator[OmsDriver]:
    with httpx.Client(base_url=oms_process.base_url, timeout=30) as client:
        yield OmsDriver(client)


def _all_at_once(*calls: Callable[[], T]) -> list[T]:
    """Run the calls on threads released together by a barrier; answers in call order."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], T]) -> T:
        barrier.wait(timeout=30)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def _push_call(
    oms: RunningOms, station: StationSession, event: EventEnvelope
) -> Callable[[], PushResponse]:
    def call() -> PushResponse:
        response = httpx.post(
            oms.api_url + "/events",
            content=PushRequest(events=[event]).model_dump_json(),
            headers={**station.headers, "Content-Type": "application/json"},
            timeout=30,
        )
        assert response.status_code == 200, response.text
        return PushResponse.model_validate_json(response.content)

    return call


def _same_event_for(driver: OmsDriver, station: StationSession, event_id: str) -> EventEnvelope:
    return driver.envelope(station, p.adjust("ACME", "ACME-LAMP-02", 1), event_id=event_id)


def _on_hand(driver: OmsDriver, warehouse_id: str) -> int:
    lines = driver.admin_get(
        "/stock", warehouse_id=warehouse_id, owner_id="ACME", sku_id="ACME-LAMP-02"
    ).json()["lines"]
    return sum(int(line["on_hand"]) for line in lines)


def test_two_stations_push_the_same_event_at_once(
    oms_process: RunningOms, driver: OmsDriver
) -> None:
    first = driver.enrol("WH01", "station 1")
    second = driver.enrol("WH01", "station 2")
    before = _on_hand(driver, "WH01")
    feed_head = driver.feed(first).next_cursor

    for _ in range(ROUNDS):
        event_id = uuid.uuid4().hex
        answers = _all_at_once(
            _push_call(oms_process, first, _same_event_for(driver, first, event_id)),
            _push_call(oms_process, second, _same_event_for(driver, second, event_id)),
        )
        assert sorted(a.results[0].outcome for a in answers) == ["accepted", "duplicate"]

    assert _on_hand(driver, "WH01") == before + ROUNDS
    new_entries = driver.feed(first, after=feed_head).entries
    assert len(new_entries) == ROUNDS


def test_same_event_from_two_warehouses_at_once_is_applied_once(
    oms_process: RunningOms, driver: OmsDriver
) -> None:
    # Different warehouses take different warehouse locks: only the unique key decides.
    here = driver.enrol("WH01")
    there = driver.enrol("WH02")
    before = _on_hand(driver, "WH01") + _on_hand(driver, "WH02")

    for _ in range(ROUNDS):
        event_id = uuid.uuid4().hex
        answers = _all_at_once(
            _push_call(oms_process, here, _same_event_for(driver, here, event_id)),
            _push_call(oms_process, there, _same_event_for(driver, there, event_id)),
        )
        assert sorted(a.results[0].outcome for a in answers) == ["accepted", "duplicate"]

    assert _on_hand(driver, "WH01") + _on_hand(driver, "WH02") == before + ROUNDS


def test_concurrent_commands_never_reserve_more_than_on_hand(
    oms_process: RunningOms, driver: OmsDriver
) -> None:
    lamp = driver.stock("ACME", "ACME-LAMP-02")
    available = lamp["on_hand"] - lamp["reserved"]

    def create(number: int) -> Callable[[], tuple[int, Any]]:
        def call() -> tuple[int, Any]:
            response = oms_process.admin_post(
                "/outbound-commands",
                p.command(100 + number, ("ACME-LAMP-02", 5)).model_dump(mode="json"),
            )
            return response.status_code, response.json()

        return call

    answers = _all_at_once(*(create(n) for n in range(6)))

    created = [body for status, body in answers if status == 201]
    refused = [body["error_code"] for status, body in answers if status != 201]
    assert len(created) == min(6, available // 5)
    assert set(refused) <= {"INSUFFICIENT_STOCK"}
    after = driver.stock("ACME", "ACME-LAMP-02")
    assert after["reserved"] == lamp["reserved"] + 5 * len(created)
    assert after["reserved"] <= after["on_hand"]
