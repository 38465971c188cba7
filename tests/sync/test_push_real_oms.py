"""Exactly-once push against the real OMS process: a killed server, a lost answer, a 503 storm.

The events are stock adjustments (+1 each): the OMS's on-hand for the SKU is a direct count of
how many times it applied them, so "exactly once" is one equality.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from local_db.models.sync import OutboxEvent
from local_db.store import Store
from oms_contract.events import EventEnvelope
from oms_contract.sync_api import EventOutcome, PushResponse
from sync.backoff import BackoffPolicy
from sync.client import OmsClient
from sync.credentials import load_token
from sync.engine import SyncEngine, SyncSettings
from sync.errors import TransientError
from sync.push import Pusher
from sync.state import station_identity
from sync.status import SyncStatus
from tests.support.oms_process import RunningOms
from tests.support.waiting import wait_until
from tests.sync.helpers import no_floor_effects
from tests.sync.real_oms import enrolled_station, oms_on_hand, queue_found_goods

FAST_BACKOFF = BackoffPolicy(base_s=0.05, cap_s=0.2)


@pytest.fixture
def station(oms_demo_server: RunningOms, tmp_path: Path) -> Iterator[Store]:
    store, _ = enrolled_station(oms_demo_server, tmp_path / "station.sqlite3")
    yield store
    store.close()


def outbox_statuses(store: Store) -> dict[str, tuple[str, int]]:
    with store.read_session() as session:
        return {
            row.event_id: (row.status, row.attempts) for row in session.scalars(select(OutboxEvent))
        }


def outbox_drained(store: Store) -> bool:
    statuses = outbox_statuses(store).values()
    return bool(statuses) and all(status == "accepted" for status, _ in statuses)


class RecordingClient(OmsClient):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.answers: list[PushResponse] = []

    def push(self, events: list[EventEnvelope]) -> PushResponse:
        answer = super().push(events)
        self.answers.append(answer)
        return answer


def pusher_for(store: Store, batch_size: int = 200) -> tuple[Pusher, RecordingClient]:
    with store.read_session() as session:
        identity = station_identity(session)
    client = RecordingClient(identity.oms_url, load_token(identity.station_id))
    return Pusher(store, client, identity, batch_size), client


class KillServerAfterFirstPush(httpx.HTTPTransport):
    """Lets one push batch through, then kills the OMS process before the next one."""

    def __init__(self, oms: RunningOms) -> None:
        super().__init__()
        self.oms = oms
        self.killed = threading.Event()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if request.url.path.endswith("/events") and not self.killed.is_set():
            response.read()
            self.oms.kill()
            self.killed.set()
        return response


def test_server_killed_between_push_batches(oms_demo_server: RunningOms, station: Store) -> None:
    before = oms_on_hand(oms_demo_server)
    queue_found_goods(station, 25)
    transport = KillServerAfterFirstPush(oms_demo_server)
    engine = SyncEngine(
        station,
        SyncSettings(push_batch_size=10, backoff=FAST_BACKOFF),
        hooks=no_floor_effects(),
        transport=transport,
    )
    engine.start()
    try:
        wait_until(
            lambda: transport.killed.is_set() and engine.status().consecutive_failures >= 1,
            what="the engine noticing the dead server",
        )
        offline = engine.status()
        assert not offline.online
        assert offline.pending_count == 15  # the first batch of 10 was answered and recorded
        assert offline.failing_since is not None
        oms_demo_server.start()  # same port, same database
        wait_until(lambda: outbox_drained(station), what="the outbox draining")
    finally:
        assert engine.stop()
    assert oms_on_hand(oms_demo_server) == before + 25
    assert {status for status, _ in outbox_statuses(station).values()} == {"accepted"}


@pytest.mark.expected_log_errors(
    r"ERROR wms\.oms_server: unexpected error",
    r"^oms-stderr-\d+\.txt: ERROR: +Exception in ASGI application",
)
def test_answer_lost_after_the_oms_committed(oms_demo_server: RunningOms, station: Store) -> None:
    before = oms_on_hand(oms_demo_server)
    event_ids = queue_found_goods(station, 3)
    oms_demo_server.inject_fault("/api/v1/events", mode="drop_after_commit", count=1)
    pusher, client = pusher_for(station)
    with pytest.raises(TransientError):
        pusher.push_all()
    # The OMS applied the batch, the station does not know: still pending, tried once.
    assert oms_on_hand(oms_demo_server) == before + 3
    assert outbox_statuses(station) == dict.fromkeys(event_ids, ("pending", 1))
    pusher.push_all()
    assert [result.outcome for result in client.answers[-1].results] == [EventOutcome.DUPLICATE] * 3
    assert outbox_statuses(station) == dict.fromkeys(event_ids, ("accepted", 2))
    assert oms_on_hand(oms_demo_server) == before + 3
    client.close()


def test_503_storm_with_retry_after(oms_demo_server: RunningOms, station: Store) -> None:
    before = oms_on_hand(oms_demo_server)
    queue_found_goods(station, 4)
    oms_demo_server.inject_fault("/api/v1/events", status_code=503, retry_after_s=1, count=3)
    seen: list[SyncStatus] = []
    engine = SyncEngine(
        station, SyncSettings(backoff=FAST_BACKOFF), hooks=no_floor_effects(), listener=seen.append
    )
    engine.start()
    try:
        wait_until(lambda: outbox_drained(station), what="the outbox draining")
    finally:
        assert engine.stop()
    backoffs = [s for s in seen if s.consecutive_failures and not s.syncing]
    assert [s.consecutive_failures for s in backoffs] == [1, 2, 3]
    for planned in backoffs:
        assert not planned.online
        assert planned.retry_after_s == 1.0
        # FAST_BACKOFF alone would retry within 0.2 s: the plan follows Retry-After instead.
        assert planned.next_attempt_in_s is not None
        assert planned.next_attempt_in_s > 0.5
    assert oms_on_hand(oms_demo_server) == before + 4
    assert {status for status, _ in outbox_statuses(station).values()} == {"accepted"}
