"""Base model and shared field types for the wire contract."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
"""An identifier such as an owner id, SKU id, order number or bin code."""

Text = Annotated[str, StringConstraints(max_length=500)]
Quantity = Annotated[int, Field(ge=0, le=10_000_000)]
PositiveQuantity = Annotated[int, Field(gt=0, le=10_000_000)]
SignedQuantity = Annotated[int, Field(ge=-10_000_000, le=10_000_000)]
WeightKg = Annotated[Decimal, Field(ge=0, le=100_000, max_digits=12, decimal_places=3)]
Timestamp = AwareDatetime
"""Always timezone-aware on the wire; naive datetimes are refused."""


class WireModel(BaseModel):
    """Strict by default: unknown fields are refused so a malformed payload changes nothing."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
