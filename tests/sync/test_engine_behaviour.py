"""The engine's thread, backoff, 401 handling and status, against a scripted OMS transport.

The real-server scenarios live in test_sync_e2e.py; here the OMS's answers are scripted so
each rule of the engine is pinned exactly (which answer, which reaction).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from local_db.store import Store, open_store
from sync.backoff import BackoffPolicy
from sync.credentials import Token, store_token
from sync.engine import SyncEngine, SyncSettings
from sync.outbox_queue import outbox_counts
from sync.state import LAST_ERROR, StationIdentity, feed_cursor, read_state
from sync.status import SyncProblem, SyncStatus
from tests.support.waiting import wait_until
from tests.sync.helpers import (
    add_outbox_row,
    enrol_locally,
    no_floor_effects,
    status_event,
)

IDENTITY = StationIdentity("ST-1", "WH1", "https://oms.test")
Handler = Callable[[httpx.Request], httpx.Response]


class ScriptedOms:
    """Routes by path; ``push`` decides the push answer and can be swapped mid-test."""

    def __init__(self) -> None:
        self.push: Handler = self.accept_all
        self.reconciliation: Handler = self.no_differences
        self.feed_entries: list[dict[str, object]] = []
        self.calls: list[str] = []
        self.lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.calls.append(request.url.path)
        if request.url.path.endswith("/events"):
            return self.push(request)
        if request.url.path.endswith("/feed"):
            after = int(request.url.params["after"])
            with self.lock:
                page = [e for e in self.feed_entries if int(str(e["seq"])) > after]
            next_cursor = int(str(page[-1]["seq"])) if page else after
            return httpx.Response(
                200, json={"entries": page, "next_cursor": next_cursor, "has_more": False}
            )
        if request.url.path.endswith("/reconciliation"):
            return self.reconciliation(request)
        return httpx.Response(404, json={"error_code": "NOT_FOUND", "message": "no route"})

    @staticmethod
    def no_differences(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, json={"warehouse_id": "WH1", "checked_lines": 0, "differences": []}
        )

    @staticmethod
    def accept_all(request: httpx.Request) -> httpx.Response:
        events = json.loads(request.content)["events"]
        results = [{"event_id": e["event_id"], "outcome": "accepted"} for e in events]
        return httpx.Response(200, json={"results": results})

    def count(self, suffix: str) -> int:
        with self.lock:
            return sum(1 for path in self.calls if path.endswith(suffix))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "station.sqlite3")
    enrol_locally(store, IDENTITY)
    store_token(IDENTITY.station_id, Token("t0ken"))
    yield store
    store.close()


@pytest.fixture
def oms() -> ScriptedOms:
    return ScriptedOms()


@pytest.fixture
def make_engine(store: Store, oms: ScriptedOms) -> Iterator[Callable[..., SyncEngine]]:
    engines: list[SyncEngine] = []

    def make(**settings: object) -> SyncEngine:
        engine = SyncEngine(
            store,
            SyncSettings(**settings),  # type: ignore[arg-type]
            hooks=no_floor_effects(),
            transport=httpx.MockTransport(oms),
            rng=lambda: 1.0,
        )
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        assert engine.stop()


def wait_for_status(
    engine: SyncEngine, predicate: Callable[[SyncStatus], bool], what: str
) -> SyncStatus:
    def matching() -> SyncStatus | None:
        status = engine.status()
        return status if predicate(status) else None

    return wait_until(matching, what=what)


def add_pending(store: Store, count: int) -> None:
    with store.unit_of_work() as uow:
        for n in range(count):
            add_outbox_row(uow.session, status_event(f"SO{n}"))
        uow.commit()


def test_engine_drains_the_outbox_and_reports(
    store: Store, make_engine: Callable[..., SyncEngine]
) -> None:
    add_pending(store, 3)
    seen: list[SyncStatus] = []
    engine = make_engine()
    engine.set_listener(seen.append)
    engine.start()
    status = wait_for_status(
        engine, lambda s: s.last_push_at is not None and not s.syncing, what="a push"
    )
    assert status.online
    assert status.pending_count == 0
    assert status.last_error is None
    assert status.last_pull_at is not None
    assert status.last_reconcile_at is not None  # the first run reconciles at once
    assert seen
    assert seen[-1] == engine.status()


def test_503_storm_backs_off_honouring_retry_after_then_drains(
    store: Store, oms: ScriptedOms, make_engine: Callable[..., SyncEngine]
) -> None:
    add_pending(store, 2)
    storm = {"left": 3}

    def overloaded(request: httpx.Request) -> httpx.Response:
        if storm["left"] > 0:
            storm["left"] -= 1
            return httpx.Response(503, headers={"Retry-After": "1"})
        return ScriptedOms.accept_all(request)

    oms.push = overloaded
    plans: list[SyncStatus] = []
    engine = make_engine(backoff=BackoffPolicy(base_s=0.01, cap_s=0.05))
    engine.set_listener(plans.append)
    engine.start()
    wait_until(lambda: engine.status().pending_count == 0 and engine.status().online, what="drain")
    failures = [s for s in plans if s.consecutive_failures and not s.syncing]
    assert [s.consecutive_failures for s in failures] == [1, 2, 3]
    for planned in failures:
        assert not planned.online
        assert planned.retry_after_s == 1.0
        # The jittered backoff (≤ 0.05 s here) would retry sooner: Retry-After wins.
        assert planned.next_attempt_in_s is not None
        assert planned.next_attempt_in_s > 0.5
        assert planned.failing_since is not None
        assert planned.last_error is not None
        assert "503" in planned.last_error
    assert oms.count("/events") == 4
    final = engine.status()
    assert (final.failing_since, final.last_error, final.consecutive_failures) == (None, None, 0)


def test_401_stops_syncing_until_sync_now(
    store: Store, oms: ScriptedOms, make_engine: Callable[..., SyncEngine]
) -> None:
    add_pending(store, 1)
    oms.push = lambda request: httpx.Response(
        401, json={"error_code": "UNAUTHORIZED", "message": "token revoked"}
    )
    engine = make_engine(sync_interval_s=0.01)
    engine.start()
    status = wait_for_status(engine, lambda s: s.needs_reenrolment, what="401")
    assert status.last_error is not None
    assert "enroll" in status.last_error
    assert status.next_attempt_in_s is None
    assert status.pending_count == 1
    with store.read_session() as session:
        assert "Re-enrolment" in (read_state(session, LAST_ERROR) or "")
    pushes = oms.count("/events")
    # Local work goes on; it does not make the engine try the revoked token again.
    add_pending(store, 1)
    engine.outbox_changed()
    wait_until(lambda: engine.status().pending_count == 2, what="count refresh")
    assert oms.count("/events") == pushes
    # After re-enrolment the operator presses "Sync now".
    oms.push = ScriptedOms.accept_all
    engine.sync_now()
    wait_until(lambda: engine.status().pending_count == 0, what="drain after re-enrolment")
    assert not engine.status().needs_reenrolment


def test_local_changes_do_not_cut_a_backoff_short(
    store: Store, oms: ScriptedOms, make_engine: Callable[..., SyncEngine]
) -> None:
    oms.push = lambda request: httpx.Response(503)
    add_pending(store, 1)
    engine = make_engine(backoff=BackoffPolicy(base_s=600.0, cap_s=600.0))
    engine.start()
    wait_until(lambda: engine.status().consecutive_failures == 1, what="first failure")
    add_pending(store, 5)
    engine.outbox_changed()
    wait_until(lambda: engine.status().pending_count == 6, what="count refresh")
    assert oms.count("/events") == 1
    assert engine.status().consecutive_failures == 1
    # The operator's "Sync now" does try at once.
    oms.push = ScriptedOms.accept_all
    engine.sync_now()
    wait_until(lambda: engine.status().pending_count == 0, what="drain")


def test_a_hung_oms_never_holds_the_writer_lock(
    store: Store, oms: ScriptedOms, make_engine: Callable[..., SyncEngine]
) -> None:
    add_pending(store, 1)
    in_flight = threading.Event()
    release = threading.Event()

    def hung(request: httpx.Request) -> httpx.Response:
        in_flight.set()
        release.wait(30)
        return ScriptedOms.accept_all(request)

    oms.push = hung
    engine = make_engine()
    engine.start()
    assert in_flight.wait(30)
    # A picker's scan commits while the push is stuck on the network.
    scanned = threading.Event()

    def scan() -> None:
        add_pending(store, 1)
        scanned.set()

    picker = threading.Thread(target=scan)
    picker.start()
    picker.join(30)
    try:
        assert scanned.is_set(), "a scan waited for the sync engine's HTTP call"
        assert engine.status().syncing
    finally:
        release.set()
    engine.sync_now()
    wait_until(lambda: engine.status().pending_count == 0, what="drain")


def test_not_enrolled_waits_quietly(tmp_path: Path) -> None:
    store = open_store(tmp_path / "fresh.sqlite3")
    engine = SyncEngine(store, hooks=no_floor_effects())
    try:
        engine.start()
        status = wait_for_status(engine, lambda s: s.last_error is not None, what="status")
        assert not status.enrolled
        assert "wms-floor enroll" in (status.last_error or "")
        # It looks again later (a local read only), without anyone pressing "Sync now".
        assert status.next_attempt_in_s is not None
        assert not status.online
    finally:
        assert engine.stop()
        store.close()


def test_stop_ends_a_long_backlog_between_batches(
    store: Store, oms: ScriptedOms, make_engine: Callable[..., SyncEngine]
) -> None:
    add_pending(store, 50)
    in_flight = threading.Event()
    release = threading.Event()

    def slow_first_batch(request: httpx.Request) -> httpx.Response:
        in_flight.set()
        release.wait(30)
        return ScriptedOms.accept_all(request)

    oms.push = slow_first_batch
    engine = make_engine(push_batch_size=10)
    engine.start()
    assert in_flight.wait(30)
    assert not engine.stop(timeout_s=0)  # asked to stop while a batch is on the wire
    release.set()
    assert engine.stop()
    # The batch on the wire was recorded; the remaining 40 wait for the next start.
    assert oms.count("/events") == 1
    with store.read_session() as session:
        assert outbox_counts(session).pending == 40


def wait_for_drain(engine: SyncEngine) -> SyncStatus:
    return wait_for_status(
        engine,
        lambda s: s.last_push_at is not None and s.pending_count == 0 and not s.syncing,
        what="drain",
    )


def cancel_entry(seq: int, order_no: str) -> dict[str, object]:
    return {
        "seq": seq,
        "created_at": "2026-11-22T03:00:00Z",
        "body": {
            "kind": "cancel_requested",
            "cancel": {"order_no": order_no, "warehouse_id": "WH1"},
        },
    }


def test_a_flaky_link_that_makes_progress_does_not_climb_the_backoff(
    store: Store, oms: ScriptedOms, make_engine: Callable[..., SyncEngine]
) -> None:
    """#10.10: every other push request is lost, but each round gets batches through: the
    backoff restarts from its first step instead of doubling up to the cap."""
    add_pending(store, 40)
    sent = {"n": 0}

    def every_other_lost(request: httpx.Request) -> httpx.Response:
        sent["n"] += 1
        if sent["n"] % 2 == 0:
            raise httpx.ReadError("connection reset", request=request)
        return ScriptedOms.accept_all(request)

    oms.push = every_other_lost
    plans: list[SyncStatus] = []
    # Wide enough to tell "restarted" (≤ 0.05 s) from "doubled" (0.1, 0.2, 0.4 ... s).
    engine = make_engine(push_batch_size=5, backoff=BackoffPolicy(base_s=0.05, cap_s=60.0))
    engine.set_listener(plans.append)
    engine.start()
    wait_for_drain(engine)
    failures = [s.consecutive_failures for s in plans if s.consecutive_failures]
    assert len(set(failures)) >= 1
    assert max(failures) == 1, failures


def test_the_feed_is_read_between_push_batches_of_a_backlog(
    store: Store, oms: ScriptedOms, make_engine: Callable[..., SyncEngine]
) -> None:
    """#10.10: a cancel in the feed is read while a long push backlog still drains."""
    add_pending(store, 30)
    oms.feed_entries = [cancel_entry(1, "SO-CANCEL")]
    engine = make_engine(push_batch_size=5, push_slice_s=0.0)
    engine.start()
    wait_for_drain(engine)
    with oms.lock:
        calls = list(oms.calls)
    pushes = [i for i, path in enumerate(calls) if path.endswith("/events")]
    feeds = [i for i, path in enumerate(calls) if path.endswith("/feed")]
    assert len(pushes) == 6
    assert feeds[0] < pushes[1], calls  # read after the first slice, not after the sixth
    with store.read_session() as session:
        assert feed_cursor(session) == 1


