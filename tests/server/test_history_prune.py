"""Pruning the OMS's sync history (#12.11) keeps idempotency. Seed 000 §4.4 (幂等检查:
``callbackRepository.existsByCallbackId`` — a callback seen before is not applied again) and
§6.2 (接口幂等设计): an event id pushed again after its feed entry (the payload's copy) was
pruned is answered ``duplicate`` and changes nothing; feed entries go only once every
reading station acknowledged them."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from oms_server.cli import parse_args
from oms_server.models import AcceptedEvent, FeedEntryRow, RejectedEvent
from oms_server.retention_schedule import HistoryPruner
from oms_server.schemas import PruneResult
from oms_server.services.feed import feed_head
from tests.server import payloads as p
from tests.server.driver import OmsDriver

LATER = dt.timedelta(days=200)


def _feed_kinds(oms: OmsDriver) -> list[str]:
    assert oms.db is not None
    with oms.db.read_session() as session:
        return list(
            session.scalars(
                select(FeedEntryRow.kind)
                .where(FeedEntryRow.warehouse_id == "WH01")
                .order_by(FeedEntryRow.seq)
            )
        )


def _count(oms: OmsDriver, model: type[AcceptedEvent] | type[RejectedEvent]) -> int:
    assert oms.db is not None
    with oms.db.read_session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _head(oms: OmsDriver) -> int:
    assert oms.db is not None
    with oms.db.read_session() as session:
        return feed_head(session, "WH01")


def test_an_event_pushed_again_after_its_payload_was_pruned_is_a_duplicate(
    demo_oms: OmsDriver,
) -> None:
    station = demo_oms.enrol()
    found = demo_oms.envelope(station, p.adjust("ACME", "ACME-MUG-01", 4, "FOUND"))
    response = demo_oms.push_envelopes(station, found)
    assert response.status_code == 200, response.text
    assert response.json()["results"][0]["outcome"] == "accepted"
    refused = demo_oms.push_one(station, p.adjust("ACME", "NO-SUCH-SKU", 1))
    assert refused.outcome == "rejected"
    on_hand = demo_oms.stock("ACME", "ACME-MUG-01")["on_hand"]
    demo_oms.feed(station, after=_head(demo_oms))  # the station acknowledges the whole feed

    assert demo_oms.db is not None
    pruner = HistoryPruner(demo_oms.db, 90, clock=lambda: dt.datetime.now(dt.UTC) + LATER)
    result = pruner.prune_now()
    assert result.feed_entries > 0
    assert result.rejected_events == 1
    # Only master data is left of the feed: the accepted event's copy is gone.
    assert set(_feed_kinds(demo_oms)) == {"master_data_upserted"}
    assert _count(demo_oms, RejectedEvent) == 0
    assert _count(demo_oms, AcceptedEvent) >= 1  # ids are never pruned

    again = demo_oms.push_envelopes(station, found)
    assert again.status_code == 200, again.text
    assert again.json()["results"][0]["outcome"] == "duplicate"
    assert demo_oms.stock("ACME", "ACME-MUG-01")["on_hand"] == on_hand


def test_entries_a_reading_station_has_not_acknowledged_are_kept(demo_oms: OmsDriver) -> None:
    reader = demo_oms.enrol(name="reader")
    laggard = demo_oms.enrol(name="laggard")
    demo_oms.push_one(reader, p.adjust("ACME", "ACME-MUG-01", 1, "FOUND"))
    head = _head(demo_oms)
    demo_oms.feed(reader, after=head)
    demo_oms.feed(laggard, after=3)  # it has read up to entry 3 only

    assert demo_oms.db is not None
    pruner = HistoryPruner(demo_oms.db, 90, clock=lambda: dt.datetime.now(dt.UTC) + LATER)
    result = pruner.prune_now()
    assert result.acknowledged == {"WH01": 3}
    page = demo_oms.feed(laggard, after=3)
    assert [entry.seq for entry in page.entries] == list(range(4, head + 1))

    # Nothing is younger than the horizon is pruned, acknowledged or not.
    before = len(_feed_kinds(demo_oms))
    assert HistoryPruner(demo_oms.db, 90).prune_now().feed_entries == 0
    assert len(_feed_kinds(demo_oms)) == before


def test_the_admin_endpoint_prunes_now_with_its_own_horizon(demo_oms: OmsDriver) -> None:
    station = demo_oms.enrol()
    demo_oms.push_one(station, p.adjust("ACME", "ACME-MUG-01", 1, "FOUND"))
    demo_oms.feed(station, after=_head(demo_oms))

    kept = demo_oms.admin_post("/retention/prune")  # the server's 90 days: nothing is old
    assert kept.status_code == 200, kept.text
    assert PruneResult.model_validate(kept.json()).feed_entries == 0

    pruned = demo_oms.admin_post("/retention/prune", {"keep_days": 0})
    assert pruned.status_code == 200, pruned.text
    assert PruneResult.model_validate(pruned.json()).feed_entries > 0
    assert set(_feed_kinds(demo_oms)) == {"master_data_upserted"}
    refused = demo_oms.admin_post("/retention/prune", {"keep_days": -1})
    assert refused.status_code == 422, refused.text


def test_a_server_that_keeps_its_history_prunes_only_when_asked(demo_oms: OmsDriver) -> None:
    assert demo_oms.db is not None
    pruner = HistoryPruner(demo_oms.db, 0, clock=lambda: dt.datetime.now(dt.UTC) + LATER)
    station = demo_oms.enrol()
    demo_oms.feed(station, after=_head(demo_oms))
    kept = pruner.prune_now()
    assert (kept.keep_days, kept.feed_entries) == (None, 0)
    assert pruner.prune_now(90).feed_entries > 0


def test_the_servers_horizon_is_checked_when_it_starts(capsys: pytest.CaptureFixture[str]) -> None:
    assert parse_args([]).sync_history_days == 90
    assert parse_args(["--sync-history-days", "0"]).sync_history_days == 0
    assert parse_args(["--sync-history-days", "31"]).sync_history_days == 31
    for wrong in ("7", "5000", "ninety"):
        with pytest.raises(SystemExit):
            parse_args(["--sync-history-days", wrong])
    assert "monitoring reads up to 30 days" in capsys.readouterr().err
