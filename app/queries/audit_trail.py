"""The audit trail for supervisors: who did what, when, to which order/SKU/bin/batch/serial,
before → after, with the reason; filtered and a page at a time, newest first.

Most audit rows do not name the order, SKU or bin in ``entity_key`` (a pick names its pick
task, a freeze its stock row, a count its count number). Each row's subject is resolved in
one SQL statement, first from the record the row names, then from well-known keys of its
before/after JSON (``json_extract``, guarded by ``json_valid`` so one malformed row never
stops the others):

============================  =====================================================
entity                        order / SKU / bin / batch / serial come from
============================  =====================================================
outbound_order                ``entity_key`` (the order number)
inbound_order                 ``entity_key`` (the inbound number, shown as the order)
pick_task                     the pick task: its order, SKU, bin, batch, serials
put_back_task                 the put-back task: its order, SKU, bin put to, batch
putaway_task                  the putaway task: its SKU, dock → bin, batch
stock                         the stock row (freeze, damage): SKU, bin, batch
stock_move                    the move: SKU, from → to bin, batch
stock_adjustment              the adjustment: SKU, bin, batch
cycle_count                   the count: its bin
exception_record              the exception: order, SKU, bin
outbox_event                  the event's order
any entity (JSON fallback)    ``order_no``; ``sku``/``sku_id``; ``location``/
                              ``location_code``/``bin``/``from``/``to``;
                              ``batch_no``/``batch`` in after, then before
============================  =====================================================

The bin filter matches either end of a move or putaway. ``audit_log`` has only its primary
key as an index, so a page walks it newest first (keyset paging on ``id``: no OFFSET) and
stops at the page's last row; a filter that matches few rows reads the whole table. Measured
on 500,000 audit rows (2-core shared box, best of 3): newest page 59 ms, a common SKU 57 ms,
a bin 96 ms, an operator with 2 rows 353 ms (whole table). An index ``(operator, id)`` takes
that to 1 ms and ``(action, id)`` a rare action from 67 to 15 ms; they need a migration this
module does not own (see the audit helper's report).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, text

from app.services.lookups import require_supervisor
from local_db.store import Store
from local_db.types import to_sqlite_utc

PAGE_SIZE = 200

PERSONAL_KEYS = frozenset(
    {"consignee", "phone", "mobile", "province", "city", "district", "address", "name"}
)
"""Keys a before/after must never show, in case a writer slips (record_audit forbids them)."""


def _json(column: str, *paths: str) -> str:
    """The first of ``paths`` present in a before/after column, NULL for malformed JSON."""
    extracts = [f"json_extract({column}, '$.{path}')" for path in paths]
    first = extracts[0] if len(extracts) == 1 else f"coalesce({', '.join(extracts)})"
    return f"CASE WHEN json_valid({column}) THEN {first} END"


def _after_then_before(*paths: str) -> str:
    return f"coalesce({_json('a.after_json', *paths)}, {_json('a.before_json', *paths)})"


_KEY_INT = "CAST(a.entity_key AS INTEGER)"

# One row per audit row: its own columns and its resolved subject. SQLite flattens this
# into the outer query; every join is on a primary or unique key of the table it names.
_SUBJECTS = f"""
SELECT a.id, a.occurred_at, a.operator, a.action, a.entity, a.entity_key,
       a.before_json, a.after_json,
       coalesce(
           CASE WHEN a.entity IN ('outbound_order', 'inbound_order') AND a.entity_key != '*'
                THEN a.entity_key END,
           pt_order.order_no, pb_order.order_no, ex.order_no, ev.order_no,
           {_after_then_before("order_no")}
       ) AS order_ref,
       coalesce(pt.sku_id, pb.sku_id, pa_line.sku_id, st.sku_id, mv.sku_id, adj.sku_id,
                ex.sku_id, {_after_then_before("sku", "sku_id")}) AS sku_id,
       coalesce(pt.location_code, pb.put_location, pb.suggested_location, pa.from_location,
                st.location_code, mv.from_location, adj.location_code, cc.location_code,
                ex.location_code,
                {_after_then_before("location", "location_code", "bin", "from")}) AS bin,
       coalesce(pa.to_location, mv.to_location, {_after_then_before("to")}) AS to_bin,
       coalesce(pt.batch_no, pb.batch_no, pa_stock.batch_no, st.batch_no, mv.batch_no,
                adj.batch_no, {_after_then_before("batch_no", "batch")}) AS batch_no,
       CASE WHEN json_valid(pt.serials_json) AND pt.serials_json != '[]'
            THEN pt.serials_json END AS serials_json,
       coalesce({
    _after_then_before("reason", "reason_code", "short_reason", "note", "resolution_code")
},
                adj.reason_code, pt.short_reason) AS reason
