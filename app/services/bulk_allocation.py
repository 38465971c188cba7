"""Receiving a run of new outbound commands set-based (a page of the OMS feed).

The outcome equals :func:`app.services.allocation.receive_outbound_command` called for each
command in turn: the same orders, lines, pick tasks, stock locks, outbox payloads in the same
station order, exception records and audit rows. What differs is the cost: the SKUs and all
their stock rows are read in one query per owner, allocation runs in memory in command order
(a later command sees the earlier ones' locks), and every table is written with one
``executemany`` per run instead of a flush per row.

The caller has already settled that each command is new (no order with its command_id or
order_no) and that its owner is known.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from app import errors
from app.outbox import AnyPayload, record_events
from app.services.bulk_insert import first_free_id, insert_rows
from app.services.bulk_stock import (
    SkuFacts,
    StockLine,
    available,
    load_skus,
    load_stock,
    walk_order,
    write_locks,
)
from app.services.lookups import today
from app.services.stock_ledger import SkuKey
from local_db.models import (
    AuditLog,
    ExceptionRecord,
    OutboundLine,
    OutboundOrder,
    PickTask,
)
from local_db.store import UnitOfWork
from local_db.types import utc_now
from oms_contract.documents import OutboundCommand
from oms_contract.events import (
    OutboundReceived,
    ReceiveResult,
    StockChanged,
    StockChangeType,
)


@dataclass
class _Pick:
    line_no: int
    stock: StockLine
    quantity: int


@dataclass
class _Received:
    """One command's result, before anything is written."""

    command: OutboundCommand
    shortage: str | None = None
    picks: list[_Pick] = field(default_factory=list)
    payloads: list[AnyPayload] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "SHORTAGE" if self.shortage is not None else "ALLOCATED"


def _audit_json(values: dict[str, Any]) -> str:
    # As app.services.audit: the same JSON for the same values.
    return json.dumps(values, default=str, ensure_ascii=False, sort_keys=True)


class _Planner:
    """Allocation in memory over the run's stock rows, in command order."""

    def __init__(self, session: Session, commands: Sequence[OutboundCommand]) -> None:
        keys = {(c.owner_id, item.sku_id) for c in commands for item in c.items}
        self.today = today()
        self.skus: dict[SkuKey, SkuFacts] = load_skus(session, keys)
        self.stock = load_stock(session, self.skus)
        self.walks: dict[SkuKey, list[StockLine]] = {
            key: walk_order(self.stock.get(key, []), facts, self.today)
            for key, facts in self.skus.items()
        }
        self.changed: dict[int, StockLine] = {}

    def receive(self, command: OutboundCommand) -> _Received:
        result = _Received(command)
        taken: dict[int, int] = defaultdict(int)
        missing: list[str] = []
        for line_no, item in enumerate(command.items, start=1):
            key = (command.owner_id, item.sku_id)
            if key not in self.skus:
                missing.append(f"{item.sku_id} (unknown SKU)")
                continue
            need = item.quantity
            for stock in self.walks[key]:
                if need == 0:
                    break
                can_take = min(need, stock.free() - taken[stock.id])
                if can_take <= 0:
                    continue
                taken[stock.id] += can_take
                result.picks.append(_Pick(line_no, stock, can_take))
                need -= can_take
            if need:
                missing.append(f"{item.sku_id} short by {need}")
        if missing:
            result.shortage = (
                f"Not enough stock for order {command.order_no}: " + "; ".join(missing) + "."
            )
            result.picks = []
            result.payloads = [
                OutboundReceived(
                    command_id=command.command_id,
                    order_no=command.order_no,
                    result=ReceiveResult.FAIL,
                    error_code=errors.StockShortage.code,
                    error_message=result.shortage[:500],
                )
            ]
            return result
        self._lock(result)
        return result

    def _lock(self, result: _Received) -> None:
        command = result.command
        # Walk order as allocation._apply_plan (a stable sort of the plan).
        result.picks.sort(key=lambda p: (p.stock.pick_sequence, p.stock.location_code, p.stock.id))
        locked: dict[SkuKey, int] = defaultdict(int)
        for pick in result.picks:
            pick.stock.locked += pick.quantity
            locked[(pick.stock.owner_id, pick.stock.sku_id)] += pick.quantity
            self.changed[pick.stock.id] = pick.stock
        result.payloads = [
            OutboundReceived(
                command_id=command.command_id,
                order_no=command.order_no,
                result=ReceiveResult.SUCCESS,
            )
        ]
        for key in sorted(k for k, v in locked.items() if v):
            result.payloads.append(
                StockChanged(
                    warehouse_id=command.warehouse_id,
                    owner_id=key[0],
                    sku_id=key[1],
                    change_type=StockChangeType.ALLOCATION,
                    change_qty=-locked[key],
                    available_qty=available(self.stock[key], self.skus.get(key), self.today),
                    movements=[],
                )
            )


