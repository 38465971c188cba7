"""Feed pull bookkeeping against a real SQLite store, with a scripted feed and a recording
applier (the real floor services are exercised in the end-to-end tests)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from local_db.errors import StoreProblem, StoreUnavailable
from local_db.models.records import ExceptionRecord
from local_db.models.sync import AppliedFeedEntry, SyncState
from local_db.store import Store, UnitOfWork, open_store
from oms_contract.sync_api import FeedEntry
from sync.client import OmsClient
from sync.credentials import Token
from sync.errors import ContractError
from sync.exception_details import FEED_ENTRY_SKIPPED
from sync.pull import FEED_CURSOR_REFUSED, FEED_REFUSED, Puller
from sync.state import LAST_ERROR, StationIdentity, feed_cursor, read_state
from tests.sync.helpers import NOW, enrol_locally

IDENTITY = StationIdentity("ST-1", "WH1", "http://oms.test")


class Unappliable(Exception):
    """Stands in for app.errors.MalformedFeedEntry."""


def entry(seq: int, order_no: str | None = None) -> dict[str, object]:
    return {
        "seq": seq,
        "created_at": NOW.isoformat(),
        "body": {
            "kind": "cancel_requested",
            "cancel": {"order_no": order_no or f"SO{seq}", "warehouse_id": "WH1"},
        },
    }


class ScriptedFeed:
    """Serves ``entries`` after the requested cursor, ``limit`` at a time."""

    def __init__(self, entries: list[dict[str, object]]) -> None:
        self.entries = entries
        self.requests: list[int] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        after = int(request.url.params["after"])
        limit = int(request.url.params["limit"])
        self.requests.append(after)
        rest = [e for e in self.entries if int(str(e["seq"])) > after]
        page = rest[:limit]
        next_cursor = int(str(page[-1]["seq"])) if page else after
        body = {"entries": page, "next_cursor": next_cursor, "has_more": len(rest) > limit}
        return httpx.Response(200, json=body)


class RecordingApplier:
    """Applies an entry by writing a marker row; refuses or breaks on request."""

    def __init__(self) -> None:
        self.refuse: set[str] = set()
        self.break_on: set[str] = set()

    def __call__(self, uow: UnitOfWork, feed_entry: FeedEntry, station_id: str) -> str:
        body = feed_entry.body
        assert body.kind == "cancel_requested"
        order_no = body.cancel.order_no
        uow.session.add(SyncState(key=f"applied:{feed_entry.seq}", value=order_no))
        uow.session.flush()
        if order_no in self.refuse:
            raise Unappliable(f"order {order_no} cannot be cancelled here")
        if order_no in self.break_on:
            raise RuntimeError("a bug")
        return f"cancelled {order_no}"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "station.sqlite3")
    enrol_locally(store, IDENTITY)
    yield store
    store.close()


def puller(
    store: Store, feed: ScriptedFeed, applier: RecordingApplier, page_size: int = 2, **kw: object
) -> Puller:
    client = OmsClient("http://oms.test", Token("t0ken"), transport=httpx.MockTransport(feed))
    return Puller(
        store,
        client,
        IDENTITY,
        apply_entry=applier,
        refusals=(Unappliable,),
        page_size=page_size,
        **kw,  # type: ignore[arg-type]
    )


def applied_markers(store: Store) -> dict[str, str]:
    with store.read_session() as session:
        rows = session.scalars(select(SyncState).where(SyncState.key.like("applied:%")))
        return {row.key: row.value for row in rows}


def applied_log(store: Store) -> dict[int, str]:
    with store.read_session() as session:
        return {row.seq: row.outcome for row in session.scalars(select(AppliedFeedEntry))}


def test_pages_through_the_feed_and_moves_the_cursor(store: Store) -> None:
    feed = ScriptedFeed([entry(n) for n in range(1, 6)])
    report = puller(store, feed, RecordingApplier()).pull_all()
    assert (report.pages, report.applied) == (3, 5)
    assert feed.requests == [0, 2, 4]
    assert len(applied_markers(store)) == 5
    assert applied_log(store)[3] == "cancelled SO3"
    with store.read_session() as session:
        assert feed_cursor(session) == 5
    # Nothing new: one request, nothing applied again.
    report = puller(store, feed, RecordingApplier()).pull_all()
    assert report.applied == 0
    assert len(applied_markers(store)) == 5


def test_an_overlapping_page_is_not_applied_twice(store: Store) -> None:
    feed = ScriptedFeed([entry(1), entry(2)])
    puller(store, feed, RecordingApplier()).pull_all()
    # The OMS (or a restored cursor) serves seq 2 again together with a new seq 3.
    with store.unit_of_work() as uow:
        uow.session.merge(SyncState(key="feed_cursor", value="1"))
        uow.commit()
    feed.entries.append(entry(3))
    report = puller(store, feed, RecordingApplier()).pull_all()
    assert report.applied == 1
    assert sorted(applied_log(store)) == [1, 2, 3]


def test_a_kill_before_commit_applies_nothing_and_resumes(store: Store) -> None:
    feed = ScriptedFeed([entry(n) for n in range(1, 5)])

    class Killed(BaseException):
        pass

    def die_on_second_page(seqs: list[int]) -> None:
        if seqs and seqs[0] == 3:
            raise Killed

    with pytest.raises(Killed):
        puller(store, feed, RecordingApplier(), before_commit=die_on_second_page).pull_all()
    assert sorted(applied_log(store)) == [1, 2]
    assert sorted(applied_markers(store)) == ["applied:1", "applied:2"]
    puller(store, feed, RecordingApplier()).pull_all()
    assert sorted(applied_log(store)) == [1, 2, 3, 4]
    assert len(applied_markers(store)) == 4


@pytest.mark.expected_log_errors(
    r"^wms\.sync\.(feed|pull): Feed entry 2 \(cancel_requested\) (is malformed|refused and skipped)"
)
def test_a_malformed_entry_is_recorded_refused_and_the_feed_moves_on(store: Store) -> None:
    bad = entry(2)
    bad["body"] = {"kind": "cancel_requested", "cancel": {"order_no": ""}}
    feed = ScriptedFeed([entry(1), bad, entry(3)])
    report = puller(store, feed, RecordingApplier()).pull_all()
    assert report.applied == 2
    assert len(report.refused) == 1
    log = applied_log(store)
    assert log[2].startswith("refused: ")
    assert "order_no" in log[2]
    with store.read_session() as session:
        record = session.scalars(select(ExceptionRecord)).one()
        assert record.exception_type == FEED_REFUSED
        assert record.status == "open"
        assert json.loads(record.detail_args_json)["seq"] == "2"
        last_error = read_state(session, LAST_ERROR)
        assert last_error is not None
        assert "#2" in last_error
        assert feed_cursor(session) == 3


@pytest.mark.expected_log_errors(
    r"^wms\.sync\.pull: Feed entry 2 \(cancel_requested\) refused and skipped"
)
def test_an_entry_the_services_refuse_leaves_no_partial_effect(store: Store) -> None:
    applier = RecordingApplier()
    applier.refuse.add("SO2")
    feed = ScriptedFeed([entry(1), entry(2), entry(3)])
    puller(store, feed, applier, page_size=10).pull_all()
    assert sorted(applied_markers(store)) == ["applied:1", "applied:3"]
    log = applied_log(store)
    assert log[2] == "refused: Unappliable: order SO2 cannot be cancelled here"


@pytest.mark.expected_log_errors(
    r"^wms\.sync\.pull: Feed entry 2 \(cancel_requested\) (failed to apply|refused and skipped)"
)
def test_an_unexpected_failure_refuses_that_entry_alone(store: Store) -> None:
    """#10.1: any exception applying one entry (here a bug) refuses it alone; the rest of
    the page commits and the cursor moves past it."""
    applier = RecordingApplier()
    applier.break_on.add("SO2")
    feed = ScriptedFeed([entry(1), entry(2), entry(3)])
    report = puller(store, feed, applier, page_size=10).pull_all()
    assert report.applied == 2
    assert sorted(applied_markers(store)) == ["applied:1", "applied:3"]
    assert applied_log(store)[2] == "refused: RuntimeError: a bug"
    with store.read_session() as session:
        assert feed_cursor(session) == 3
        record = session.scalars(select(ExceptionRecord)).one()
    assert record.exception_type == FEED_REFUSED
    assert record.order_no == "SO2"
    assert record.detail_code == FEED_ENTRY_SKIPPED
    assert json.loads(record.detail_args_json) == {
        "seq": "2",
        "kind": "cancel_requested",
        "about": "cancel of SO2",
        "code": "FEED_ENTRY_FAILED",
        "reason": "RuntimeError: a bug",
    }


def test_a_store_fault_rolls_the_page_back_and_is_retried(store: Store) -> None:
    """A full disk is not the entry's fault: nothing of the page is kept, nothing refused."""
    applier = RecordingApplier()

    class FullDisk(RecordingApplier):
        def __call__(self, uow: UnitOfWork, feed_entry: FeedEntry, station_id: str) -> str:
            if feed_entry.seq == 2:
                raise StoreUnavailable(StoreProblem.FULL)
            return applier(uow, feed_entry, station_id)

    feed = ScriptedFeed([entry(1), entry(2), entry(3)])
    with pytest.raises(StoreUnavailable):
        puller(store, feed, FullDisk(), page_size=10).pull_all()
    assert applied_log(store) == {}
    assert applied_markers(store) == {}
    with store.read_session() as session:
        assert feed_cursor(session) == 0
        assert session.scalars(select(ExceptionRecord)).all() == []
    # Once space is freed, the same page applies in full.
    puller(store, feed, RecordingApplier(), page_size=10).pull_all()
    assert sorted(applied_log(store)) == [1, 2, 3]


