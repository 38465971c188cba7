"""Serial / USB-CDC scanners send one barcode per line: framing the bytes into scans (no Qt).

The Qt adapter (ui/devices/serial_scanner.py) owns the port and feeds what it reads here.
"""

from __future__ import annotations


def split_scans(buffer: bytes) -> tuple[list[str], bytes]:
    """Complete scans in ``buffer`` and the incomplete rest (kept for the next read)."""
    scans: list[str] = []
    normalised = buffer.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    *complete, rest = normalised.split(b"\n")
    for raw in complete:
        code = raw.decode("latin-1").strip(" \t")
        if code:
            scans.append(code)
    return scans, rest
