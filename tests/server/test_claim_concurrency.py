"""Stations claiming one order at the same instant, against the real OMS process on SQLite
and PostgreSQL: exactly one is granted, every other is told who holds it."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import httpx
import pytest

from oms_contract.claims import ClaimState
from oms_contract.events import PickedLines
from oms_contract.sync_api import PushRequest, PushResponse
from oms_contract.versions import CONTRACT_HEADER, CONTRACT_VERSION
from oms_server.db import Database
from oms_server.models import OrderClaimLog
from tests.server import payloads as p
from tests.server.claim_calls import head, release, story
from tests.server.driver import OmsDriver, StationSession
from tests.support.oms_process import RunningOms, start_oms_server

T = TypeVar("T")
ROUNDS = 6
STATIONS = 4
ORDERS = ("SO-DEMO-0001", "SO-DEMO-0002", "SO-DEMO-0003")


@pytest.fixture
def oms_process(tmp_path: Path, database_url: str) -> Iterator[RunningOms]:
    oms = start_oms_server(tmp_path, database_url=database_url, demo=True)
    try:
        yield oms
    finally:
        oms.kill()


def _claim_call(
    oms: RunningOms, station: StationSession, order_no: str
) -> Callable[[], ClaimState]:
    def call() -> ClaimState:
        response = httpx.post(
            oms.api_url + "/claims",
            json={"order_no": order_no},
            headers={**station.headers, CONTRACT_HEADER: str(CONTRACT_VERSION)},
            timeout=30,
        )
        assert response.status_code == 200, response.text
        return ClaimState.model_validate_json(response.content)

    return call


def _all_at_once(calls: list[Callable[[], T]]) -> list[T]:
    """The calls on threads released together by a barrier; answers in call order."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], T]) -> T:
        barrier.wait(timeout=30)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def test_stations_claiming_one_order_at_once_exactly_one_wins(oms_process: RunningOms) -> None:
    """Seed 002 模块2 (分布式锁: 并发控制): the warehouse lock makes concurrent claims of one
    order one after the other, so one station is granted and the others see it as the holder;
    released, the order is raced for again."""
    with httpx.Client(base_url=oms_process.base_url, timeout=30) as client:
        driver = OmsDriver(client)
        stations = [driver.enrol(name=f"station {n}") for n in range(STATIONS)]
        cursor = head(driver, stations[0])
        winners = []
        for round_no in range(ROUNDS):
            order_no = ORDERS[round_no % len(ORDERS)]
            answers = _all_at_once([_claim_call(oms_process, s, order_no) for s in stations])

            granted = [s for s, a in zip(stations, answers, strict=True) if a.granted]
            assert len(granted) == 1, answers
            winner = granted[0]
            assert {a.holder_device_id for a in answers} == {winner.device_id}
            winners.append(winner.device_id)
            assert not release(driver, winner, order_no).granted

        # On the feed: each round one grant and one release, nothing of the losers.
        expected = []
        for device_id in winners:
            expected += [("order_claimed", device_id), ("order_claim_released", device_id, "LEFT")]
        assert story(driver, stations[0], cursor) == expected

    db = Database(oms_process.database_url)
    try:
        with db.read_session() as session:
            grants = session.query(OrderClaimLog).filter_by(action="GRANTED").count()
        assert grants == ROUNDS
    finally:
        db.dispose()


def test_stations_picking_one_free_order_at_once_one_takes_it(oms_process: RunningOms) -> None:
    """Stations that never ask (an older version, offline work) and pick the same free order
    at the same instant: the first pick accepted takes the order's claim, so the other
    stations' picks are refused ORDER_CLAIMED_ELSEWHERE and the order is picked once."""
    with httpx.Client(base_url=oms_process.base_url, timeout=30) as client:
        driver = OmsDriver(client)
        stations = [driver.enrol(name=f"station {n}") for n in range(STATIONS)]
        for order_no in ORDERS:
            order = driver.order(order_no)
            line = order["lines"][0]
            bins = {"ACME-MUG-01": "A-01-01-02", "ACME-CABLE-C": "A-01-02-03"}
            bins |= {"ACME-LAMP-02": "A-02-02-01", "ACME-TEA-100": "A-01-01-01"}
            pick = p.picked(order_no, (line["sku_id"], line["ordered_qty"], bins[line["sku_id"]]))

            def push(station: StationSession, pick: PickedLines = pick) -> str:
                response = client.post(
                    "/api/v1/events",
                    content=PushRequest(events=[driver.envelope(station, pick)]).model_dump_json(),
                    headers={**station.headers, "Content-Type": "application/json"},
                )
                assert response.status_code == 200, response.text
                result = PushResponse.model_validate_json(response.content).results[0]
                return str(result.error_code or result.outcome)

            outcomes = _all_at_once([functools.partial(push, s) for s in stations])

            assert sorted(map(str, outcomes)) == sorted(
                ["accepted"] + ["ORDER_CLAIMED_ELSEWHERE"] * (STATIONS - 1)
            )
            assert driver.order(order_no)["lines"][0]["picked_qty"] == line["ordered_qty"]
