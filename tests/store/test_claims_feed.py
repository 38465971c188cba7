"""The feed's claim entries at a station (#14), on a real store file: another station's claim
shows the order as taken and next task skips it; a release frees it; a conflict where this
station held the claim becomes a CLAIM_CONFLICT record for its supervisor.

Seed 002 §模块2 (关键技术: 分布式锁 — 库存预占并发控制): one order, one worker at a time; seed 003
(分离模型, 网络中断时仓库作业不能停): the claim is known locally, so the station works on offline.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json

from app.feed.apply import apply_feed_entry
from app.queries.pick_tasks import next_workable_order
from app.queries.task_list import TaskFilter, fetch_tasks
from app.services import claims
from local_db.store import Store
from oms_contract.claims import ClaimConflict, ClaimReleaseReason, OrderClaimed, OrderClaimReleased
from oms_contract.sync_api import FeedBody, FeedEntry, OutboundCommandCreated
from tests.store.support import BINS, add_stock, command, exceptions, run

NOW = dt.datetime.now(dt.UTC)
ME, OTHER = "ST-1", "ST-2"
_seq = itertools.count(1)


def apply(store: Store, body: FeedBody) -> str:
    entry = FeedEntry(seq=next(_seq), created_at=NOW, body=body)
    return run(store, lambda uow: apply_feed_entry(uow, entry, ME))


def two_orders(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 10)
    for order_no in ("SO-1", "SO-2"):
        apply(store, OutboundCommandCreated(command=command(order_no, [("SKU-A", 1)])))


def taken(store: Store) -> dict[str, str | None]:
    with store.read_session() as session:
        rows = fetch_tasks(session, TaskFilter(), NOW, 0, 50)
    return {row.order_no: row.taken_by for row in rows}


def claimed(order_no: str, device_id: str, name: str) -> OrderClaimed:
    lease = NOW + dt.timedelta(minutes=30)
    return OrderClaimed(
        order_no=order_no, device_id=device_id, station_name=name, lease_expires_at=lease
    )


def test_another_stations_claim_shows_taken_and_next_task_skips_it(store: Store) -> None:
    two_orders(store)
    assert next_workable_order(store) == "SO-1"

    apply(store, claimed("SO-1", OTHER, "Pack line 2"))

    assert taken(store) == {"SO-1": "Pack line 2", "SO-2": None}
    assert next_workable_order(store) == "SO-2"
    with store.read_session() as session:
        assert not claims.holds_claim(session, "SO-1")

    apply(
        store, OrderClaimReleased(order_no="SO-1", device_id=OTHER, reason=ClaimReleaseReason.LEFT)
    )
    assert taken(store) == {"SO-1": None, "SO-2": None}
    assert next_workable_order(store) == "SO-1"


def test_own_claim_from_the_feed_is_mine_and_a_stale_release_keeps_a_newer_holder(
    store: Store,
) -> None:
    two_orders(store)
    apply(store, claimed("SO-1", ME, "here"))
    with store.read_session() as session:
        assert claims.holds_claim(session, "SO-1")
    assert next_workable_order(store) == "SO-1"  # this station's own claim is no obstacle

    apply(store, claimed("SO-2", OTHER, "B"))
    # A late release of an earlier holder (this station) does not free B's claim.
    apply(
        store, OrderClaimReleased(order_no="SO-2", device_id=ME, reason=ClaimReleaseReason.EXPIRED)
    )
    assert taken(store)["SO-2"] == "B"


def test_a_conflict_reaches_the_holders_supervisor_only(store: Store) -> None:
    two_orders(store)
    apply(store, ClaimConflict(order_no="SO-1", holder_device_id=ME, loser_device_id=OTHER))
    apply(store, ClaimConflict(order_no="SO-2", holder_device_id=OTHER, loser_device_id=ME))

    (record,) = exceptions(store, "CLAIM_CONFLICT")
    assert record.order_no == "SO-1"
    assert record.detail_code == "CLAIM_CONFLICT_AT_HOLDER"
    assert json.loads(record.detail_args_json or "{}") == {"order": "SO-1", "station": OTHER}
