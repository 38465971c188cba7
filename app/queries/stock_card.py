"""Stock inquiry: what a scan (SKU, GTIN, bin, batch or serial) names, where that stock is
with its on hand / locked / frozen / damaged / available per bin and batch, and its stock
card: the movements this station recorded for it, newest first.

The stock card is the station's own ledger: every physical change a floor action makes is
recorded as a ``StockMovement`` in the payload of the outbox event of that action
(``app.services.stock_ledger.Ledger``; receipts, putaways and moves, picks, un-picks and put
backs, count differences and adjustments, freezes and damage). Accepted outbox rows are
pruned after ``sync_history_days`` (``sync/retention.py``, 90 days by default), so the card
reaches back that far; events not yet accepted stay on it however old. Changes another station made
arrive through the feed and are not on this station's card (the audit trail shows them as
``apply_remote_event``).

On 200,000 outbox events: the first page of a SKU's card 28 ms (the station_seq index walked
newest first, payloads that cannot match skipped by a plain-text test before JSON parsing);
a card with no movement at all reads every payload once, 1.05 s.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, or_, select, text
from sqlalchemy.orm import Session

from app.clock import business_date
from app.queries.stock import row_available
from app.scanning.gs1 import ParsedScan, ScanKind, parse_scan
from app.services.lookups import require_supervisor
from local_db.models import Location, SerialNumber, Sku, Stock
from local_db.models.master_data import Barcode
from local_db.store import Store

CARD_PAGE_SIZE = 100
"""Events (actions) per page of the stock card."""


class InquiryKind(StrEnum):
    SKU = "sku"
    BIN = "bin"
    BATCH = "batch"
    SERIAL = "serial"


@dataclass(frozen=True)
class StockInquiry:
    """What the supervisor asked about. Empty fields do not narrow."""

    kind: InquiryKind
    scanned: str
    owner_id: str = ""
    sku_id: str = ""
    bin: str = ""
    batch_no: str = ""
    serial_no: str = ""
    serial_status: str = ""


@dataclass(frozen=True)
class StockPosition:
    """One stock row: a SKU of an owner in a bin, of one batch/expiry."""

    owner_id: str
    sku_id: str
    sku_name: str
    bin: str
    batch_no: str
    expiry_date: dt.date | None
    on_hand: int
    locked: int
    frozen: int
    damaged: int
    available: int
    bin_frozen: bool


@dataclass(frozen=True)
class CardLine:
    """One movement of one bucket of one stock row, in the action that made it."""

    station_seq: int
    occurred_at: dt.datetime
    operator: str
    kind: str
    """What the action was: the event's change type (RECEIPT, MOVE, FREEZE...) or its event
    type (inbound_received, picked_lines, inventory_adjusted...), worded by the UI."""
    reference: str
    """The order, inbound or adjustment number the movement belongs to."""
    reason: str
    owner_id: str
    sku_id: str
    bin: str
    batch_no: str
    bucket: str
    """on_hand, frozen or damaged."""
    delta: int


@dataclass(frozen=True)
class CardPage:
    lines: list[CardLine]
    next_before_seq: int | None


def _one(session: Session, query: Any) -> Any:
    return session.execute(query.limit(1)).first()


def resolve_scan(session: Session, raw: str) -> StockInquiry | None:
    """What ``raw`` (a scan or typed text) names: a GS1 serial or batch, a bin, an item (GTIN,
    SKU barcode or SKU code), a serial or a batch, in that order; None when the station knows
    none of them."""
    scan = parse_scan(raw)
    for find in (_by_gs1, _by_bin, _by_item, _by_serial, _by_batch):
        found = find(session, scan)
        if found is not None:
            return found
    return None


def _by_gs1(session: Session, scan: ParsedScan) -> StockInquiry | None:
    if scan.kind is not ScanKind.GS1:
        return None
    if scan.serial_no:
        found = _serial(session, scan.serial_no)
        if found is not None:
            return found
    if scan.batch_no:
        return StockInquiry(InquiryKind.BATCH, scan.batch_no, batch_no=scan.batch_no)
    return None


def _by_bin(session: Session, scan: ParsedScan) -> StockInquiry | None:
    code = scan.code.strip()
    if code and session.get(Location, code) is not None:
        return StockInquiry(InquiryKind.BIN, code, bin=code)
    return None


def _by_item(session: Session, scan: ParsedScan) -> StockInquiry | None:
    code = scan.code.strip()
    item = None
    if scan.item_codes:
        query = select(Barcode.owner_id, Barcode.sku_id).where(Barcode.code.in_(scan.item_codes))
        item = _one(session, query)
    if item is None and code:
        item = _one(session, select(Sku.owner_id, Sku.sku_id).where(Sku.sku_id == code))
    if item is None:
        return None
    return StockInquiry(InquiryKind.SKU, code, owner_id=item[0], sku_id=item[1])


def _by_serial(session: Session, scan: ParsedScan) -> StockInquiry | None:
    code = scan.code.strip()
    return _serial(session, code) if code else None


def _by_batch(session: Session, scan: ParsedScan) -> StockInquiry | None:
    code = scan.code.strip()
    if code and _one(session, select(Stock.id).where(Stock.batch_no == code)) is not None:
        return StockInquiry(InquiryKind.BATCH, code, batch_no=code)
    return None


def _serial(session: Session, serial_no: str) -> StockInquiry | None:
    row = session.scalars(
        select(SerialNumber).where(SerialNumber.serial_no == serial_no).limit(1)
    ).first()
    if row is None:
        return None
    return StockInquiry(
        InquiryKind.SERIAL,
        serial_no,
        owner_id=row.owner_id,
        sku_id=row.sku_id,
        bin=row.location_code or "",
        batch_no=row.batch_no or "",
        serial_no=serial_no,
        serial_status=row.status,
    )


def stock_positions(session: Session, inquiry: StockInquiry) -> list[StockPosition]:
    """Every stock row the inquiry names (empty rows included: a bin emptied today still
    shows), by bin then SKU then batch."""
    today = business_date()
    query = (
        select(Stock, Location.frozen, Sku.name)
        .join(Location, Location.code == Stock.location_code)
        .join(Sku, (Sku.owner_id == Stock.owner_id) & (Sku.sku_id == Stock.sku_id))
    )
    if inquiry.owner_id:
        query = query.where(Stock.owner_id == inquiry.owner_id)
    if inquiry.sku_id:
        query = query.where(Stock.sku_id == inquiry.sku_id)
    if inquiry.bin:
        query = query.where(Stock.location_code == inquiry.bin)
    if inquiry.batch_no:
        query = query.where(Stock.batch_no == inquiry.batch_no)
    if inquiry.kind is not InquiryKind.BIN:
        query = query.where(or_(Stock.on_hand > 0, Stock.locked > 0))
    query = query.order_by(Stock.location_code, Stock.sku_id, Stock.batch_no, Stock.id)
    return [
        StockPosition(
            owner_id=row.owner_id,
            sku_id=row.sku_id,
            sku_name=name,
            bin=row.location_code,
            batch_no=row.batch_no or "",
            expiry_date=row.expiry_date,
            on_hand=row.on_hand,
            locked=row.locked,
            frozen=row.frozen,
            damaged=row.damaged,
            available=row_available(row, bool(frozen), today),
            bin_frozen=bool(frozen),
        )
        for row, frozen, name in session.execute(query)
    ]


_BODY = "CASE WHEN json_valid(e.payload_json) THEN e.payload_json ELSE '{}' END"


def _moved(path: str, alias: str = "m") -> str:
    """A field of one movement; NULL for an element that is not an object."""
    return f"CASE WHEN {alias}.type = 'object' THEN json_extract({alias}.value, '$.{path}') END"


def _event(path: str) -> str:
    return f"json_extract({_BODY}, '$.{path}')"


# A page is whole events (a receipt's movements are never split across two pages): the
# newest matching events, walked down the station_seq index, then their matching movements.
# Every json_extract is guarded: SQLite does not promise the order in which it tests a WHERE
# clause, so a guard there would not protect the others. ``:prefilter:`` is a plain-text
# test (instr) that skips parsing the payloads that cannot match.
_CARD = f"""
SELECT e.station_seq, e.occurred_at, e.operator,
       coalesce({_event("change_type")}, e.event_type) AS kind,
       coalesce(e.order_no, {_event("inbound_no")}, {_event("adjustment_no")}, '') AS reference,
       coalesce({_event("reason_code")}, '') AS reason,
       {_moved("owner_id")} AS owner_id,
       {_moved("sku_id")} AS sku_id,
       {_moved("location_code")} AS bin,
       coalesce({_moved("batch_no")}, '') AS batch_no,
       {_moved("bucket")} AS bucket,
       {_moved("delta")} AS delta
