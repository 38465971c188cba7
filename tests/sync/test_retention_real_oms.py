"""Pruning the station's sync history (#12.11) against the real OMS process. Seed 000 §4.4
(状态回传: 幂等检查 — a callback already processed is not applied again) and §6.2 (接口幂等设计):
after old accepted outbox rows and applied feed entries are pruned, a feed page served again
applies nothing twice (the committed cursor guards it), and an event pushed again after
both sides pruned it is answered ``duplicate`` by the OMS and changes nothing. Pending and
rejected rows and the recent history (the stock card, the live board) stay."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import ColumnElement, func, select, text

from app.queries.board.snapshot import BoardSettings, read_board
from app.queries.stock_card import InquiryKind, StockInquiry, stock_card
from local_db.models import (
    AppliedFeedEntry,
    AuditLog,
    ExceptionRecord,
    OutboundOrder,
    OutboxEvent,
    Stock,
)
from local_db.models.base import Base
from local_db.store import Store
from local_db.types import to_sqlite_utc, utc_now
from station.sync_wiring import floor_hooks
from sync.client import OmsClient
from sync.credentials import load_token
from sync.engine import SyncEngine, SyncSettings
from sync.feed_page import TolerantFeedPage
from sync.outbox_queue import build_envelope
from sync.pull import Puller
from sync.retention import prune_sync_history
from sync.state import feed_cursor, station_identity
from tests.support.oms_process import RunningOms
from tests.sync.floor_work import create_command, pick
from tests.sync.real_oms import (
    OWNER,
    SKU,
    enrolled_station,
    oms_on_hand,
    queue_found_goods,
    sync_round,
)

OLD = dt.timedelta(days=200)


@pytest.fixture
def station(oms_demo_server: RunningOms, tmp_path: Path) -> Iterator[tuple[Store, SyncEngine]]:
    store, _ = enrolled_station(oms_demo_server, tmp_path / "station.sqlite3")
    engine = SyncEngine(store, SyncSettings(feed_page_size=50), hooks=floor_hooks())
    yield store, engine
    engine.close()
    store.close()


def _age_everything(store: Store) -> None:
    """What the station has so far happened, was accepted and applied 200 days ago."""
    old = to_sqlite_utc(utc_now() - OLD)
    with store.unit_of_work() as uow:
        connection = uow.session.connection()
        connection.execute(
            text(
                "UPDATE outbox_event SET occurred_at = :t, accepted_at = :t "
                "WHERE status = 'accepted'"
            ),
            {"t": old},
        )
        connection.execute(text("UPDATE outbox_event SET occurred_at = :t"), {"t": old})
        connection.execute(text("UPDATE applied_feed_entry SET applied_at = :t"), {"t": old})
        uow.commit()


def _count(store: Store, *where: ColumnElement[bool], model: type[Base] = OutboxEvent) -> int:
    with store.read_session() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _reject_one_old_row(store: Store) -> OutboxEvent:
    """An old event of an order the OMS refused, with its open record (as the pusher leaves
    it)."""
    with store.unit_of_work() as uow:
        row = uow.session.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.status == "accepted", OutboxEvent.order_no.is_not(None))
            .order_by(OutboxEvent.id)
        ).first()
        assert row is not None
        row.status, row.accepted_at, row.reject_code = "rejected", None, "TEST"
        uow.session.add(
            ExceptionRecord(
                exception_type="OMS_REJECTED",
                severity="high",
                status="open",
                outbox_event_id=row.id,
            )
        )
        uow.commit()
        return row


def _hold_behind(store: Store, event_id: str, rejected: OutboxEvent) -> None:
    """A pending event of the refused event's order: held, so it stays pending."""
    with store.unit_of_work() as uow:
        uow.session.execute(
            text("UPDATE outbox_event SET order_no = :o WHERE event_id = :e"),
            {"o": rejected.order_no, "e": event_id},
        )
        uow.commit()


class OverlappingFeed:
    """An OMS that serves the feed from its start whatever the station asks (the contract
    allows overlapping pages: the station must skip what it applied)."""

    def __init__(self, client: OmsClient) -> None:
        self._client = client

    def feed(self, warehouse_id: str, after: int, limit: int) -> TolerantFeedPage:
        return self._client.feed(warehouse_id, 0, limit)


def _floor_state(store: Store) -> tuple[int, int, int, int]:
    with store.read_session() as session:
        return (
            int(session.scalar(select(func.count()).select_from(OutboundOrder)) or 0),
            int(session.scalar(select(func.sum(Stock.on_hand))) or 0),
            int(session.scalar(select(func.sum(Stock.locked))) or 0),
            int(session.scalar(select(func.max(OutboxEvent.station_seq))) or 0),
        )


