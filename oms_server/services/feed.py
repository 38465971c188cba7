"""The per-warehouse feed: append under the warehouse row lock, read by cursor."""

from __future__ import annotations

import datetime as dt

from pydantic import TypeAdapter, ValidationError
from pydantic_core import to_json
from sqlalchemy import case, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from oms_contract.base import Timestamp
from oms_contract.claims import ClaimConflict, OrderClaimed, OrderClaimReleased
from oms_contract.documents import BATCH_SPECIFIED_SINCE
from oms_contract.sync_api import (
    MAX_FEED_PAGE,
    CancelRequested,
    FeedBody,
    InboundOrderCreated,
    MasterDataUpserted,
    OutboundCommandCreated,
    StationEventAccepted,
)
from oms_contract.versions import CONTRACT_VERSION, TOLERANT, known_to
from oms_server.feed_waiters import mark_appended
from oms_server.models import FeedEntryRow, Station, Warehouse, utc_now

FeedBodyModel = (
    OutboundCommandCreated
    | CancelRequested
    | InboundOrderCreated
    | MasterDataUpserted
    | StationEventAccepted
    | OrderClaimed
    | OrderClaimReleased
    | ClaimConflict
)
_FEED_BODY: TypeAdapter[FeedBodyModel] = TypeAdapter(FeedBody)
_TIMESTAMP: TypeAdapter[dt.datetime] = TypeAdapter(Timestamp)
DEFAULT_FEED_PAGE = 500
TOLERANT_SINCE = 2
"""Readers of this version on keep fields they do not know (oms_contract/versions.py)."""
CLAIMS_SINCE = 4
CLAIM_KINDS = ("order_claimed", "order_claim_released", "claim_conflict")
"""Feed kinds of order claims (contract version 4): left out of an older reader's pages."""


