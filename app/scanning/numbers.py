"""Whole numbers typed on the floor (quantities, package counts): ASCII digits, bounded.

``str.isdigit`` accepts ``²`` and other Unicode digits that ``int`` then refuses, and ``int``
takes a 5,000-digit string only to overflow the store later: both ended in "Something went
wrong". A typed number is ASCII digits only, at most as long and as large as a quantity in
the OMS contract (``oms_contract.base.Quantity``) can be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

# The contract's largest quantity; a typed number above it can never be booked.
MAX_TYPED_NUMBER = 10_000_000
_MAX_DIGITS = len(str(MAX_TYPED_NUMBER))
# How much of a refused entry the operator sees again (a 5,000-character paste must not
# flood the screen or the log).
_ECHO_CHARS = 12


class NumberProblem(StrEnum):
    NOT_A_NUMBER = "not_a_number"
    TOO_LARGE = "too_large"


@dataclass(frozen=True)
class TypedNumber:
    """What the operator typed: ``value`` when it is a usable whole number, else ``problem``.
    ``shown`` is the entry as the refusal repeats it, shortened."""

    shown: str
    value: int | None = None
    problem: NumberProblem | None = None


def shown(text: str) -> str:
    return text if len(text) <= _ECHO_CHARS else text[:_ECHO_CHARS] + "…"


def parse_typed_number(text: str, maximum: int = MAX_TYPED_NUMBER) -> TypedNumber:
    """Never raises. Leading zeros are fine ("007" is 7); signs, spaces inside, decimal
    points and non-ASCII digits are not a whole number."""
    entry = text.strip()
    echo = shown(entry)
    if not entry or not entry.isascii() or not entry.isdigit():
        return TypedNumber(echo, problem=NumberProblem.NOT_A_NUMBER)
    significant = entry.lstrip("0") or "0"
    if len(significant) > _MAX_DIGITS or int(significant) > maximum:
        return TypedNumber(echo, problem=NumberProblem.TOO_LARGE)
    return TypedNumber(echo, value=int(significant))


_WEIGHT = re.compile(r"[0-9]{1,6}(?:[.,][0-9]{1,3})?")


def parse_typed_weight(text: str) -> Decimal | None:
    """A weight in kg as typed ("1.25" or "1,25"), ASCII digits, at most 3 decimals; else
    None. The shipping service still checks its range."""
    entry = text.strip()
    if not _WEIGHT.fullmatch(entry):
        return None
    return Decimal(entry.replace(",", "."))
