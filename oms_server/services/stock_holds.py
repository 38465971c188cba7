"""Frozen and damaged units: stock on the shelves that the OMS must not promise.

Seed 000 §3.2: 可售 = 实物库存 − 锁定库存 − 安全库存; seed 003 warns of freezes, QC holds and
damage (库存冻结/解冻, 质检状态变更, 库内报损) that never reach the OMS. A station puts units
on hold and takes them off by events whose movements change the FROZEN and DAMAGED buckets:
``stock_changed`` FREEZE / UNFREEZE / DAMAGE, a short pick's held units, a return's
DAMAGED and QUARANTINE units (a receipt's QC failures without a disposition are left out,
see ``hold_deltas``), a write-off of damaged units. The OMS applies
those deltas to its logical stock (``LogicalStock.frozen`` / ``damaged``) so ``available``
leaves them out.

Never below zero: units frozen before the OMS kept holds can be unfrozen without harm.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Protocol

from oms_contract.events import EventPayload, InboundReceived, ReturnDisposition, StockBucket
from oms_server.services.movement_checks import movements_of

HoldKey = tuple[str, str]  # (owner_id, sku_id)


class HeldRow(Protocol):
    """What :func:`apply_holds` needs of a stock row (ORM row or batch state)."""

    frozen: int
    damaged: int
    updated_at: dt.datetime


def hold_deltas(payload: EventPayload) -> dict[HoldKey, tuple[int, int]]:
    """Per owner/SKU, the (frozen, damaged) change the event's movements make.

    A receipt's holds come from its lines' dispositions (returns: DAMAGED and QUARANTINE
    units join on-hand and are held, ``inbound.py``), whatever movements it carries; its QC
    failures without a disposition are left out: the OMS never adds them to its on-hand, so
    they are not there to hold back."""
    if isinstance(payload, InboundReceived):
        return _receipt_holds(payload)
    frozen: dict[HoldKey, int] = defaultdict(int)
    damaged: dict[HoldKey, int] = defaultdict(int)
    for movement in movements_of(payload):
        key = (movement.owner_id, movement.sku_id)
        if movement.bucket is StockBucket.FROZEN:
            frozen[key] += movement.delta
        elif movement.bucket is StockBucket.DAMAGED:
            damaged[key] += movement.delta
    keys = sorted(frozen.keys() | damaged.keys())
    return {key: (frozen[key], damaged[key]) for key in keys if frozen[key] or damaged[key]}


def _receipt_holds(payload: InboundReceived) -> dict[HoldKey, tuple[int, int]]:
    held: dict[HoldKey, tuple[int, int]] = {}
    for line in payload.lines:
        key = (payload.owner_id, line.sku_id)
        frozen, damaged = held.get(key, (0, 0))
        if line.disposition is ReturnDisposition.QUARANTINE:
            frozen += line.received_qty
        elif line.disposition is ReturnDisposition.DAMAGED:
            damaged += line.received_qty
        held[key] = (frozen, damaged)
    return {key: value for key, value in sorted(held.items()) if value != (0, 0)}


def apply_holds(row: HeldRow, frozen_delta: int, damaged_delta: int, now: dt.datetime) -> None:
    row.frozen = max(0, (row.frozen or 0) + frozen_delta)
    row.damaged = max(0, (row.damaged or 0) + damaged_delta)
    row.updated_at = now
