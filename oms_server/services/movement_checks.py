"""Stock movements must say what their event says.

Other stations apply an accepted event's movements to their bins, so a movement the payload
does not account for (an ``inventory_adjusted`` of 0 that adds ten million units of an unknown
SKU in an unknown bin) would change every peer's stock behind the OMS's back. Each movement
names a bin of the warehouse and the event's owner and SKUs; per SKU, the movements add up to
the event's quantities and move in the direction its type allows. These are the movements the
station's own services write (``app/services/stock_ledger.py`` and its callers).

An event may carry no movements at all (peers' bins then stay as they are, only the OMS's
logical stock changes); if it carries any, they account for the whole event.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from oms_contract.events import (
    EventPayload,
    InboundReceived,
    InventoryAdjusted,
    OutboundStatusChanged,
    PickedLines,
    QcResult,
    ReturnDisposition,
    StockBucket,
    StockChanged,
    StockChangeType,
    StockMovement,
    Unpicked,
)
from oms_server.errors import RuleViolation
from oms_server.models import LocationRow

MOVEMENTS_MISMATCH = "MOVEMENTS_MISMATCH"
LOCATION_NOT_FOUND = "LOCATION_NOT_FOUND"
_HOLDS = (StockBucket.FROZEN, StockBucket.DAMAGED)


def movements_of(payload: EventPayload) -> list[StockMovement]:
    return list(getattr(payload, "movements", ()))


def movement_bins(payloads: Iterable[EventPayload]) -> set[str]:
    return {m.location_code for payload in payloads for m in movements_of(payload)}


def known_bins(session: Session, warehouse_id: str, codes: Collection[str]) -> set[str]:
    """The codes among ``codes`` that are bins of the warehouse's master data."""
    wanted = sorted(codes)
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        found.update(
            session.scalars(
                select(LocationRow.code).where(
                    LocationRow.warehouse_id == warehouse_id,
                    LocationRow.code.in_(wanted[start : start + 500]),
                )
            )
        )
    return found


def check_movements(
    payload: EventPayload, bins: Collection[str], order_owner_id: str | None = None
) -> None:
    """Raise ``RuleViolation`` unless the payload's movements match it.

    ``bins`` holds (at least) the known bins among the movements' locations;
    ``order_owner_id`` is the owner of the order a ``picked_lines`` or ``unpicked`` event is
    about.
    """
    movements = movements_of(payload)
    if not movements:
        # Only the OMS's logical stock changes; peers' bins stay as they are.
        return
    for movement in movements:
        if movement.location_code not in bins:
            raise RuleViolation(
                LOCATION_NOT_FOUND,
                f"A movement names bin {movement.location_code}, which is not a bin of this "
                "warehouse in the OMS's master data.",
            )
    if isinstance(payload, InventoryAdjusted):
        _adjustment(payload, movements)
    elif isinstance(payload, InboundReceived):
        _receipt(payload, movements)
    elif isinstance(payload, PickedLines):
        _pick(payload, movements, order_owner_id)
    elif isinstance(payload, Unpicked):
        _unpick(payload, movements, order_owner_id)
    elif isinstance(payload, StockChanged):
        _stock_change(payload, movements)
    elif isinstance(payload, OutboundStatusChanged) and movements:
        _refuse(payload, "a status callback moves no stock (picks and put-backs carry it)")


def _refuse(payload: EventPayload, why: str) -> None:
    raise RuleViolation(MOVEMENTS_MISMATCH, f"The {payload.event_type} movements: {why}.")


def _only_sku(
    payload: EventPayload, movements: list[StockMovement], owner_id: str, sku_ids: Collection[str]
) -> None:
    for movement in movements:
        if movement.owner_id != owner_id or movement.sku_id not in sku_ids:
            _refuse(
                payload,
                f"a movement is for SKU {movement.sku_id} of owner {movement.owner_id}, "
                "which the event is not about",
            )