def test_the_feed_is_read_even_when_the_push_fails(
    store: Store, oms: ScriptedOms, make_engine: Callable[..., SyncEngine]
) -> None:
    add_pending(store, 3)
    oms.feed_entries = [cancel_entry(1, "SO-CANCEL")]

    def lost(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadError("connection reset", request=request)

    oms.push = lost
    engine = make_engine(backoff=BackoffPolicy(base_s=600.0, cap_s=600.0))
    engine.start()
    status = wait_for_status(engine, lambda s: s.consecutive_failures == 1, what="a failure")
    assert status.problem is SyncProblem.OMS_UNREACHABLE
    with store.read_session() as session:
        assert feed_cursor(session) == 1
    assert status.pending_count == 3


def test_reconcile_now_survives_a_failed_attempt(
    store: Store, oms: ScriptedOms, make_engine: Callable[..., SyncEngine]
) -> None:
    """#10.11: the request used to be emptied before the attempt and lost when it failed."""
    engine = make_engine(backoff=BackoffPolicy(base_s=0.01, cap_s=0.05))
    engine.start()
    wait_until(lambda: oms.count("/reconciliation") == 1, what="the first reconciliation")
    wait_until(lambda: not engine.status().syncing, what="the first round to end")
    failed = {"left": 1}

    def one_lost(request: httpx.Request) -> httpx.Response:
        if failed["left"]:
            failed["left"] -= 1
            raise httpx.ConnectError("connection refused", request=request)
        return ScriptedOms.accept_all(request)

    oms.push = one_lost
    add_pending(store, 1)
    engine.reconcile_now()
    wait_until(lambda: oms.count("/reconciliation") == 2, what="the asked-for reconciliation")
    assert failed["left"] == 0


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        (
            lambda r: (_ for _ in ()).throw(
                httpx.ConnectError("[Errno 111] Connection refused", request=r)
            ),
            SyncProblem.OMS_UNREACHABLE,
        ),
        (lambda r: httpx.Response(503, headers={"Retry-After": "1"}), SyncProblem.SERVER_ERROR),
        (
            lambda r: httpx.Response(
                401, json={"error_code": "UNAUTHORIZED", "message": "revoked"}
            ),
            SyncProblem.TOKEN_REJECTED,
        ),
        (lambda r: httpx.Response(200, content=b"not json"), SyncProblem.OMS_CONTRACT),
    ],
    ids=["refused", "503", "401", "garbage"],
)
@pytest.mark.expected_log_errors(r"^wms\.sync\.(client|engine): .*with a body that is not JSON")
def test_a_failure_is_classified_and_its_detail_kept_apart(
    store: Store,
    oms: ScriptedOms,
    make_engine: Callable[..., SyncEngine],
    answer: Handler,
    problem: SyncProblem,
) -> None:
    """#17.15: the operator's banner gets a code; the technical text is the detail."""
    add_pending(store, 1)
    oms.push = answer
    engine = make_engine(backoff=BackoffPolicy(base_s=600.0, cap_s=600.0))
    engine.start()
    status = wait_for_status(
        engine, lambda s: s.problem is not None and not s.syncing, what="a failure"
    )
    assert status.problem is problem
    assert status.problem_detail
    assert status.operator_alert_at() is not None


