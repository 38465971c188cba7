"""GS1 check digits (GTIN-8/12/13/14)."""

from __future__ import annotations

GTIN_LENGTHS = {8, 12, 13, 14}


def gtin_check_digit(body: str) -> int:
    """The check digit for the digits before it: weights 3,1,3,... from the right."""
    total = sum(
        int(digit) * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(body))
    )
    return (10 - total % 10) % 10


def is_valid_gtin(code: str) -> bool:
    if len(code) not in GTIN_LENGTHS or not code.isdigit():
        return False
    return gtin_check_digit(code[:-1]) == int(code[-1])


def make_gtin13(prefix_and_item: str) -> str:
    """Complete twelve digits into a valid GTIN-13."""
    if len(prefix_and_item) != 12 or not prefix_and_item.isdigit():
        raise ValueError("a GTIN-13 body is 12 digits")
    return prefix_and_item + str(gtin_check_digit(prefix_and_item))