def _sums(movements: Iterable[StockMovement], buckets: Collection[StockBucket]) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for movement in movements:
        if movement.bucket in buckets:
            totals[movement.sku_id] += movement.delta
    return totals


def _signs(
    payload: EventPayload,
    movements: list[StockMovement],
    buckets: Collection[StockBucket],
    sign: int,
) -> None:
    """Every movement of ``buckets`` has ``sign`` (+1 adds, -1 takes away)."""
    for movement in movements:
        if movement.bucket in buckets and movement.delta * sign <= 0:
            direction = "add to" if sign > 0 else "take from"
            _refuse(payload, f"every {movement.bucket.value} movement must {direction} the bin")


def _adjustment(payload: InventoryAdjusted, movements: list[StockMovement]) -> None:
    _only_sku(payload, movements, payload.owner_id, {payload.sku_id})
    if payload.location_code is not None and any(
        m.location_code != payload.location_code for m in movements
    ):
        _refuse(payload, f"every movement must be in the adjusted bin {payload.location_code}")
    on_hand = _sums(movements, (StockBucket.ON_HAND,)).get(payload.sku_id, 0)
    if on_hand != payload.quantity:
        _refuse(payload, f"on-hand changes add up to {on_hand}, the event says {payload.quantity}")
    # A count or write-off only ever releases held units (they left the bin).
    _signs(payload, movements, _HOLDS, -1)


def _receipt(payload: InboundReceived, movements: list[StockMovement]) -> None:
    skus = {line.sku_id for line in payload.lines}
    _only_sku(payload, movements, payload.owner_id, skus)
    received: dict[str, int] = defaultdict(int)
    failed: dict[str, int] = defaultdict(int)
    quarantined: dict[str, int] = defaultdict(int)
    for line in payload.lines:
        received[line.sku_id] += line.received_qty
        if line.disposition is ReturnDisposition.QUARANTINE:
            quarantined[line.sku_id] += line.received_qty
        elif line.disposition is ReturnDisposition.DAMAGED or (
            line.disposition is None and line.qc_result == QcResult.FAIL
        ):
            failed[line.sku_id] += line.received_qty
    _signs(payload, movements, list(StockBucket), +1)
    on_hand = _sums(movements, (StockBucket.ON_HAND,))
    damaged = _sums(movements, (StockBucket.DAMAGED,))
    frozen = _sums(movements, (StockBucket.FROZEN,))
    for sku_id in sorted(skus):
        if frozen.get(sku_id, 0) != quarantined[sku_id]:
            _refuse(
                payload,
                f"{sku_id}: frozen changes add up to {frozen.get(sku_id, 0)}, "
                f"{quarantined[sku_id]} went to quarantine",
            )
        if on_hand.get(sku_id, 0) != received[sku_id]:
            _refuse(
                payload,
                f"{sku_id}: on-hand changes add up to {on_hand.get(sku_id, 0)}, "
                f"{received[sku_id]} were received",
            )
        if damaged.get(sku_id, 0) != failed[sku_id]:
            _refuse(
                payload,
                f"{sku_id}: damaged changes add up to {damaged.get(sku_id, 0)}, "
                f"{failed[sku_id]} failed QC (or were returned damaged)",
            )


def _pick(payload: PickedLines, movements: list[StockMovement], owner_id: str | None) -> None:
    skus = {line.sku_id for line in payload.lines}
    if owner_id is not None:
        _only_sku(payload, movements, owner_id, skus)
    bins = {line.location_code for line in payload.lines}
    if any(m.location_code not in bins for m in movements):
        _refuse(payload, "every movement must be in a bin of the picked lines")
    picked: dict[str, int] = defaultdict(int)
    short: dict[str, int] = defaultdict(int)
    for line in payload.lines:
        picked[line.sku_id] += line.quantity
        short[line.sku_id] += line.short_qty
    _signs(payload, movements, (StockBucket.ON_HAND,), -1)
    _signs(payload, movements, _HOLDS, +1)
    on_hand = _sums(movements, (StockBucket.ON_HAND,))
    held = _sums(movements, _HOLDS)
    for sku_id in sorted(skus):
        if -on_hand.get(sku_id, 0) != picked[sku_id]:
            _refuse(
                payload,
                f"{sku_id}: on-hand changes add up to {on_hand.get(sku_id, 0)}, "
                f"{picked[sku_id]} were picked",
            )
        if held.get(sku_id, 0) != short[sku_id]:
            _refuse(
                payload,
                f"{sku_id}: held units add up to {held.get(sku_id, 0)}, "
                f"{short[sku_id]} were short-picked",
            )


