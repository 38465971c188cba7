"""Stock inquiry over a store the real floor services filled: what a scan names, the stock
per bin and batch, and the stock card that adds up to it."""

from __future__ import annotations

from collections import defaultdict

import pytest
from sqlalchemy import text

from app import errors
from app.queries.stock_card import (
    CardLine,
    InquiryKind,
    StockInquiry,
    inquire,
    more_card,
    resolve_scan,
    stock_card,
)
from local_db.store import Store
from tests.store.day_scenario import BATCH, EXPIRY, ORDER_NO, SERIALS, play_day
from tests.store.support import BINS, DOCK, GTIN, OWNER, PICKER, SUPERVISOR, stock_rows

GS = "\x1d"


@pytest.fixture
def day(store: Store) -> Store:
    play_day(store)
    return store


def resolved(store: Store, raw: str) -> StockInquiry | None:
    with store.read_session() as session:
        return resolve_scan(session, raw)


def card(store: Store, inquiry: StockInquiry, limit: int = 500) -> list[CardLine]:
    with store.read_connection() as connection:
        return stock_card(connection, inquiry, limit=limit).lines


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("SKU-A", (InquiryKind.SKU, "SKU-A", "", "")),
        (GTIN["SKU-A"], (InquiryKind.SKU, "SKU-A", "", "")),
        ("0" + GTIN["SKU-A"], (InquiryKind.SKU, "SKU-A", "", "")),  # as GTIN-14
        (BINS[1], (InquiryKind.BIN, "", BINS[1], "")),
        (BATCH, (InquiryKind.BATCH, "", "", BATCH)),
        (f"]C1010{GTIN['SKU-B']}10{BATCH}", (InquiryKind.BATCH, "", "", BATCH)),
        (SERIALS[0], (InquiryKind.SERIAL, "SKU-S", BINS[2], "")),
        (f"]d2010{GTIN['SKU-S']}21{SERIALS[1]}", (InquiryKind.SERIAL, "SKU-S", BINS[2], "")),
    ],
)
def test_a_scan_names_what_to_look_at(
    day: Store, raw: str, expected: tuple[InquiryKind, str, str, str]
) -> None:
    inquiry = resolved(day, raw)
    assert inquiry is not None
    assert (inquiry.kind, inquiry.sku_id, inquiry.bin, inquiry.batch_no) == expected


def test_a_serial_says_where_it_is_and_its_state(day: Store) -> None:
    inquiry = resolved(day, SERIALS[0])
    assert inquiry is not None
    assert (inquiry.serial_no, inquiry.serial_status) == (SERIALS[0], "in_stock")


def test_an_unknown_scan_names_nothing(day: Store) -> None:
    assert resolved(day, "NO-SUCH-THING") is None
    assert inquire(day, SUPERVISOR, "   ") is None


def test_stock_per_bin_and_batch_with_every_figure(day: Store) -> None:
    answer = inquire(day, SUPERVISOR, "SKU-A")
    assert answer is not None
    figures = [
        (p.bin, p.on_hand, p.locked, p.frozen, p.damaged, p.available) for p in answer.positions
    ]
    # A-01-01-01: 20 put away − 5 moved − 3 picked − 1 written off; 1 damaged; 2 locked for
    # the held order. A-01-01-03: 5 moved in, counted 4.
    assert figures == [(BINS[0], 11, 2, 0, 1, 8), (BINS[2], 4, 0, 0, 0, 4)]
    milk = inquire(day, SUPERVISOR, BATCH)
    assert milk is not None
    (position,) = milk.positions
    assert (position.sku_id, position.batch_no, position.expiry_date) == ("SKU-B", BATCH, EXPIRY)
    assert (position.on_hand, position.frozen, position.available) == (6, 2, 4)


def test_a_bin_shows_every_sku_in_it(day: Store) -> None:
    answer = inquire(day, SUPERVISOR, BINS[2])
    assert answer is not None
    assert [(p.sku_id, p.on_hand) for p in answer.positions] == [("SKU-A", 4), ("SKU-S", 2)]


