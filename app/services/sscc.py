"""SSCC (GS1 Serial Shipping Container Code, AI 00): 18 digits, mod-10 check digit last."""

from __future__ import annotations


def gs1_check_digit(digits: str) -> int:
    """GS1 mod 10: weights 3, 1, 3, ... from the rightmost data digit."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return (10 - total % 10) % 10


def sscc(extension: int, company_prefix: str, serial: int) -> str:
    """The 18-digit SSCC: extension digit, company prefix, serial reference, check digit.

    The serial reference fills what the prefix leaves of 16 digits; a serial too large for
    that room is refused, never cut (an SSCC must not repeat)."""
    if not (company_prefix.isdigit() and 6 <= len(company_prefix) <= 12):
        raise ValueError("GS1 company prefix: 6 to 12 digits")
    if not 0 <= extension <= 9:
        raise ValueError("extension digit: 0 to 9")
    room = 16 - len(company_prefix)
    if not 0 <= serial < 10**room:
        raise ValueError(f"serial {serial} does not fit {room} digits")
    body = f"{extension}{company_prefix}{serial:0{room}d}"
    return body + str(gs1_check_digit(body))