def test_pruning_keeps_the_queue_and_recent_history_and_nothing_applies_twice(
    oms_demo_server: RunningOms, station: tuple[Store, SyncEngine]
) -> None:
    store, engine = station
    sync_round(engine)
    order_no = create_command(oms_demo_server, SKU, 2)
    sync_round(engine)
    pick(store, order_no)
    sync_round(engine)
    with store.read_session() as session:
        identity = station_identity(session)
    _age_everything(store)
    rejected = _reject_one_old_row(store)
    rejected_id = rejected.id
    (old_pending,) = queue_found_goods(store, 1)  # waiting for the OMS since long ago
    _hold_behind(store, old_pending, rejected)
    _age_everything(store)
    recent_order = create_command(oms_demo_server, SKU, 1)  # today's work
    sync_round(engine)
    pick(store, recent_order)
    sync_round(engine)
    long_ago = utc_now() - OLD / 2
    with store.read_session() as session:
        pruned_envelope = build_envelope(
            session.scalars(
                select(OutboxEvent).where(
                    OutboxEvent.status == "accepted",
                    OutboxEvent.event_type == "picked_lines",
                    OutboxEvent.occurred_at < long_ago,
                )
            ).one(),
            identity,
        )
    recent = _count(store, OutboxEvent.status == "accepted", OutboxEvent.occurred_at > long_ago)
    assert recent >= 2
    old_accepted = _count(
        store, OutboxEvent.status == "accepted", OutboxEvent.occurred_at < long_ago
    )
    assert old_accepted >= 5
    audit_rows = _count(store, model=AuditLog)
    feed_rows = _count(store, model=AppliedFeedEntry)
    old_feed_rows = _count(
        store, AppliedFeedEntry.applied_at < utc_now() - OLD / 2, model=AppliedFeedEntry
    )
    assert 0 < old_feed_rows < feed_rows
    with store.read_session() as session:
        cursor = feed_cursor(session)
    floor_before = _floor_state(store)

    batches: list[int] = []
    report = prune_sync_history(store, 90, batch_size=2, pause=lambda: batches.append(1))

    # Old accepted rows are gone, in batches of two; the queue and the refused row stay.
    assert report.outbox_rows == old_accepted
    assert report.batches == len(batches) >= old_accepted // 2
    assert _count(store, OutboxEvent.status == "accepted") == recent
    assert _count(store, OutboxEvent.event_id == old_pending, OutboxEvent.status == "pending") == 1
    assert _count(store, OutboxEvent.id == rejected_id, OutboxEvent.status == "rejected") == 1
    # The audit trail keeps every row; only links to pruned events are cut.
    assert _count(store, model=AuditLog) == audit_rows
    # The applied-feed log loses its old rows, all below the cursor; the newest is kept.
    assert report.feed_log_rows == old_feed_rows
    with store.read_session() as session:
        assert session.scalar(select(func.max(AppliedFeedEntry.seq))) == cursor
        # The stock card still shows today's pick; the old one is beyond the horizon.
        card = stock_card(
            session.connection(),
            StockInquiry(InquiryKind.SKU, SKU, owner_id=OWNER, sku_id=SKU),
        )
    assert {line.reference for line in card.lines} == {recent_order}
    assert sum(line.delta for line in card.lines if line.bucket == "on_hand") == -1
    now = utc_now()
    board = read_board(store, now, now - dt.timedelta(hours=12), BoardSettings())
    assert board.sync  # the board reads its figures from what is kept

    # A feed served again from its start applies nothing: the cursor guards what the log
    # no longer holds.
    token = load_token(identity.station_id)
    with OmsClient(identity.oms_url, token) as client:
        puller = Puller(
            store,
            OverlappingFeed(client),  # type: ignore[arg-type]
            identity,
            apply_entry=floor_hooks().apply_entry,
            refusals=floor_hooks().refusals,
            apply_page=floor_hooks().apply_page,
            page_size=2000,
        )
        replay = puller.pull_all()
        assert replay.applied == 0
        assert _floor_state(store) == floor_before

        # The OMS prunes too; the pick pushed again is a duplicate and changes nothing.
        pruned = oms_demo_server.admin_post("/retention/prune", {"keep_days": 0})
        assert pruned.status_code == 200, pruned.text
        assert pruned.json()["feed_entries"] > 0
        on_hand = oms_on_hand(oms_demo_server)
        order = oms_demo_server.admin_get(f"/orders/{order_no}").json()
        answer = client.push([pruned_envelope])
        assert [r.outcome for r in answer.results] == ["duplicate"]
        assert oms_on_hand(oms_demo_server) == on_hand
        assert oms_demo_server.admin_get(f"/orders/{order_no}").json() == order

    # Syncing goes on; the held event still waits for a supervisor.
    sync_round(engine)
    assert _count(store, OutboxEvent.event_id == old_pending, OutboxEvent.status == "pending") == 1


def test_the_engine_prunes_after_a_good_round_once_a_day(
    oms_demo_server: RunningOms, station: tuple[Store, SyncEngine]
) -> None:
    store, engine = station
    sync_round(engine)  # the first good round prunes (nothing is old yet)
    order_no = create_command(oms_demo_server, SKU, 1)
    sync_round(engine)
    pick(store, order_no)
    sync_round(engine)
    _age_everything(store)
    old = _count(store, OutboxEvent.status == "accepted")
    assert old > 1
    sync_round(engine)  # the same day: no second prune
    assert _count(store, OutboxEvent.status == "accepted") == old

    restarted = SyncEngine(store, SyncSettings(feed_page_size=50), hooks=floor_hooks())
    try:
        sync_round(restarted)  # a new day (here: a new engine) prunes after its first round
    finally:
        restarted.close()
    assert _count(store, OutboxEvent.status == "accepted") <= 1  # the newest row stays
    assert _count(store, model=AppliedFeedEntry) >= 1
