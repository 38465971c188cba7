"""Supervisor PIN hashes as they travel in master data: the one format both sides use.

``pbkdf2_sha256$<iterations>$<salt as hex>$<PBKDF2-HMAC-SHA256 digest as hex>``. The OMS
hashes a PIN (:func:`hash_pin`), the station checks a typed PIN against the hash it received
in the feed (:func:`verify_pin`). Neither side has an implementation of its own.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import Final

ALGORITHM: Final = "pbkdf2_sha256"
# OWASP's 2023 guidance for PBKDF2-SHA256 is 600,000; a station checks a PIN a few times a
# shift, and a supervisor waits for it, so the OMS uses a little less by default.
DEFAULT_ITERATIONS: Final = 200_000
# A hash from the wire is not trusted to be cheap: past this a check would freeze the station.
MAX_ITERATIONS: Final = 2_000_000
_SALT_BYTES: Final = 16
_DIGEST_HEX: Final = re.compile(r"[0-9a-f]{64}")
_SALT_HEX: Final = re.compile(r"(?:[0-9a-f]{2}){8,64}")


def _derive(pin: str, salt: bytes, iterations: int) -> str:
    return hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, iterations).hex()


def hash_pin(pin: str, *, iterations: int = DEFAULT_ITERATIONS, salt: bytes | None = None) -> str:
    """The wire form of ``pin``'s hash, with a fresh random salt unless one is given."""
    if not pin:
        raise ValueError("a PIN cannot be empty")
    if not 1 <= iterations <= MAX_ITERATIONS:
        raise ValueError(f"iterations must be between 1 and {MAX_ITERATIONS}")
    salt = secrets.token_bytes(_SALT_BYTES) if salt is None else salt
    if not 8 <= len(salt) <= 64:
        raise ValueError("a salt must be 8 to 64 bytes")
    return f"{ALGORITHM}${iterations}${salt.hex()}${_derive(pin, salt, iterations)}"


def _parse(encoded: str) -> tuple[int, bytes, str] | None:
    parts = encoded.split("$")
    if len(parts) != 4 or parts[0] != ALGORITHM:
        return None
    _, iterations_text, salt_hex, digest = parts
    if not iterations_text.isascii() or not iterations_text.isdigit():
        return None
    iterations = int(iterations_text)
    if not 1 <= iterations <= MAX_ITERATIONS:
        return None
    if _SALT_HEX.fullmatch(salt_hex) is None or _DIGEST_HEX.fullmatch(digest) is None:
        return None
    return iterations, bytes.fromhex(salt_hex), digest


def is_pin_hash(encoded: str) -> bool:
    """True if ``encoded`` is a hash in the wire format (says nothing about which PIN)."""
    return _parse(encoded) is not None


def verify_pin(pin: str, encoded: str | None) -> bool:
    """True if ``pin`` matches; a missing or malformed hash never matches."""
    if not encoded or not pin:
        return False
    parsed = _parse(encoded)
    if parsed is None:
        return False
    iterations, salt, digest = parsed
    return hmac.compare_digest(_derive(pin, salt, iterations), digest)
