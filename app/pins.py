"""Supervisor PINs: PBKDF2-SHA256 via hashlib, stored as 'pbkdf2_sha256$iterations$salt$hash'.

The same format the OMS master data carries, so a PIN set centrally works on every station.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

ALGORITHM = "pbkdf2_sha256"
# OWASP's 2023 guidance for PBKDF2-SHA256; a station checks a PIN a few times a shift.
DEFAULT_ITERATIONS = 600_000
_SALT_BYTES = 16


def _derive(pin: str, salt: str, iterations: int) -> str:
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt.encode("ascii"), iterations)
    return base64.b64encode(digest).decode("ascii")


def hash_pin(pin: str, *, iterations: int = DEFAULT_ITERATIONS, salt: str | None = None) -> str:
    if not pin:
        raise ValueError("a PIN cannot be empty")
    if iterations < 1:
        raise ValueError("iterations must be positive")
    salt = salt or secrets.token_hex(_SALT_BYTES)
    if "$" in salt:
        raise ValueError("a salt cannot contain '$'")
    return f"{ALGORITHM}${iterations}${salt}${_derive(pin, salt, iterations)}"


def verify_pin(pin: str, encoded: str | None) -> bool:
    """True if ``pin`` matches; a missing or malformed hash never matches."""
    if not encoded or not pin:
        return False
    parts = encoded.split("$")
    if len(parts) != 4 or parts[0] != ALGORITHM:
        return False
    _, iterations_text, salt, expected = parts
    try:
        iterations = int(iterations_text)
        salt.encode("ascii")
    except (ValueError, UnicodeEncodeError):
        return False
    if iterations < 1:
        return False
    return hmac.compare_digest(_derive(pin, salt, iterations), expected)
