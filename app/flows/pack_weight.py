"""The pack flow's weight step: where the weight comes from, and the unit-weight check.

A weight comes from the scale when one is configured and works (a stable reading the
packer confirms with CMD:CONFIRM); it is typed when there is no scale or the scale is at
fault, and the shipment's audit row says so and why. When every packed SKU has a unit
weight in the master data, a package off the expected weight by more than the tolerance
(the larger of ``weight_tolerance_pct`` and ``weight_tolerance_g``) is refused.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from sqlalchemy import select

from app.flows.messages import with_args
from app.flows.scale_input import ScaleInput
from app.flows.view import Message
from local_db.models.master_data import Sku
from local_db.store import Store

WEIGHT_OFF_EXPECTED = Message("weight_off_expected")


def typed_reason(scale: ScaleInput) -> str:
    """Why the weight was typed, for the audit row: no scale, or the scale's fault code."""
    if not scale.configured:
        return "no_scale"
    return f"scale_fault:{scale.latest.fault or 'unknown'}"


def expected_grams(store: Store, owner_id: str, units: Counter[str]) -> int | None:
    """The packed units' weight from the master data; None when a SKU has no unit weight."""
    if not units:
        return None
    with store.read_session() as session:
        rows = session.execute(
            select(Sku.sku_id, Sku.weight_grams).where(
                Sku.owner_id == owner_id, Sku.sku_id.in_(list(units))
            )
        )
        weights: dict[str, int | None] = {sku_id: grams for sku_id, grams in rows}
    total = 0
    for sku_id, count in units.items():
        grams = weights.get(sku_id)
        if grams is None:
            return None
        total += grams * count
    return total


def weight_refusal(
    measured_kg: Decimal, expected: int | None, tolerance_pct: int, tolerance_g: int
) -> Message | None:
    """Refused with both figures when the package is off the expected weight."""
    if expected is None:
        return None
    measured = int((measured_kg * 1000).to_integral_value())
    allowed = max(expected * tolerance_pct // 100, tolerance_g)
    if abs(measured - expected) <= allowed:
        return None
    return with_args(
        WEIGHT_OFF_EXPECTED,
        expected=str(Decimal(expected) / 1000),
        measured=str(measured_kg),
        tolerance=str(Decimal(allowed) / 1000),
    )
