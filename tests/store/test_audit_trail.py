"""The audit trail over a store the real floor services filled: each row's subject, every
filter, paging, the CSV export and personal data staying out of it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from sqlalchemy import text

from app import errors
from app.queries.audit_csv import AUDIT_COLUMNS, CSV_ENCODING, export_audit_csv
from app.queries.audit_trail import (
    AuditFilter,
    AuditRow,
    audit_page,
    iter_audit_rows,
    read_audit_choices,
    read_audit_page,
)
from app.services.audit import record_audit
from local_db.store import Store
from tests.store.day_scenario import BATCH, COUNTER, HELD_ORDER_NO, ORDER_NO, play_day
from tests.store.support import BINS, DOCK, PICKER, SUPERVISOR, run

HEADERS = [f"h{i}" for i in range(AUDIT_COLUMNS)]
PERSONAL = ("张三", "13800000000", "科技园", "南山", "深圳")


@pytest.fixture
def day(store: Store) -> Store:
    play_day(store)
    return store


def rows(store: Store, audit_filter: AuditFilter | None = None) -> list[AuditRow]:
    with store.read_connection() as connection:
        return list(iter_audit_rows(connection, audit_filter or AuditFilter(), chunk=4))


def actions(store: Store, audit_filter: AuditFilter) -> list[str]:
    return [row.action for row in rows(store, audit_filter)]


def test_each_row_names_its_order_sku_bin_and_batch(day: Store) -> None:
    """Pick, putaway, move, freeze, damage, count and adjustment rows name only a task, a
    stock row, a move or a number: their subject comes from the record they name."""
    subjects = {
        (row.action, row.order_no, row.sku_id, row.bin, row.to_bin, row.batch_no)
        for row in rows(day)
    }
    assert {
        ("receive_inbound", "IN-AUDIT-1", "", "", "", ""),
        ("putaway", "", "SKU-A", DOCK, BINS[0], ""),
        ("putaway", "", "SKU-B", DOCK, BINS[1], BATCH),
        ("move_stock", "", "SKU-A", BINS[0], BINS[2], ""),
        ("allocate_outbound", ORDER_NO, "", "", "", ""),
        ("confirm_pick", ORDER_NO, "SKU-A", BINS[0], "", ""),
        ("pack_order", ORDER_NO, "", "", "", ""),
        ("start_cycle_count", "", "", BINS[2], "", ""),
        ("submit_count", "", "", BINS[2], "", ""),
        ("freeze", "", "SKU-B", BINS[1], "", BATCH),
        ("mark_damaged", "", "SKU-A", BINS[0], "", ""),
        ("adjust_stock", "", "SKU-A", BINS[0], "", ""),
    } <= subjects


def test_before_after_and_reason_are_shown(day: Store) -> None:
    (freeze,) = rows(day, AuditFilter(actions=("freeze",)))
    assert freeze.operator == SUPERVISOR
    assert freeze.reason == "QC hold"
    assert ("frozen", "0", "2") in [(c.key, c.before, c.after) for c in freeze.changes]
    (write_off,) = rows(day, AuditFilter(actions=("adjust_stock",)))
    assert write_off.reason == "LOST"


def test_newest_first_and_pages_cover_every_row_once(day: Store) -> None:
    everything = rows(day)
    assert [row.id for row in everything] == sorted((row.id for row in everything), reverse=True)
    seen: list[int] = []
    before: int | None = None
    with day.read_connection() as connection:
        while True:
            page = audit_page(connection, AuditFilter(), before_id=before, limit=3)
            assert len(page.rows) <= 3
            seen += [row.id for row in page.rows]
            if page.next_before_id is None:
                break
            before = page.next_before_id
    assert seen == [row.id for row in everything]


def test_filter_by_operator(day: Store) -> None:
    assert set(actions(day, AuditFilter(operator=COUNTER))) == {"start_cycle_count", "submit_count"}
    assert actions(day, AuditFilter(operator=SUPERVISOR)) == ["freeze"]


def test_filter_by_actions(day: Store) -> None:
    chosen = ("putaway", "move_stock")
    assert sorted(actions(day, AuditFilter(actions=chosen))) == [
        "move_stock",
        "putaway",
        "putaway",
        "putaway",
    ]


def test_filter_by_time_range(day: Store) -> None:
    everything = rows(day)[::-1]  # oldest first
    assert len({row.occurred_at for row in everything}) == len(everything)
    since, until = everything[3].occurred_at, everything[7].occurred_at
    window = rows(day, AuditFilter(since=since, until=until))
    assert [row.id for row in window] == [row.id for row in everything[3:7]][::-1]


def test_filter_by_order_finds_picks_through_their_task(day: Store) -> None:
    assert actions(day, AuditFilter(order_no=ORDER_NO)) == [
        "pack_order",
        "confirm_pick",
        "allocate_outbound",
    ]
    assert actions(day, AuditFilter(order_no=HELD_ORDER_NO)) == ["allocate_outbound"]
    assert actions(day, AuditFilter(order_no="IN-AUDIT-1")) == [
        "receive_inbound",
        "inbound_order_created",
    ]


def test_filter_by_sku(day: Store) -> None:
    assert actions(day, AuditFilter(sku_id="SKU-B")) == ["freeze", "putaway"]


def test_filter_by_bin_matches_either_end_of_a_move(day: Store) -> None:
    assert actions(day, AuditFilter(bin=BINS[2])) == [
        "submit_count",
        "start_cycle_count",
        "move_stock",
        "putaway",
    ]


def test_filters_combine(day: Store) -> None:
    assert actions(day, AuditFilter(sku_id="SKU-A", bin=BINS[0], operator=PICKER)) == [
        "adjust_stock",
        "mark_damaged",
        "confirm_pick",
        "move_stock",
        "putaway",
    ]


def test_rows_naming_nothing_known_are_found_through_their_json(day: Store) -> None:
    """A writer that names a record the trail does not know (a later page's decision, say)
    is still found by the order, SKU and bin keys of its before/after."""
    run(
        day,
        lambda uow: record_audit(
            uow,
            operator=SUPERVISOR,
            action="console_decision",
            entity="something_new",
            entity_key="42",
            before={"location_code": BINS[1]},
            after={"order_no": "SO-JSON", "sku_id": "SKU-Z", "batch_no": "B9", "reason": "R1"},
        ),
    )
    (row,) = rows(day, AuditFilter(order_no="SO-JSON"))
    assert (row.sku_id, row.bin, row.batch_no, row.reason) == ("SKU-Z", BINS[1], "B9", "R1")
    assert rows(day, AuditFilter(sku_id="SKU-Z")) == [row]
    assert row in rows(day, AuditFilter(bin=BINS[1]))


def test_a_malformed_row_never_stops_the_others(day: Store) -> None:
    with day.unit_of_work() as uow:
        uow.session.execute(
            text(
                "INSERT INTO audit_log (occurred_at, operator, action, entity, entity_key, "
                "before_json, after_json) VALUES ('2026-01-01 00:00:00', 'X', 'odd', "
                "'pick_task', 'not a number', '{broken', '[1, 2]')"
            )
        )
        uow.commit()
    everything = rows(day)
    (odd,) = [row for row in everything if row.action == "odd"]
    assert (odd.order_no, odd.sku_id, odd.bin) == ("", "", "")
    assert len(everything) > 10


def test_an_operator_cannot_read_the_trail(day: Store) -> None:
    with pytest.raises(errors.NotAllowed):
        read_audit_page(day, PICKER, AuditFilter())
    with pytest.raises(errors.NotAllowed):
        read_audit_choices(day, PICKER)
    choices = read_audit_choices(day, SUPERVISOR)
    assert {PICKER, COUNTER, SUPERVISOR} <= set(choices.operators)
    assert "confirm_pick" in choices.actions


def _export(store: Store, folder: Path, audit_filter: AuditFilter) -> list[list[str]]:
    outcome = export_audit_csv(
        store,
        SUPERVISOR,
        audit_filter,
        folder,
        headers=HEADERS,
        word_action=lambda code: f"动作:{code}",
        now=dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC),
    )
    assert outcome.problem is None
    raw = outcome.path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    table = list(csv.reader(io.StringIO(raw.decode(CSV_ENCODING), newline="")))
    assert outcome.written == len(table) - 1
    return table


def test_csv_holds_the_filtered_rows_in_words(day: Store, tmp_path: Path) -> None:
    table = _export(day, tmp_path, AuditFilter(order_no=ORDER_NO))
    assert table[0] == HEADERS
    assert [line[2] for line in table[1:]] == [
        "动作:pack_order",
        "动作:confirm_pick",
        "动作:allocate_outbound",
    ]
    pick = table[2]
    assert pick[1] == PICKER and pick[3] == ORDER_NO and pick[4] == "SKU-A" and pick[5] == BINS[0]
    assert "picked_qty: 0 → 3" in pick[8]
    move = _export(day, tmp_path, AuditFilter(actions=("move_stock",)))[1]
    assert move[5] == f"{BINS[0]} → {BINS[2]}"


def test_personal_data_is_in_neither_the_rows_nor_the_csv(day: Store, tmp_path: Path) -> None:
    """The orders carry a consignee, phone and address (tests.store.support.command); a
    writer that slips personal keys into before/after is not shown either."""
    with day.read_connection() as connection:
        stored = connection.execute(text("SELECT consignee, phone FROM outbound_order")).all()
    assert ("张三", "13800000000") in stored
    run(
        day,
        lambda uow: record_audit(
            uow,
            operator=PICKER,
            action="careless_writer",
            entity="outbound_order",
            entity_key=ORDER_NO,
            after={"consignee": "张三", "phone": "13800000000", "address": "科技园 1 号"},
        ),
    )
    shown = repr(rows(day))
    exported = repr(_export(day, tmp_path, AuditFilter()))
    assert "careless_writer" in exported
    for personal in PERSONAL:
        assert personal not in shown
        assert personal not in exported


def test_export_to_a_folder_that_refuses_says_so_and_leaves_nothing(
    day: Store, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    not_a_folder = out / "file"
    not_a_folder.write_text("x")
    outcome = export_audit_csv(
        day,
        SUPERVISOR,
        AuditFilter(),
        not_a_folder,
        headers=HEADERS,
        word_action=str,
    )
    assert (outcome.problem, outcome.written) == ("not_writable", 0)
    assert [path.name for path in out.iterdir()] == ["file"]


def test_an_operator_cannot_export(day: Store, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(errors.NotAllowed):
        export_audit_csv(day, PICKER, AuditFilter(), out, headers=HEADERS, word_action=str)
    assert list(out.iterdir()) == []