def _order_row(command: OutboundCommand, status: str) -> dict[str, Any]:
    now = utc_now()
    return {
        "command_id": command.command_id,
        "order_no": command.order_no,
        "wms_outbound_no": "WO" + uuid.uuid4().hex[:16].upper(),
        "warehouse_id": command.warehouse_id,
        "owner_id": command.owner_id,
        "consignee": command.consignee,
        "phone": command.phone,
        "province": command.province,
        "city": command.city,
        "district": command.district,
        "address": command.address,
        "carrier_code": command.carrier_code,
        "service_type": command.service_type,
        "priority": command.priority,
        "deadline": command.deadline,
        "ext_info_json": json.dumps(command.ext_info, ensure_ascii=False, sort_keys=True),
        "status": status,
        "cancelled_mid_pick": False,
        "handled_remotely": False,
        "created_at": now,
        "updated_at": now,
    }


def _insert_orders(
    session: Session, received: list[_Received]
) -> tuple[list[int], list[dict[int, int]]]:
    """Orders and their lines; returns the order ids and per order its line ids by number."""
    first_order = first_free_id(session, OutboundOrder)
    order_ids = list(range(first_order, first_order + len(received)))
    insert_rows(
        session,
        OutboundOrder,
        [
            {"id": order_id, **_order_row(r.command, r.status)}
            for order_id, r in zip(order_ids, received, strict=True)
        ],
    )
    next_line = first_free_id(session, OutboundLine)
    line_rows: list[dict[str, Any]] = []
    lines: list[dict[int, int]] = []
    for order_id, r in zip(order_ids, received, strict=True):
        by_number: dict[int, int] = {}
        for line_no, item in enumerate(r.command.items, start=1):
            by_number[line_no] = next_line
            line_rows.append(
                {
                    "id": next_line,
                    "order_id": order_id,
                    "line_no": line_no,
                    "sku_id": item.sku_id,
                    "sku_name": item.sku_name,
                    "quantity": item.quantity,
                    "barcode": item.barcode,
                    "picked_qty": 0,
                    "short_qty": 0,
                    "packed_qty": 0,
                }
            )
            next_line += 1
        lines.append(by_number)
    insert_rows(session, OutboundLine, line_rows)
    return order_ids, lines


def _insert_pick_tasks(
    session: Session, received: list[_Received], order_ids: list[int], lines: list[dict[int, int]]
) -> None:
    rows = [
        {
            "order_id": order_id,
            "line_id": line_ids[pick.line_no],
            "stock_id": pick.stock.id,
            "sequence": sequence,
            "location_code": pick.stock.location_code,
            "sku_id": pick.stock.sku_id,
            "batch_no": pick.stock.batch_no,
            "expiry_date": pick.stock.expiry_date,
            "quantity": pick.quantity,
            "picked_qty": 0,
            "short_qty": 0,
            "short_reason": None,
            "serials_json": "[]",
            "status": "open",
            "picked_by": None,
            "picked_at": None,
        }
        for r, order_id, line_ids in zip(received, order_ids, lines, strict=True)
        for sequence, pick in enumerate(r.picks, start=1)
    ]
    insert_rows(session, PickTask, rows)


def _write(uow: UnitOfWork, received: list[_Received], operator: str) -> None:
    session = uow.session
    order_ids, lines = _insert_orders(session, received)
    _insert_pick_tasks(session, received, order_ids, lines)
    event_ids = iter(record_events(uow, [p for r in received for p in r.payloads], operator))
    now = utc_now()
    audits: list[dict[str, Any]] = []
    shortages: list[dict[str, Any]] = []
    for r in received:
        received_event = next(event_ids)
        for _ in r.payloads[1:]:
            next(event_ids)
        order_no = r.command.order_no
        if r.shortage is not None:
            shortages.append(
                {
                    "exception_type": "STOCK_SHORTAGE",
                    "order_no": order_no,
                    "severity": "high",
                    "status": "open",
                    "detail": r.shortage,
                    "created_at": now,
                    "outbox_event_id": received_event,
                }
            )
            action, after = (
                "receive_outbound_command",
                {
                    "status": r.status,
                    "lines": len(r.command.items),
                },
            )
        else:
            action, after = "allocate_outbound", {"status": r.status, "pick_tasks": len(r.picks)}
        audits.append(
            {
                "occurred_at": now,
                "operator": operator,
                "action": action,
                "entity": "outbound_order",
                "entity_key": order_no,
                "before_json": None,
                "after_json": _audit_json(after),
                "outbox_event_id": received_event,
            }
        )
    insert_rows(session, ExceptionRecord, shortages)
    insert_rows(session, AuditLog, audits)


def receive_new_commands(
    uow: UnitOfWork, commands: Sequence[OutboundCommand], operator: str
) -> list[str]:
    """Create and allocate each command's order in turn; return each order's status
    (ALLOCATED, or SHORTAGE with its exception record and outbound_received FAIL)."""
    if not commands:
        return []
    session = uow.session
    # Pending changes of earlier entries must be in the database before the stock is read.
    session.flush()
    planner = _Planner(session, commands)
    received = [planner.receive(command) for command in commands]
    write_locks(session, planner.changed.values())
    _write(uow, received, operator)
    return [r.status for r in received]