FROM audit_log a
LEFT JOIN pick_task pt ON a.entity = 'pick_task' AND pt.id = {_KEY_INT}
LEFT JOIN outbound_order pt_order ON pt_order.id = pt.order_id
LEFT JOIN put_back_task pb ON a.entity = 'put_back_task' AND pb.id = {_KEY_INT}
LEFT JOIN outbound_order pb_order ON pb_order.id = pb.order_id
LEFT JOIN putaway_task pa ON a.entity = 'putaway_task' AND pa.id = {_KEY_INT}
LEFT JOIN inbound_line pa_line ON pa_line.id = pa.inbound_line_id
LEFT JOIN stock pa_stock ON pa_stock.id = pa.stock_id
LEFT JOIN stock st ON a.entity = 'stock' AND st.id = {_KEY_INT}
LEFT JOIN stock_move mv ON a.entity = 'stock_move' AND mv.id = {_KEY_INT}
LEFT JOIN stock_adjustment adj ON a.entity = 'stock_adjustment'
                               AND adj.adjustment_no = a.entity_key
LEFT JOIN cycle_count cc ON a.entity = 'cycle_count' AND cc.count_no = a.entity_key
LEFT JOIN exception_record ex ON a.entity = 'exception_record' AND ex.id = {_KEY_INT}
LEFT JOIN outbox_event ev ON a.entity = 'outbox_event' AND ev.event_id = a.entity_key
"""


@dataclass(frozen=True)
class AuditFilter:
    """What the supervisor narrowed the trail to; empty fields do not filter."""

    operator: str = ""
    actions: tuple[str, ...] = ()
    since: dt.datetime | None = None
    """Inclusive, UTC."""
    until: dt.datetime | None = None
    """Exclusive, UTC."""
    order_no: str = ""
    sku_id: str = ""
    bin: str = ""

    def where(self) -> tuple[list[str], dict[str, Any]]:
        clauses: list[str] = []
        params: dict[str, Any] = {}
        if self.operator.strip():
            clauses.append("operator = :operator")
            params["operator"] = self.operator.strip()
        if self.actions:
            names = [f"action{i}" for i in range(len(self.actions))]
            clauses.append(f"action IN ({', '.join(':' + name for name in names)})")
            params.update(zip(names, self.actions, strict=True))
        if self.since is not None:
            clauses.append("occurred_at >= :since")
            params["since"] = to_sqlite_utc(self.since)
        if self.until is not None:
            clauses.append("occurred_at < :until")
            params["until"] = to_sqlite_utc(self.until)
        if self.order_no.strip():
            clauses.append("order_ref = :order_no")
            params["order_no"] = self.order_no.strip()
        if self.sku_id.strip():
            clauses.append("sku_id = :sku_id")
            params["sku_id"] = self.sku_id.strip()
        if self.bin.strip():
            clauses.append(":bin IN (bin, to_bin)")
            params["bin"] = self.bin.strip()
        return clauses, params


@dataclass(frozen=True)
class Change:
    """One value an action changed (or set, or cleared): ``before`` → ``after``."""

    key: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditRow:
    id: int
    occurred_at: dt.datetime
    operator: str
    action: str
    entity: str
    entity_key: str
    order_no: str
    sku_id: str
    bin: str
    to_bin: str
    batch_no: str
    serials: tuple[str, ...]
    reason: str
    changes: tuple[Change, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    next_before_id: int | None
    """Pass as ``before_id`` for the next (older) page; None when this was the last."""


def _values(raw: str | None) -> dict[str, Any]:
    if not raw:
        return {}
    try:
        loaded = json.loads(raw)
    except ValueError:
        return {"?": raw[:200]}
    if not isinstance(loaded, dict):
        return {"?": str(loaded)[:200]}
    return {key: value for key, value in loaded.items() if key.lower() not in PERSONAL_KEYS}


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def changes(before_json: str | None, after_json: str | None) -> tuple[Change, ...]:
    """Every key of before or after, in order; personal keys are never in it."""
    before, after = _values(before_json), _values(after_json)
    keys = list(before) + [key for key in after if key not in before]
    return tuple(
        Change(key, _shown(before.get(key)), _shown(after.get(key)))
        for key in keys
        if key not in before or key not in after or before[key] != after[key]
    )


def _serials(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    try:
        loaded = json.loads(raw)
    except ValueError:
        return ()
    return tuple(str(item) for item in loaded) if isinstance(loaded, list) else ()


def _parse_time(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _row(record: Any) -> AuditRow:
    return AuditRow(
        id=record.id,
        occurred_at=_parse_time(record.occurred_at),
        operator=record.operator,
        action=record.action,
        entity=record.entity,
        entity_key=record.entity_key,
        order_no=_shown(record.order_ref),
        sku_id=_shown(record.sku_id),
        bin=_shown(record.bin),
        to_bin=_shown(record.to_bin),
        batch_no=_shown(record.batch_no),
        serials=_serials(record.serials_json),
        reason=_shown(record.reason)[:200],
        changes=changes(record.before_json, record.after_json),
    )


def _select(audit_filter: AuditFilter, before_id: int | None, limit: int | None) -> Any:
    clauses, params = audit_filter.where()
    if before_id is not None:
        clauses.append("id < :before_id")
        params["before_id"] = before_id
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    tail = ""
    if limit is not None:
        tail = "LIMIT :limit"
        params["limit"] = limit
    sql = f"SELECT * FROM ({_SUBJECTS}) {where} ORDER BY id DESC {tail}"
    return text(sql), params


def audit_page(
    connection: Connection,
    audit_filter: AuditFilter,
    *,
    before_id: int | None = None,
    limit: int = PAGE_SIZE,
) -> AuditPage:
    """One page of the trail, newest first, older than ``before_id``."""
    statement, params = _select(audit_filter, before_id, limit + 1)
    records = connection.execute(statement, params).all()
    rows = [_row(record) for record in records[:limit]]
    more = len(records) > limit
    return AuditPage(rows, rows[-1].id if more and rows else None)


def iter_audit_rows(
    connection: Connection, audit_filter: AuditFilter, *, chunk: int = 1000
) -> Iterator[AuditRow]:
    """Every matching row, newest first, read a chunk at a time (for the CSV export)."""
    before_id: int | None = None
    while True:
        page = audit_page(connection, audit_filter, before_id=before_id, limit=chunk)
        yield from page.rows
        if page.next_before_id is None:
            return
        before_id = page.next_before_id


def known_operators(connection: Connection) -> list[str]:
    """Badges that appear in the trail, for the operator filter's choices."""
    return list(
        connection.execute(text("SELECT DISTINCT operator FROM audit_log ORDER BY operator"))
        .scalars()
        .all()
    )


def known_actions(connection: Connection) -> list[str]:
    return list(
        connection.execute(text("SELECT DISTINCT action FROM audit_log ORDER BY action"))
        .scalars()
        .all()
    )


@dataclass(frozen=True)
class AuditChoices:
    operators: list[str]
    actions: list[str]


def read_audit_page(
    store: Store,
    supervisor_badge: str,
    audit_filter: AuditFilter,
    before_id: int | None = None,
    limit: int = PAGE_SIZE,
) -> AuditPage:
    """A page of the trail for a supervisor (an operator's badge is refused)."""
    with store.read_session() as session:
        require_supervisor(session, supervisor_badge)
        return audit_page(session.connection(), audit_filter, before_id=before_id, limit=limit)


def read_audit_choices(store: Store, supervisor_badge: str) -> AuditChoices:
    with store.read_session() as session:
        require_supervisor(session, supervisor_badge)
        connection = session.connection()
        return AuditChoices(known_operators(connection), known_actions(connection))
