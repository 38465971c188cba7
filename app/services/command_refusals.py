"""Outbound commands the station cannot receive, answered FAIL with their own code.

Seed 000 §2.3: any failure to receive a command is answered ``outbound_received`` FAIL with
its message; §5.1: a SKU the warehouse does not have → check master data. A command for
another warehouse (WAREHOUSE_MISMATCH), or for an owner (OWNER_NOT_FOUND) or SKUs
(SKU_NOT_FOUND) the station's master data lacks is refused: no order is kept (nothing of it
could be picked, and an unknown SKU held as a shortage would wait for stock forever), the
OMS gets the FAIL with the code and a plain message (it releases the reservation), and the
supervisor gets a COMMAND_REFUSED record.

That record is what the station remembers of the command: the same ``command_id`` again
(the feed entry applied twice) finds it and writes nothing more, and a cancel of its order
is answered CANCELLED (app/feed/apply.py). A new command for the same order (re-routed back
here) is judged again. The feed page and the single command share :func:`judge_commands`,
so both paths refuse the same commands the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import exception_details as details
from app.outbox import record_event
from app.services.audit import record_audit
from local_db.models import ExceptionRecord, Owner, Sku
from local_db.store import UnitOfWork
from local_db.types import utc_now
from oms_contract.documents import OutboundCommand
from oms_contract.events import OutboundReceived, ReceiveFailure, ReceiveResult

COMMAND_REFUSED: Final = "COMMAND_REFUSED"
"""The exception type of a refused command's record."""

# Keeps each IN (...) list well under SQLite's bound-parameter limit.
_CHUNK = 400
_SKUS_NAMED = 5
_MAX_TEXT = 500


@dataclass(frozen=True)
class Refusal:
    """Why a command cannot be received: the wire code, the record's arguments and the
    OMS's words for it (plain English, like a shortage's)."""

    code: ReceiveFailure
    args: dict[str, str]
    message: str


def _known_owners(session: Session, commands: Sequence[OutboundCommand]) -> set[str]:
    wanted = sorted({c.owner_id for c in commands})
    known: set[str] = set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        known.update(session.scalars(select(Owner.owner_id).where(Owner.owner_id.in_(chunk))))
    return known


def _known_skus(
    session: Session, commands: Iterable[OutboundCommand]
) -> dict[tuple[str, str], bool]:
    """(owner, SKU) → batch managed, for the SKUs the commands name that the station knows."""
    wanted: dict[str, set[str]] = {}
    for command in commands:
        wanted.setdefault(command.owner_id, set()).update(i.sku_id for i in command.items)
    known: dict[tuple[str, str], bool] = {}
    for owner_id, sku_set in sorted(wanted.items()):
        sku_ids = sorted(sku_set)
        for start in range(0, len(sku_ids), _CHUNK):
            chunk = sku_ids[start : start + _CHUNK]
            rows = session.execute(
                select(Sku.sku_id, Sku.batch_managed).where(
                    Sku.owner_id == owner_id, Sku.sku_id.in_(chunk)
                )
            )
            known.update(((owner_id, sku_id), bool(managed)) for sku_id, managed in rows)
    return known


def _named(skus: Sequence[str]) -> str:
    shown = ", ".join(skus[:_SKUS_NAMED])
    return shown if len(skus) <= _SKUS_NAMED else f"{shown} and {len(skus) - _SKUS_NAMED} more"


