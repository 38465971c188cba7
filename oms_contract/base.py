"""Base model, shared field types and the contract's limits.

Every number on the wire is bounded by what the stores on both sides hold: ids, sequences
and cursors by a signed 64-bit integer (SQLite's INTEGER, PostgreSQL's BIGINT); quantities by
:data:`MAX_QUANTITY`. Integers are strict: ``"5"``, ``5.0`` and ``true`` are not 5 or 1.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

MAX_INT64 = 2**63 - 1
"""The largest id, sequence or cursor: what SQLite and PostgreSQL store as an integer."""

MAX_QUANTITY = 10_000_000
"""The most units of one line, one movement or one event, and the most stock of one
owner/SKU a warehouse may hold (so a station's available figure always fits a quantity)."""

MAX_CODE_LENGTH = 64
MAX_TEXT_LENGTH = 500

Code = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_CODE_LENGTH)
]
"""An identifier such as an owner id, SKU id, order number or bin code."""

Text = Annotated[str, StringConstraints(max_length=MAX_TEXT_LENGTH)]
Quantity = Annotated[int, Field(strict=True, ge=0, le=MAX_QUANTITY)]
PositiveQuantity = Annotated[int, Field(strict=True, gt=0, le=MAX_QUANTITY)]
SignedQuantity = Annotated[int, Field(strict=True, ge=-MAX_QUANTITY, le=MAX_QUANTITY)]
Sequence64 = Annotated[int, Field(strict=True, ge=1, le=MAX_INT64)]
"""A position in a sequence (station_seq, feed seq): 1 up to a signed 64-bit integer."""
Cursor64 = Annotated[int, Field(strict=True, ge=0, le=MAX_INT64)]
WeightKg = Annotated[Decimal, Field(ge=0, le=100_000, max_digits=12, decimal_places=3)]
Timestamp = AwareDatetime
"""Always timezone-aware on the wire; naive datetimes are refused."""


class WireModel(BaseModel):
    """Strict by default: unknown fields are refused so a malformed payload changes nothing
    (the OMS's input). A reader of the other side's output validates with
    ``extra=oms_contract.versions.TOLERANT`` instead: a newer side's fields are kept, not
    refused (the compatibility rule in oms_contract/versions.py)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