def _unpick(payload: Unpicked, movements: list[StockMovement], owner_id: str | None) -> None:
    """Units go back on hand in the bins they were picked from, as many as the lines say."""
    skus = {line.sku_id for line in payload.lines}
    if owner_id is not None:
        _only_sku(payload, movements, owner_id, skus)
    bins = {line.location_code for line in payload.lines}
    if any(m.location_code not in bins for m in movements):
        _refuse(payload, "every movement must be in a bin of the unpicked lines")
    if any(m.bucket is not StockBucket.ON_HAND for m in movements):
        _refuse(payload, "an unpick changes only on-hand units")
    _signs(payload, movements, (StockBucket.ON_HAND,), +1)
    back = _sums(movements, (StockBucket.ON_HAND,))
    for sku_id in sorted(skus):
        wanted = sum(line.quantity for line in payload.lines if line.sku_id == sku_id)
        if back.get(sku_id, 0) != wanted:
            _refuse(
                payload,
                f"{sku_id}: on-hand changes add up to {back.get(sku_id, 0)}, {wanted} went back",
            )


_HOLD_CHANGES = {
    StockChangeType.FREEZE: (StockBucket.FROZEN, +1),
    StockChangeType.UNFREEZE: (StockBucket.FROZEN, -1),
    StockChangeType.DAMAGE: (StockBucket.DAMAGED, +1),
}


def _stock_change(payload: StockChanged, movements: list[StockMovement]) -> None:
    _only_sku(payload, movements, payload.owner_id, {payload.sku_id})
    kind = payload.change_type
    if kind is StockChangeType.MOVE:
        # Goods change bins; none appear or vanish.
        for bucket in StockBucket:
            if _sums(movements, (bucket,)).get(payload.sku_id, 0) != 0:
                _refuse(payload, f"a move's {bucket.value} changes must add up to 0")
    elif kind in _HOLD_CHANGES:
        bucket, sign = _HOLD_CHANGES[kind]
        if any(m.bucket is not bucket for m in movements):
            _refuse(payload, f"a {kind.value} changes only {bucket.value} units")
        _signs(payload, movements, (bucket,), sign)
    elif kind is StockChangeType.PUT_BACK:
        if any(m.bucket is not StockBucket.ON_HAND for m in movements):
            _refuse(payload, "a put-back changes only on-hand units")
        _signs(payload, movements, (StockBucket.ON_HAND,), +1)
    elif kind is StockChangeType.PICK:
        # Units a picker took for an order the OMS gave to another station
        # (app/supervision/lost_orders.py):
        # they left their bins; the put-back that follows returns them.
        if any(m.bucket is not StockBucket.ON_HAND for m in movements):
            _refuse(payload, "a pick report changes only on-hand units")
        _signs(payload, movements, (StockBucket.ON_HAND,), -1)
    elif movements:
        # Receipts, counts and allocations carry their movements on their own event.
        _refuse(payload, f"a {kind.value} report carries no movements")


def put_back_qty(payload: StockChanged) -> int:
    """Units a put-back returns to bins (0 for any other report)."""
    if payload.change_type is not StockChangeType.PUT_BACK:
        return 0
    return sum(m.delta for m in payload.movements if m.bucket is StockBucket.ON_HAND)
