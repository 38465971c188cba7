"""The real ``oms-server`` process prunes its sync history itself (#12.11): the schedule in
its lifespan runs at start and then daily. Seed 000 §4.4 (幂等检查): after the feed entry of an
accepted event is pruned, the event pushed again is answered ``duplicate`` and applied once."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from tests.server import payloads as p
from tests.server.driver import OmsDriver, StationSession
from tests.support.oms_process import RunningOms, start_oms_server

DEADLINE_S = 60.0


@contextlib.contextmanager
def _driver(oms: RunningOms) -> Iterator[OmsDriver]:
    with httpx.Client(base_url=oms.base_url, timeout=30) as client:
        yield OmsDriver(client)


def _kinds(driver: OmsDriver, station: StationSession) -> set[str]:
    return {entry.body.kind for entry in driver.feed(station, after=0).entries}


def _age_feed(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text("UPDATE feed_entry SET created_at = :old"),
                {"old": dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=200)},
            )
    finally:
        engine.dispose()


def test_the_oms_process_prunes_acknowledged_history_on_its_schedule(
    tmp_path: Path, database_url: str
) -> None:
    oms = start_oms_server(
        tmp_path, database_url, demo=True, extra_args=["--alert-check-interval-s", "0"]
    )
    try:
        with _driver(oms) as driver:
            station = driver.enrol()
            found = driver.envelope(station, p.adjust("ACME", "ACME-MUG-01", 5, "FOUND"))
            assert driver.push_envelopes(station, found).json()["results"][0]["outcome"] == (
                "accepted"
            )
            head = driver.feed(station, after=0).entries[-1].seq
            driver.feed(station, after=head)  # the only reading station has applied it all
            on_hand = driver.stock("ACME", "ACME-MUG-01")["on_hand"]
            assert "station_event_accepted" in _kinds(driver, station)
        oms.stop()
        _age_feed(database_url)
        oms.restart()  # the default horizon, 90 days: the entries are 200 days old
        with _driver(oms) as driver:
            deadline = time.monotonic() + DEADLINE_S
            while _kinds(driver, station) != {"master_data_upserted"}:
                assert time.monotonic() < deadline, _kinds(driver, station)
                time.sleep(0.1)
            again = driver.push_envelopes(station, found)
            assert again.json()["results"][0]["outcome"] == "duplicate"
            assert driver.stock("ACME", "ACME-MUG-01")["on_hand"] == on_hand
    finally:
        oms.kill()