def lock_warehouse(session: Session, warehouse_id: str) -> Warehouse:
    """Create the warehouse row if new and lock it until commit.

    Every transaction that appends to a warehouse's feed holds this lock, so feed ``seq``
    values become visible in order: a reader never skips an entry that commits late.
    """
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(
        insert(Warehouse)
        .values(warehouse_id=warehouse_id, last_feed_seq=0, created_at=utc_now())
        .on_conflict_do_nothing(index_elements=["warehouse_id"])
    )
    return session.scalars(
        select(Warehouse)
        .where(Warehouse.warehouse_id == warehouse_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def append_feed(
    session: Session, warehouse: Warehouse, body: FeedBodyModel, now: dt.datetime | None = None
) -> FeedEntryRow:
    warehouse.last_feed_seq += 1
    row = FeedEntryRow(
        warehouse_id=warehouse.warehouse_id,
        seq=warehouse.last_feed_seq,
        kind=body.kind,
        body_json=body.model_dump_json(),
        created_at=now or utc_now(),
    )
    session.add(row)
    session.flush()
    mark_appended(session, warehouse.warehouse_id)
    return row


def read_feed(
    session: Session,
    warehouse_id: str,
    after: int,
    limit: int,
    *,
    reader_version: int = CONTRACT_VERSION,
) -> bytes:
    """The page ``FeedPage`` describes, as JSON: entries with ``seq > after`` in order.

    Each body is written verbatim as it was stored: :func:`append_feed` stored it from a
    validated model, so serving a page of a few thousand entries costs no model per entry
    (validating and re-serialising them was most of the OMS's time per page). A reader older
    than this contract gets each body in its own version instead (:func:`body_for_reader`).

    A reader older than :data:`CLAIMS_SINCE` never gets a claim entry: it does not know the
    kind (a version-1 station would refuse the entry, a later one record it as refused for a
    supervisor), and a station that never claims has nothing to do with it. The entries are
    left out of its pages, not replaced: its cursor follows the entries it gets (the station
    refuses a cursor that moves past its page's last entry), so claim entries at the feed's
    head count in its lag until the next entry it reads.
    """
    limit = max(1, min(limit, MAX_FEED_PAGE))
    query = select(FeedEntryRow.seq, FeedEntryRow.created_at, FeedEntryRow.body_json).where(
        FeedEntryRow.warehouse_id == warehouse_id, FeedEntryRow.seq > after
    )
    if reader_version < CLAIMS_SINCE:
        query = query.where(FeedEntryRow.kind.not_in(CLAIM_KINDS))
    rows = session.execute(query.order_by(FeedEntryRow.seq).limit(limit + 1)).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    entries = b",".join(
        b'{"seq":%d,"created_at":%s,"body":%s}'
        % (seq, _TIMESTAMP.dump_json(created_at), body_for_reader(body_json, reader_version))
        for seq, created_at, body_json in rows
    )
    next_cursor = rows[-1][0] if rows else after
    return b'{"entries":[%s],"next_cursor":%d,"has_more":%s}' % (
        entries,
        next_cursor,
        b"true" if has_more else b"false",
    )


def is_empty_page(page: bytes) -> bool:
    """A page :func:`read_feed` built with no entry."""
    return page.startswith(b'{"entries":[]')


def note_feed_cursor(
    session: Session,
    device_id: str,
    after: int,
    now: dt.datetime,
    contract_version: int = CONTRACT_VERSION,
) -> None:
    """A station asking for entries after N has applied everything up to N (for backlog);
    it reads in ``contract_version`` (services/batch_orders.py asks)."""
    session.execute(
        update(Station)
        .where(Station.device_id == device_id)
        .values(
            last_seen_at=now,
            feed_cursor=case((Station.feed_cursor < after, after), else_=Station.feed_cursor),
            contract_version=contract_version,
        )
    )


def feed_head(session: Session, warehouse_id: str) -> int:
    head = session.scalar(
        select(Warehouse.last_feed_seq).where(Warehouse.warehouse_id == warehouse_id)
    )
    return int(head or 0)


def body_for_reader(body_json: str, reader_version: int) -> bytes:
    """A stored body as a reader of ``reader_version`` takes it: verbatim for this version
    (a body written by a newer OMS keeps its fields: today's readers tolerate them); for an
    older reader, only the fields it knows (a version-1 station refuses unknown fields). A
    body that does not validate is served as stored: the station refuses that entry alone.

    A command naming a batch is withheld from a reader older than
    :data:`BATCH_SPECIFIED_SINCE` (:func:`withheld_body`): that station would drop the batch
    (version 1) or ignore it (version 2) and ship any batch."""
    if reader_version >= CONTRACT_VERSION:
        return body_json.encode()
    if reader_version >= TOLERANT_SINCE and not _may_name_a_batch(body_json):
        # A tolerant reader takes the stored body as it is (no model per entry).
        return body_json.encode()
    try:
        body = _FEED_BODY.validate_json(body_json, extra=TOLERANT)
    except ValidationError:
        return body_json.encode()
    if reader_version < BATCH_SPECIFIED_SINCE and isinstance(body, OutboundCommandCreated):
        batches = sorted({item.batch_no for item in body.command.items if item.batch_no})
        if batches:
            return withheld_body(body.command.command_id, body.command.order_no, batches)
    return to_json(known_to(body, reader_version))


def _may_name_a_batch(body_json: str) -> bool:
    # Stored bodies are compact JSON (model_dump_json): a set batch is '"batch_no":"'.
    return '"kind":"outbound_command_created"' in body_json and '"batch_no":"' in body_json


WITHHELD_KIND = "outbound_command_withheld"
"""The body an older station gets instead of a command naming a batch. No contract version
has this kind, so every older reader refuses the entry on its own (a FEED_REFUSED record for
its supervisor naming this kind) and keeps no order: it never ships a batch-specified order
from the wrong batch. Stations of version 3 or later read the command itself."""


def withheld_body(command_id: str, order_no: str, batches: list[str]) -> bytes:
    return to_json(
        {
            "kind": WITHHELD_KIND,
            "command_id": command_id,
            "order_no": order_no,
            "reason": (
                f"Order {order_no} names the batch to ship ({', '.join(batches)}); this "
                f"station speaks a contract version below {BATCH_SPECIFIED_SINCE} and would "
                "ship any batch. Upgrade the station; another station of the warehouse that "
                "speaks the version receives the order."
            ),
        }
    )