def test_the_card_adds_up_to_the_stock_of_each_bin(day: Store) -> None:
    """Every unit on the shelves came through the services, so the card's movements per bin
    and bucket sum to the stock rows: nothing missing, nothing counted twice."""
    inquiry = resolved(day, "SKU-A")
    assert inquiry is not None
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for line in card(day, inquiry):
        totals[(line.bin, line.bucket)] += line.delta
    expected: dict[tuple[str, str], int] = defaultdict(int)
    for row in stock_rows(day, "SKU-A"):
        expected[(row.location_code, "on_hand")] += row.on_hand
        expected[(row.location_code, "frozen")] += row.frozen
        expected[(row.location_code, "damaged")] += row.damaged
    assert {k: v for k, v in totals.items() if v} == {k: v for k, v in expected.items() if v}
    assert totals[(DOCK, "on_hand")] == 0


def test_the_card_says_what_each_movement_was(day: Store) -> None:
    inquiry = resolved(day, BINS[0])
    assert inquiry is not None
    lines = [(ln.kind, ln.reference, ln.reason, ln.bucket, ln.delta) for ln in card(day, inquiry)]
    assert lines[0][:1] == ("inventory_adjusted",) and lines[0][2:] == ("LOST", "on_hand", -1)
    assert ("DAMAGE", "", "", "damaged", 1) in lines
    assert ("picked_lines", ORDER_NO, "", "on_hand", -3) in lines
    assert ("MOVE", "", "", "on_hand", -5) in lines
    assert ("MOVE", "", "", "on_hand", 20) in lines  # the putaway from the dock
    assert all(ln.operator == PICKER for ln in card(day, inquiry))
    receipt = resolved(day, "SKU-B")
    assert receipt is not None
    assert ("inbound_received", "IN-AUDIT-1", DOCK, 6) in [
        (ln.kind, ln.reference, ln.bin, ln.delta) for ln in card(day, receipt)
    ]


def test_the_card_narrows_to_a_batch(day: Store) -> None:
    inquiry = resolved(day, BATCH)
    assert inquiry is not None
    lines = card(day, inquiry)
    assert lines and {(ln.sku_id, ln.batch_no) for ln in lines} == {("SKU-B", BATCH)}


def test_card_pages_newest_first_cover_every_line_once(day: Store) -> None:
    inquiry = resolved(day, "SKU-A")
    assert inquiry is not None
    everything = card(day, inquiry)
    seqs = [line.station_seq for line in everything]
    assert seqs == sorted(seqs, reverse=True)
    walked: list[CardLine] = []
    answer = inquire(day, SUPERVISOR, "SKU-A")
    assert answer is not None
    page = answer.card
    walked += page.lines
    while page.next_before_seq is not None:
        page = more_card(day, SUPERVISOR, inquiry, page.next_before_seq)
        walked += page.lines
    assert walked == everything
    with day.read_connection() as connection:
        first = stock_card(connection, inquiry, limit=2)
    # Whole actions per page: the two newest, a move's two movements kept together.
    newest = sorted({line.station_seq for line in everything}, reverse=True)[:2]
    assert first.lines == [line for line in everything if line.station_seq in newest]
    assert first.next_before_seq == newest[1]
    move_seq = next(line.station_seq for line in everything if line.kind == "MOVE")
    with day.read_connection() as connection:
        move_page = stock_card(connection, inquiry, before_seq=move_seq + 1, limit=1)
    assert [line.delta for line in move_page.lines] == [-5, 5]


def test_a_malformed_outbox_payload_never_stops_the_card(day: Store) -> None:
    inquiry = resolved(day, "SKU-A")
    assert inquiry is not None
    before = card(day, inquiry)
    with day.unit_of_work() as uow:
        uow.session.execute(
            text(
                "INSERT INTO outbox_event (event_id, station_seq, event_type, payload_json, "
                "operator, occurred_at, status, attempts) VALUES ('bad-1', 9999, 'odd', "
                "'{not json', 'X', '2026-01-01 00:00:00', 'pending', 0), ('bad-2', 10000, "
                "'odd', '{\"movements\": [1, \"x\", null]}', 'X', '2026-01-01 00:00:00', "
                "'pending', 0)"
            )
        )
        uow.commit()
    assert card(day, inquiry) == before


def test_an_operator_cannot_inquire(day: Store) -> None:
    with pytest.raises(errors.NotAllowed):
        inquire(day, PICKER, "SKU-A")
    inquiry = StockInquiry(InquiryKind.SKU, "SKU-A", owner_id=OWNER, sku_id="SKU-A")
    with pytest.raises(errors.NotAllowed):
        more_card(day, PICKER, inquiry, 10)