FROM (
    SELECT e.* FROM outbox_event e
    WHERE :prefilter: AND EXISTS (
        SELECT 1 FROM json_each({_BODY}, '$.movements') x
        WHERE x.type = 'object' AND :matches_x:
    )
    ORDER BY e.station_seq DESC
    LIMIT :events
) e
JOIN json_each({_BODY}, '$.movements') m
WHERE m.type = 'object' AND :matches_m:
ORDER BY e.station_seq DESC, m.key
"""


def _plain(value: str) -> bool:
    """A value every JSON writer writes as itself (no escapes), so a plain text search of the
    payload finds it; other values are matched by the JSON test alone."""
    return value.isascii() and value.isprintable() and not any(ch in value for ch in '"\\/')


def stock_card(
    connection: Connection,
    inquiry: StockInquiry,
    *,
    before_seq: int | None = None,
    limit: int = CARD_PAGE_SIZE,
) -> CardPage:
    """One page of the movements of the inquiry's stock, newest first: the movements of up
    to ``limit`` events (actions), never an action cut in two."""
    asked = [
        (column, value)
        for column, value in (
            ("owner_id", inquiry.owner_id),
            ("sku_id", inquiry.sku_id),
            ("location_code", inquiry.bin),
            ("batch_no", inquiry.batch_no),
        )
        if value
    ]
    if not asked:
        return CardPage([], None)
    params: dict[str, Any] = {"events": limit + 1}
    prefilter = ["1"]
    for column, value in asked:
        params[column] = value
        if _plain(value):
            prefilter.append(f"instr(e.payload_json, :{column}) > 0")
    if before_seq is not None:
        prefilter.append("e.station_seq < :before_seq")
        params["before_seq"] = before_seq

    def matches(alias: str) -> str:
        return " AND ".join(f"{_moved(column, alias)} = :{column}" for column, _ in asked)

    sql = (
        _CARD.replace(":prefilter:", " AND ".join(prefilter))
        .replace(":matches_x:", matches("x"))
        .replace(":matches_m:", matches("m"))
    )
    records = connection.execute(text(sql), params).all()
    seqs = list(dict.fromkeys(record.station_seq for record in records))
    more = len(seqs) > limit
    kept = set(seqs[:limit])
    lines = [_line(record) for record in records if record.station_seq in kept]
    return CardPage(lines, seqs[limit - 1] if more else None)


def _line(record: Any) -> CardLine:
    occurred = dt.datetime.fromisoformat(record.occurred_at)
    return CardLine(
        station_seq=record.station_seq,
        occurred_at=occurred if occurred.tzinfo else occurred.replace(tzinfo=dt.UTC),
        operator=record.operator,
        kind=str(record.kind),
        reference=str(record.reference),
        reason=str(record.reason),
        owner_id=str(record.owner_id or ""),
        sku_id=str(record.sku_id or ""),
        bin=str(record.bin or ""),
        batch_no=str(record.batch_no),
        bucket=str(record.bucket or ""),
        delta=int(record.delta or 0),
    )


@dataclass(frozen=True)
class StockAnswer:
    """What the inquiry page shows for one scan."""

    inquiry: StockInquiry
    positions: list[StockPosition]
    card: CardPage


def inquire(
    store: Store, supervisor_badge: str, raw: str, card_limit: int = CARD_PAGE_SIZE
) -> StockAnswer | None:
    """The stock and first card page of what ``raw`` names; None when nothing is known."""
    with store.read_session() as session:
        require_supervisor(session, supervisor_badge)
        inquiry = resolve_scan(session, raw)
        if inquiry is None:
            return None
        positions = stock_positions(session, inquiry)
        card = stock_card(session.connection(), inquiry, limit=card_limit)
        return StockAnswer(inquiry, positions, card)


def more_card(
    store: Store,
    supervisor_badge: str,
    inquiry: StockInquiry,
    before_seq: int,
    limit: int = CARD_PAGE_SIZE,
) -> CardPage:
    with store.read_session() as session:
        require_supervisor(session, supervisor_badge)
        return stock_card(session.connection(), inquiry, before_seq=before_seq, limit=limit)
