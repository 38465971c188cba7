"""Push bookkeeping against a real SQLite store: order, holding back, nothing dropped.

The OMS here is a scripted transport (the real-server scenarios are in test_sync_e2e): these
tests pin the station-side rules exactly, including answers the reference server never gives.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from local_db.models.records import ExceptionRecord
from local_db.models.sync import OutboxEvent
from local_db.store import Store, open_store
from oms_contract.events import OutboundStatus
from oms_contract.sync_api import EARLIER_EVENT_REJECTED
from sync.client import OmsClient
from sync.credentials import Token
from sync.errors import TransientError
from sync.outbox_queue import outbox_counts, sendable_events
from sync.push import Pusher
from sync.state import StationIdentity
from tests.sync.helpers import add_outbox_row, enrol_locally, status_event, stock_event

IDENTITY = StationIdentity("ST-1", "WH1", "http://oms.test")
Decide = Callable[[dict[str, object]], dict[str, object]]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "station.sqlite3")
    enrol_locally(store, IDENTITY)
    yield store
    store.close()


class ScriptedOms:
    """Answers each pushed envelope with ``decide(envelope)``; remembers what it saw."""

    def __init__(self, decide: Decide | None = None) -> None:
        self.decide = decide or (lambda envelope: {"outcome": "accepted"})
        self.batches: list[list[dict[str, object]]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        events = json.loads(request.content)["events"]
        self.batches.append(events)
        results = [{"event_id": e["event_id"], **self.decide(e)} for e in events]
        return httpx.Response(200, json={"results": results})

    @property
    def seqs(self) -> list[list[int]]:
        return [[int(str(e["station_seq"])) for e in batch] for batch in self.batches]


def pusher(
    store: Store, oms: Callable[[httpx.Request], httpx.Response], batch: int = 200
) -> Pusher:
    client = OmsClient("http://oms.test", Token("t0ken"), transport=httpx.MockTransport(oms))
    return Pusher(store, client, IDENTITY, batch)


def statuses(store: Store) -> dict[int, str]:
    with store.read_session() as session:
        rows = session.scalars(select(OutboxEvent).order_by(OutboxEvent.station_seq))
        return {row.station_seq: row.status for row in rows}


def reject_order(order_no: str, code: str = "BAD_STATE") -> Decide:
    def decide(envelope: dict[str, object]) -> dict[str, object]:
        payload = envelope["payload"]
        assert isinstance(payload, dict)
        if payload.get("order_no") == order_no:
            return {"outcome": "rejected", "error_code": code, "error_message": "no such order"}
        return {"outcome": "accepted"}

    return decide


def test_events_leave_in_station_order_in_batches(store: Store) -> None:
    with store.unit_of_work() as uow:
        for n in range(5):
            add_outbox_row(uow.session, status_event(f"SO{n}"))
        uow.commit()
    oms = ScriptedOms()
    report = pusher(store, oms, batch=2).push_all()
    assert oms.seqs == [[1, 2], [3, 4], [5]]
    assert report.accepted == 5
    assert set(statuses(store).values()) == {"accepted"}
    envelope = oms.batches[0][0]
    assert envelope["station_id"] == "ST-1"
    assert envelope["warehouse_id"] == "WH1"
    assert envelope["operator"] == "B-001"


def test_duplicate_counts_as_accepted(store: Store) -> None:
    with store.unit_of_work() as uow:
        add_outbox_row(uow.session, status_event("SO1"))
        uow.commit()
    pusher(store, ScriptedOms(lambda e: {"outcome": "duplicate"})).push_all()
    assert statuses(store) == {1: "accepted"}


def test_rejection_holds_back_the_order_and_others_flow(store: Store) -> None:
    with store.unit_of_work() as uow:
        add_outbox_row(uow.session, status_event("SO-BAD"))  # 1: rejected
        add_outbox_row(uow.session, status_event("SO-OK"))  # 2
        add_outbox_row(uow.session, stock_event())  # 3: no order, never held
        uow.commit()
    pusher(store, ScriptedOms(reject_order("SO-BAD"))).push_all()
    assert statuses(store) == {1: "rejected", 2: "accepted", 3: "accepted"}

    # Later work on both orders: the rejected order's event waits, the other goes.
    with store.unit_of_work() as uow:
        add_outbox_row(uow.session, status_event("SO-BAD", OutboundStatus.SHIPPED))  # 4
        add_outbox_row(uow.session, status_event("SO-OK", OutboundStatus.SHIPPED))  # 5
        uow.commit()
    oms = ScriptedOms()
    pusher(store, oms).push_all()
    assert oms.seqs == [[5]]
    assert statuses(store) == {
        1: "rejected",
        2: "accepted",
        3: "accepted",
        4: "pending",
        5: "accepted",
    }
    with store.read_session() as session:
        counts = outbox_counts(session)
        assert (counts.pending, counts.held, counts.rejected) == (1, 1, 1)
        assert [row.station_seq for row in sendable_events(session, 10)] == []
        exception = session.scalars(select(ExceptionRecord)).one()
        rejected = session.scalars(select(OutboxEvent).where(OutboxEvent.station_seq == 1)).one()
        assert exception.exception_type == "OMS_REJECTED"
        assert exception.order_no == "SO-BAD"
        assert exception.outbox_event_id == rejected.id
        assert "BAD_STATE" in exception.detail_args_json
        assert (rejected.reject_code, rejected.reject_message) == ("BAD_STATE", "no such order")
        rejected_id = rejected.id

    # A supervisor's decision releases the order (as app.supervision.rejected_events does:
    # retry → pending).
    with store.unit_of_work() as uow:
        row = uow.session.get(OutboxEvent, rejected_id)
        assert row is not None
        row.status = "pending"
        uow.commit()
    oms = ScriptedOms()
    pusher(store, oms).push_all()
    assert oms.seqs == [[1, 4]]
    assert set(statuses(store).values()) == {"accepted"}


def test_transient_failure_keeps_everything_pending(store: Store) -> None:
    with store.unit_of_work() as uow:
        add_outbox_row(uow.session, status_event("SO1"))
        uow.commit()

    def unavailable(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, headers={"Retry-After": "2"})

    with pytest.raises(TransientError) as caught:
        pusher(store, unavailable).push_all()
    assert caught.value.retry_after_s == 2.0
    with store.read_session() as session:
        row = session.scalars(select(OutboxEvent)).one()
        assert (row.status, row.attempts) == ("pending", 1)
        assert row.last_error is not None
        assert "503" in row.last_error


def test_unanswered_event_stays_pending(store: Store) -> None:
    with store.unit_of_work() as uow:
        first = add_outbox_row(uow.session, status_event("SO1")).event_id
        add_outbox_row(uow.session, status_event("SO2"))
        uow.commit()

    def answer_first_only(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"results": [{"event_id": first, "outcome": "accepted"}]})

    report = pusher(store, answer_first_only).push_all()
    assert report.unanswered == 1
    assert statuses(store) == {1: "accepted", 2: "pending"}


def test_whole_batch_refusal_is_narrowed_to_the_bad_event(store: Store) -> None:
    with store.unit_of_work() as uow:
        add_outbox_row(uow.session, status_event("SO1"))
        bad = add_outbox_row(uow.session, status_event("SO2")).event_id
        add_outbox_row(uow.session, status_event("SO3"))
        uow.commit()
    seen: list[int] = []

    def refuse_batches_with_bad(request: httpx.Request) -> httpx.Response:
        events = json.loads(request.content)["events"]
        seen.append(len(events))
        if any(e["event_id"] == bad for e in events):
            return httpx.Response(
                422, json={"error_code": "INVALID_EVENT", "message": "weight missing"}
            )
        return httpx.Response(
            200,
            json={"results": [{"event_id": e["event_id"], "outcome": "accepted"} for e in events]},
        )

    pusher(store, refuse_batches_with_bad).push_all()
    assert seen == [3, 1, 1, 1]
    assert statuses(store) == {1: "accepted", 2: "rejected", 3: "accepted"}


def test_unbuildable_outbox_row_is_rejected_locally_not_dropped(store: Store) -> None:
    with store.unit_of_work() as uow:
        add_outbox_row(uow.session, status_event("SO1"), payload_json='{"event_type": "nope"}')
        add_outbox_row(uow.session, status_event("SO2"))
        uow.commit()
    pusher(store, ScriptedOms()).push_all()
    assert statuses(store) == {1: "rejected", 2: "accepted"}
    with store.read_session() as session:
        record = session.scalars(select(ExceptionRecord)).one()
        assert "LOCAL_INVALID_EVENT" in record.detail_args_json


def test_events_the_oms_holds_behind_a_rejection_in_the_same_batch_stay_pending(
    store: Store,
) -> None:
    with store.unit_of_work() as uow:
        add_outbox_row(uow.session, status_event("SO-BAD"))  # 1: rejected
        add_outbox_row(uow.session, status_event("SO-BAD", OutboundStatus.PICKED))  # 2
        add_outbox_row(uow.session, status_event("SO-OK"))  # 3
        uow.commit()
    rejected_once: set[str] = set()

    def decide(envelope: dict[str, object]) -> dict[str, object]:
        payload = envelope["payload"]
        assert isinstance(payload, dict)
        if payload.get("order_no") != "SO-BAD":
            return {"outcome": "accepted"}
        if not rejected_once:
            rejected_once.add(str(envelope["event_id"]))
            return {"outcome": "rejected", "error_code": "BAD_STATE", "error_message": "no"}
        return {
            "outcome": "rejected",
            "error_code": EARLIER_EVENT_REJECTED,
            "error_message": "an earlier event of this order was rejected",
        }

    oms = ScriptedOms(decide)
    report = pusher(store, oms).push_all()
    assert (report.rejected, report.deferred, report.accepted) == (1, 1, 1)
    assert statuses(store) == {1: "rejected", 2: "pending", 3: "accepted"}
    with store.read_session() as session:
        counts = outbox_counts(session)
        assert (counts.held, counts.rejected) == (1, 1)
        # One exception record: for the event the OMS really refused.
        assert len(session.scalars(select(ExceptionRecord)).all()) == 1