@pytest.mark.expected_log_errors(
    r"^wms\.sync\.engine: Not syncing: The OMS URL must start with https://"
)
def test_an_http_oms_url_to_another_computer_is_refused_before_any_request(
    store: Store, oms: ScriptedOms, make_engine: Callable[..., SyncEngine]
) -> None:
    """#10.7: the token must not cross the network in clear."""
    enrol_locally(store, StationIdentity("ST-1", "WH1", "http://oms.test"))
    engine = make_engine()
    engine.start()
    status = wait_for_status(engine, lambda s: s.problem is not None, what="refusal")
    assert status.problem is SyncProblem.INSECURE_URL
    assert status.operator_alert()  # at once: waiting will not fix it
    assert "https://" in (status.problem_detail or "")
    assert oms.calls == []


def test_a_test_lab_may_allow_plain_http(
    store: Store,
    oms: ScriptedOms,
    make_engine: Callable[..., SyncEngine],
    caplog: pytest.LogCaptureFixture,
) -> None:
    enrol_locally(store, StationIdentity("ST-1", "WH1", "http://oms.test"))
    add_pending(store, 1)
    engine = make_engine(allow_insecure_http=True)
    engine.start()
    wait_for_drain(engine)
    assert any("INSECURE" in record.getMessage() for record in caplog.records)