def _refusal(
    command: OutboundCommand,
    station_warehouse: str | None,
    owners: set[str],
    skus: dict[tuple[str, str], bool],
) -> Refusal | None:
    order, owner = command.order_no, command.owner_id
    base = {"order": order, "command": command.command_id}
    if station_warehouse is not None and command.warehouse_id != station_warehouse:
        return Refusal(
            ReceiveFailure.WAREHOUSE_MISMATCH,
            {**base, "warehouse": command.warehouse_id, "station_warehouse": station_warehouse},
            f"Order {order} names warehouse {command.warehouse_id}, but it reached a station "
            f"of warehouse {station_warehouse}. Re-route the order to the warehouse it names.",
        )
    if owner not in owners:
        return Refusal(
            ReceiveFailure.OWNER_NOT_FOUND,
            {**base, "owner": owner},
            f"Owner {owner} of order {order} is not in the master data of warehouse "
            f"{command.warehouse_id}. Check master data: post the owner and its SKUs to the "
            "warehouse, then send the order again, re-route or cancel it.",
        )
    missing = sorted({i.sku_id for i in command.items if (owner, i.sku_id) not in skus})
    if missing:
        named = _named(missing)
        return Refusal(
            ReceiveFailure.SKU_NOT_FOUND,
            {**base, "owner": owner, "skus": named},
            f"SKU {named} of owner {owner} (order {order}) is not in the master data of "
            f"warehouse {command.warehouse_id}. Check master data: post the SKU to the "
            "warehouse, then send the order again, re-route or cancel it.",
        )
    # A batch named for a SKU kept without batches: its stock never carries one (receipts
    # drop it), so the order would wait for stock forever (seed 003, 批次指定出库).
    unbatched = sorted(
        {i.sku_id for i in command.items if i.batch_no and not skus[(owner, i.sku_id)]}
    )
    if unbatched:
        named = _named(unbatched)
        return Refusal(
            ReceiveFailure.BATCH_NOT_MANAGED,
            {**base, "owner": owner, "skus": named},
            f"Order {order} names a batch of SKU {named} of owner {owner}, which warehouse "
            f"{command.warehouse_id} keeps without batches. Check the SKU's master data, or "
            "send the order again without the batch, re-route or cancel it.",
        )
    return None


def judge_commands(
    session: Session, commands: Sequence[OutboundCommand], station_warehouse: str | None
) -> list[Refusal | None]:
    """For each new command, why it cannot be received, or None (owners and SKUs are read
    once for all of them). ``station_warehouse`` None: not enrolled, any warehouse goes."""
    if not commands:
        return []
    owners = _known_owners(session, commands)
    skus = _known_skus(session, [c for c in commands if c.owner_id in owners])
    return [_refusal(c, station_warehouse, owners, skus) for c in commands]


def refused_commands(session: Session, order_nos: Iterable[str]) -> dict[str, str]:
    """The commands of these orders refused before: command_id → order_no."""
    wanted = sorted(set(order_nos))
    refused: dict[str, str] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        rows = session.execute(
            select(ExceptionRecord.order_no, ExceptionRecord.detail_args_json).where(
                ExceptionRecord.exception_type == COMMAND_REFUSED,
                ExceptionRecord.order_no.in_(chunk),
            )
        )
        for order_no, args_json in rows:
            command_id = json.loads(args_json or "{}").get("command")
            if order_no is not None and isinstance(command_id, str):
                refused[command_id] = order_no
    return refused


def record_refusal(
    uow: UnitOfWork, command: OutboundCommand, refusal: Refusal, operator: str
) -> None:
    """The FAIL receipt for the OMS, the supervisor's record pointing at it, an audit row."""
    event = record_event(
        uow,
        OutboundReceived(
            command_id=command.command_id,
            order_no=command.order_no,
            result=ReceiveResult.FAIL,
            error_code=refusal.code.value,
            error_message=refusal.message[:_MAX_TEXT],
        ),
        operator,
    )
    code = refusal.code.value
    uow.session.add(
        ExceptionRecord(
            exception_type=COMMAND_REFUSED,
            order_no=command.order_no,
            severity="high",
            status="open",
            detail_code=code,
            detail_args_json=details.detail_args(**refusal.args),
            created_at=utc_now(),
            outbox_event_id=event.id,
        )
    )
    record_audit(
        uow,
        operator=operator,
        action="refuse_outbound_command",
        entity="outbound_order",
        entity_key=command.order_no,
        after={"code": code, "command": command.command_id},
        outbox_event=event,
    )
