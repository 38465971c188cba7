"""Master data the OMS owns and the stations mirror: owners, SKUs, bins, operators."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from oms_contract.base import Code, Quantity, Text, WeightKg, WireModel

MAX_PICK_SEQUENCE = 2**31 - 1
"""Bins are walked in ``pick_sequence`` order; a 32-bit integer leaves room for any layout."""
MAX_MASTER_DATA_ROWS = 10_000
"""Rows of each kind in one master-data batch; send more in several batches."""


class Owner(WireModel):
    """A 货主: the merchant whose goods are stored."""

    owner_id: Code
    name: Text


class BarcodeKind(StrEnum):
    GTIN = "GTIN"  # EAN-13, UPC-A, GTIN-14 (GS1)
    INTERNAL = "INTERNAL"


class Barcode(WireModel):
    code: Code
    kind: BarcodeKind = BarcodeKind.GTIN


class Sku(WireModel):
    owner_id: Code
    sku_id: Code
    name: Text
    safety_stock: Quantity = 0
    batch_managed: bool = False
    expiry_managed: bool = False
    serial_managed: bool = False
    weight_kg: WeightKg | None = None
    barcodes: list[Barcode] = Field(default_factory=list, max_length=50)


class Location(WireModel):
    """A bin such as ``A-01-02-03`` (zone-aisle-rack-level)."""

    code: Code
    zone: Code
    pick_sequence: int = Field(strict=True, ge=0, le=MAX_PICK_SEQUENCE)
    pickable: bool = True
    frozen: bool = False


class OperatorRole(StrEnum):
    OPERATOR = "operator"
    SUPERVISOR = "supervisor"


class Operator(WireModel):
    badge_code: Code
    name: Text
    role: OperatorRole = OperatorRole.OPERATOR
    pin_hash: str | None = Field(
        default=None,
        max_length=256,
        description="PBKDF2 hash of a supervisor's PIN ('pbkdf2_sha256$iterations$salt$hash').",
    )
    active: bool = True


class MasterDataUpsert(WireModel):
    """One batch of master data; every list may be empty. Rows are upserted by their key."""

    owners: list[Owner] = Field(default_factory=list, max_length=MAX_MASTER_DATA_ROWS)
    skus: list[Sku] = Field(default_factory=list, max_length=MAX_MASTER_DATA_ROWS)
    locations: list[Location] = Field(default_factory=list, max_length=MAX_MASTER_DATA_ROWS)
    operators: list[Operator] = Field(default_factory=list, max_length=MAX_MASTER_DATA_ROWS)