class JumpingFeed(ScriptedFeed):
    """Serves its entries but claims a ``next_cursor`` of its choosing."""

    def __init__(self, entries: list[dict[str, object]], next_cursor: int) -> None:
        super().__init__(entries)
        self.next_cursor = next_cursor

    def __call__(self, request: httpx.Request) -> httpx.Response:
        after = int(request.url.params["after"])
        self.requests.append(after)
        page = [e for e in self.entries if int(str(e["seq"])) > after]
        body = {"entries": page, "next_cursor": self.next_cursor, "has_more": False}
        return httpx.Response(200, json=body)


@pytest.mark.parametrize(
    ("entries", "next_cursor"),
    [
        ([], 1_000_000),  # an empty page that jumps a million ahead
        ([], 2**70),  # beyond any store's integer
        ([entry(1), entry(2)], 1_000_002),  # past the last entry it sent
    ],
    ids=["empty-jump", "huge", "past-last-entry"],
)
@pytest.mark.expected_log_errors(
    r"^wms\.sync\.pull: Feed page refused: The OMS feed moves the cursor"
)
def test_a_cursor_jump_is_refused_reported_once_and_nothing_moves(
    store: Store, entries: list[dict[str, object]], next_cursor: int
) -> None:
    """#10.5: the cursor moves only to the last entry received."""
    feed = JumpingFeed(entries, next_cursor)
    for _ in range(3):  # the engine retries: still one record
        with pytest.raises(ContractError):
            puller(store, feed, RecordingApplier(), page_size=10).pull_all()
    assert applied_log(store) == {}
    with store.read_session() as session:
        assert feed_cursor(session) == 0
        records = session.scalars(select(ExceptionRecord)).all()
    assert [r.exception_type for r in records] == [FEED_CURSOR_REFUSED]
    assert json.loads(records[0].detail_args_json)["cursor"] == "0"
    # The OMS serves its feed as agreed again: the station reads on from where it was.
    feed.next_cursor = int(str(entries[-1]["seq"])) if entries else 0
    puller(store, feed, RecordingApplier(), page_size=10).pull_all()
    assert sorted(applied_log(store)) == [int(str(e["seq"])) for e in entries]


def test_an_empty_page_behind_the_cursor_keeps_it(store: Store) -> None:
    puller(store, ScriptedFeed([entry(1), entry(2)]), RecordingApplier()).pull_all()
    puller(store, JumpingFeed([], 0), RecordingApplier()).pull_all()
    with store.read_session() as session:
        assert feed_cursor(session) == 2


def test_feed_request_carries_cursor_and_page_size(store: Store) -> None:
    feed = ScriptedFeed([])
    puller(store, feed, RecordingApplier(), page_size=7).pull_all()
    assert feed.requests == [0]
