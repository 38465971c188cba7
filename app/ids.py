"""Time-ordered identifiers for rows written in bulk (a feed page's orders and outbox events).

A random UUID lands anywhere in its unique index, so a page of a few thousand new rows dirties
nearly every leaf page of the index and the commit writes (and fsyncs) all of them. These ids
start with the time in milliseconds, so new rows go to one edge of the index: a page touches a
handful of index pages. They keep the shapes of the random ones they replace (32 hex digits
for an event id, "WO" and 16 upper-case hex digits for a station outbound number), so nothing
that stores, prints or scans them changes.

Within a process the ids strictly increase (a counter breaks ties within a millisecond and
carries into it), so two of them never collide here; the random bits keep ids of another
process (or a clock set back) apart.
"""

from __future__ import annotations

import os
import threading
import time

_lock = threading.Lock()
_last_event_ms = 0
_event_counter = 0
_last_outbound_ms = 0
_outbound_counter = 0

_COUNTER_12 = 0xFFF
_COUNTER_16 = 0xFFFF


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def new_event_ids(count: int) -> list[str]:
    """``count`` UUIDv7 ids (RFC 9562: 48-bit Unix milliseconds, a 12-bit counter, 62 random
    bits) as 32 lower-case hex digits, in increasing order."""
    global _last_event_ms, _event_counter
    random = os.urandom(8 * count)
    ids: list[str] = []
    with _lock:
        ms, counter = _last_event_ms, _event_counter
        for n in range(count):
            now = _now_ms()
            if now > ms:
                ms, counter = now, 0
            elif counter < _COUNTER_12:
                counter += 1
            else:
                ms, counter = ms + 1, 0
            tail = int.from_bytes(random[8 * n : 8 * n + 8], "big") & 0x3FFF_FFFF_FFFF_FFFF
            value = (ms << 80) | (0x7 << 76) | (counter << 64) | (0b10 << 62) | tail
            ids.append(f"{value:032x}")
        _last_event_ms, _event_counter = ms, counter
    return ids


def new_outbound_numbers(count: int) -> list[str]:
    """``count`` station outbound numbers ("WO" + 48-bit milliseconds + a 16-bit counter that
    starts at a random point each millisecond, in upper-case hex), in increasing order."""
    global _last_outbound_ms, _outbound_counter
    starts = os.urandom(2 * count)
    numbers: list[str] = []
    with _lock:
        ms, counter = _last_outbound_ms, _outbound_counter
        for n in range(count):
            now = _now_ms()
            if now > ms:
                # Below half the range, so the millisecond has room to count on.
                ms, counter = now, int.from_bytes(starts[2 * n : 2 * n + 2], "big") >> 1
            elif counter < _COUNTER_16:
                counter += 1
            else:
                ms, counter = ms + 1, 0
            numbers.append(f"WO{(ms << 16) | counter:016X}")
        _last_outbound_ms, _outbound_counter = ms, counter
    return numbers
