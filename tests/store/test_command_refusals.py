"""Outbound commands the station cannot receive are answered FAIL, each with its own code.

Seed 000 §2.3 (WMS接收处理): any failure to receive a command is answered
``sendReceiveCallback(commandId, "FAIL", message)``; §5.1 (常见异常场景): SKU不存在 → 检查主数据.
A command for another warehouse, an unknown owner or an unknown SKU keeps no order, writes
one FAIL receipt with WAREHOUSE_MISMATCH / OWNER_NOT_FOUND / SKU_NOT_FOUND and one
COMMAND_REFUSED record, once however often the feed entry is applied, on the single-entry
path and the feed-page path alike.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable

import pytest
from sqlalchemy import select

from app.feed.apply import apply_feed_entry, apply_feed_page
from app.services.command_refusals import COMMAND_REFUSED
from local_db.models import OutboundOrder
from local_db.store import Store
from oms_contract.documents import CancelRequest, OutboundCommand
from oms_contract.sync_api import CancelRequested, FeedBody, FeedEntry, OutboundCommandCreated
from tests.store.support import (
    BINS,
    WAREHOUSE,
    add_stock,
    check_invariants,
    command,
    db_state,
    events,
    exceptions,
    run,
)

NOW = dt.datetime.now(dt.UTC)
_seq = itertools.count(1)

Apply = Callable[[Store, list[FeedBody]], list[str]]


def _entries(bodies: list[FeedBody]) -> list[FeedEntry]:
    return [FeedEntry(seq=next(_seq), created_at=NOW, body=body) for body in bodies]


def _one_by_one(store: Store, bodies: list[FeedBody]) -> list[str]:
    return [run(store, lambda uow, e=e: apply_feed_entry(uow, e, "ST-1")) for e in _entries(bodies)]


def _as_a_page(store: Store, bodies: list[FeedBody]) -> list[str]:
    outcomes = run(store, lambda uow: apply_feed_page(uow, _entries(bodies), "ST-1"))
    return [str(outcome) for outcome in outcomes]


PATHS = pytest.mark.parametrize("apply", [_one_by_one, _as_a_page], ids=["entry", "page"])


def _created(cmd: OutboundCommand) -> OutboundCommandCreated:
    return OutboundCommandCreated(command=cmd)


def _bad_commands() -> dict[str, OutboundCommand]:
    return {
        "WAREHOUSE_MISMATCH": command("SO-WH", [("SKU-A", 1)]).model_copy(
            update={"warehouse_id": "WH9"}
        ),
        "OWNER_NOT_FOUND": command("SO-OW", [("SKU-A", 1)], owner_id="GHOST"),
        "SKU_NOT_FOUND": command("SO-SKU", [("SKU-A", 1), ("SKU-NOPE", 2)]),
        # Seed 003 (批次指定出库): a batch named for SKU-A, kept without batches here.
        "BATCH_NOT_MANAGED": command("SO-BAT", [("SKU-A", 1, "L1")]),
    }


@PATHS
@pytest.mark.parametrize(
    "code", ["WAREHOUSE_MISMATCH", "OWNER_NOT_FOUND", "SKU_NOT_FOUND", "BATCH_NOT_MANAGED"]
)
def test_a_command_that_cannot_be_received_is_answered_fail_with_its_code_once(
    store: Store, apply: Apply, code: str
) -> None:
    """One FAIL receipt with the code and a plain message, one COMMAND_REFUSED record
    pointing at it, no order (an unknown SKU is no shortage waiting for stock); the same
    entry again changes nothing (seed 000 §2.3, §5.1)."""
    add_stock(store, BINS[0], "SKU-A", 5)
    bad = _bad_commands()[code]
    assert apply(store, [_created(bad)]) == [f"order {bad.order_no} refused: {code}"]
    before = db_state(store)
    assert apply(store, [_created(bad)]) == [f"duplicate: order {bad.order_no} already refused"]
    assert db_state(store) == before

    [receipt] = events(store, "outbound_received")
    assert (receipt["command_id"], receipt["result"], receipt["error_code"]) == (
        bad.command_id,
        "FAIL",
        code,
    )
    assert bad.order_no in receipt["error_message"]
    [record] = exceptions(store, COMMAND_REFUSED)
    assert (record.order_no, record.detail_code, record.status) == (bad.order_no, code, "open")
    assert json.loads(record.detail_args_json)["command"] == bad.command_id
    assert record.outbox_event_id is not None
    assert exceptions(store, "STOCK_SHORTAGE") == []
    with store.read_session() as session:
        assert session.scalars(select(OutboundOrder)).all() == []
    check_invariants(store)


def test_the_messages_say_what_the_oms_user_does(store: Store) -> None:
    """SKU missing → check master data (seed 000 §5.1); another warehouse → re-route."""
    for bad in _bad_commands().values():
        _one_by_one(store, [_created(bad)])
    messages = {e["error_code"]: e["error_message"] for e in events(store, "outbound_received")}
    assert "SKU-NOPE" in messages["SKU_NOT_FOUND"]
    assert "Check master data" in messages["SKU_NOT_FOUND"]
    assert "GHOST" in messages["OWNER_NOT_FOUND"]
    assert "Check master data" in messages["OWNER_NOT_FOUND"]
    assert "WH9" in messages["WAREHOUSE_MISMATCH"] and WAREHOUSE in messages["WAREHOUSE_MISMATCH"]
    assert "Re-route" in messages["WAREHOUSE_MISMATCH"]


@PATHS
def test_one_bad_command_in_a_page_does_not_stop_the_others(store: Store, apply: Apply) -> None:
    """Good commands around the refused ones are received and allocated, and the outbox
    keeps the feed's order (seed 000 §2.3: each command is answered on its own)."""
    add_stock(store, BINS[0], "SKU-A", 5)
    bad = list(_bad_commands().values())
    good = [command(f"SO-G{n}", [("SKU-A", 1)]) for n in range(3)]
    page = [good[0], bad[0], good[1], bad[1], bad[2], good[2]]
    outcomes = apply(store, [_created(c) for c in page])
    assert [o.split(" ", 2)[2] for o in outcomes] == [
        "received and allocated",
        "refused: WAREHOUSE_MISMATCH",
        "received and allocated",
        "refused: OWNER_NOT_FOUND",
        "refused: SKU_NOT_FOUND",
        "received and allocated",
    ]
    receipts = [(e["order_no"], e["result"]) for e in events(store, "outbound_received")]
    assert receipts == [(c.order_no, "SUCCESS" if c in good else "FAIL") for c in page]
    with store.read_session() as session:
        statuses = {o.order_no: o.status for o in session.scalars(select(OutboundOrder))}
    assert statuses == {c.order_no: "ALLOCATED" for c in good}
    check_invariants(store)


def test_a_cancel_of_a_refused_order_is_answered_cancelled(store: Store) -> None:
    """The OMS user may cancel the failed order: the station has nothing to stop and says
    CANCELLED, so the OMS can close it (a cancel of an order never sent stays refused)."""
    bad = _bad_commands()["SKU_NOT_FOUND"]
    _one_by_one(store, [_created(bad)])
    cancel = CancelRequested(cancel=CancelRequest(order_no=bad.order_no, warehouse_id=WAREHOUSE))
    answered = f"order {bad.order_no} was refused here; cancel answered"
    assert _one_by_one(store, [cancel]) == [answered]
    assert [e["result"] for e in events(store, "cancel_result")] == ["CANCELLED"]


def test_the_same_order_under_a_new_command_is_judged_again(store: Store) -> None:
    """Re-routed back here once master data has the SKU, the order is received."""
    bad = _bad_commands()["SKU_NOT_FOUND"]
    _one_by_one(store, [_created(bad)])
    fixed = command(bad.order_no, [("SKU-A", 1)]).model_copy(update={"command_id": "CMD-R1"})
    add_stock(store, BINS[0], "SKU-A", 1)
    assert _one_by_one(store, [_created(fixed)]) == [f"order {bad.order_no} received and allocated"]
