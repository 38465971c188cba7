"""Serial scales: framing and parsing what they send into readings (no Qt).

Two protocols are understood:

- ``mtsics``: Mettler Toledo MT-SICS. The station asks ``SI`` (weight now) and the scale
  answers ``S S      0.705 kg`` (stable), ``S D      0.702 kg`` (dynamic: still moving),
  ``S I`` (busy, no weight), ``S +`` / ``S -`` (overload / underload), or a general error
  ``ES`` (syntax), ``ET`` (transmission), ``EL`` (logical).
- ``continuous``: the common continuous-output format many scales print several times a
  second: ``ST,GS,+  0.705kg`` (stable, gross) or ``US,GS,...`` (unstable); ``OL`` as the
  first field is an overload.

The Qt adapter (ui/devices/serial_scale.py) owns the port, writes the requests and feeds
the bytes it reads to :class:`ScaleDecoder`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Final, Literal

Protocol = Literal["mtsics", "continuous"]
Unit = Literal["kg", "g", "lb"]

PROTOCOLS: Final[tuple[Protocol, ...]] = ("mtsics", "continuous")
UNITS: Final[tuple[Unit, ...]] = ("kg", "g", "lb")

MTSICS_REQUEST: Final = b"SI\r\n"
"""Weight now, stable or not; the station polls with it (``S`` would wait for stability)."""

MAX_FRAME_BYTES: Final = 64
"""A frame longer than this without a line end is noise (wrong baud rate, wrong device)."""

_KG_PER_UNIT: Final[dict[str, Decimal]] = {
    "kg": Decimal(1),
    "g": Decimal("0.001"),
    "lb": Decimal("0.45359237"),
}


class Kind(StrEnum):
    STABLE = "stable"
    DYNAMIC = "dynamic"
    FAULT = "fault"


class Fault(StrEnum):
    """Why there is no weight to use; each has its operator text in ui/scale_texts.py."""

    TIMEOUT = "timeout"  # no answer in time: scale off, wrong port or baud rate
    GARBLED = "garbled"  # bytes that are no frame of the configured protocol
    OVERLOAD = "overload"  # more than the scale can weigh
    UNDERLOAD = "underload"  # below zero: the pan lifted, or zeroed with a box on it
    BUSY = "busy"  # the scale cannot weigh now (MT-SICS ``S I``)
    SCALE_ERROR = "scale_error"  # the scale refused the request (``ES``, ``ET``, ``EL``)
    WRONG_UNIT = "wrong_unit"  # the scale weighs in another unit than the settings say
    DISCONNECTED = "disconnected"  # the port went away (cable pulled, adapter unplugged)


@dataclass(frozen=True)
class Reading:
    """One answer of the scale: a weight in kilograms (stable or moving) or a fault."""

    kind: Kind
    weight_kg: Decimal | None = None
    fault: Fault | None = None
    frame: str = ""
    """The frame as received (for the log, never shown to the packer)."""

    @property
    def stable(self) -> bool:
        return self.kind is Kind.STABLE


def fault(reason: Fault, frame: str = "") -> Reading:
    return Reading(Kind.FAULT, fault=reason, frame=frame)


def to_kg(value: Decimal, unit: str) -> Decimal:
    """``value`` in ``unit`` as kilograms, to the gram (what a shipment stores)."""
    return (value * _KG_PER_UNIT[unit]).quantize(Decimal("0.001"))


def split_frames(buffer: bytes) -> tuple[list[bytes], bytes]:
    """Complete frames (CR, LF or CR LF ended) and the incomplete rest."""
    normalised = buffer.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    *complete, rest = normalised.split(b"\n")
    return [frame for frame in complete if frame.strip()], rest


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(" ", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _weight(kind: Kind, value: str, unit: str, expected_unit: Unit, frame: str) -> Reading:
    number = _number(value)
    if number is None or unit not in _KG_PER_UNIT:
        return fault(Fault.GARBLED, frame)
    if unit != expected_unit:
        return fault(Fault.WRONG_UNIT, frame)
    weight = to_kg(number, unit)
    if kind is Kind.STABLE and weight < 0:
        # Settled below zero: zeroed with something on the pan, or the pan lifted. (A moving
        # weight dipping below zero is only moving.)
        return fault(Fault.UNDERLOAD, frame)
    return Reading(kind, weight_kg=weight, frame=frame)


_MTSICS_WEIGHT = re.compile(r"S\s+([SD])\s+([+-]?\s*\d+(?:\.\d+)?)\s+([A-Za-z]+)")
_MTSICS_STATUS = {"I": Fault.BUSY, "+": Fault.OVERLOAD, "-": Fault.UNDERLOAD}


def parse_mtsics(raw: bytes, unit: Unit) -> Reading:
    """One MT-SICS answer line (without its line end)."""
    frame = raw.decode("ascii", errors="replace").strip()
    if frame in ("ES", "ET", "EL"):
        return fault(Fault.SCALE_ERROR, frame)
    match = _MTSICS_WEIGHT.fullmatch(frame)
    if match is not None:
        status, value, answer_unit = match.groups()
        kind = Kind.STABLE if status == "S" else Kind.DYNAMIC
        return _weight(kind, value, answer_unit, unit, frame)
    parts = frame.split()
    if len(parts) == 2 and parts[0] == "S" and parts[1] in _MTSICS_STATUS:
        return fault(_MTSICS_STATUS[parts[1]], frame)
    return fault(Fault.GARBLED, frame)


_CONTINUOUS = re.compile(r"(ST|US|OL),(GS|NT|TR)?,?\s*([+-]?\s*\d+(?:\.\d+)?)\s*([A-Za-z]+)")


def parse_continuous(raw: bytes, unit: Unit) -> Reading:
    """One continuous-output line: ``ST,GS,+  0.705kg`` / ``US,GS,+  0.702kg`` / ``OL,...``."""
    frame = raw.decode("ascii", errors="replace").strip()
    if frame.startswith("OL,"):
        return fault(Fault.OVERLOAD, frame)
    match = _CONTINUOUS.fullmatch(frame)
    if match is None:
        return fault(Fault.GARBLED, frame)
    status, _gross_or_net, value, answer_unit = match.groups()
    kind = Kind.STABLE if status == "ST" else Kind.DYNAMIC
    return _weight(kind, value, answer_unit, unit, frame)


class ScaleDecoder:
    """Bytes from the port in, readings out; keeps an incomplete frame for the next read.

    A continuous scale is joined mid-stream: what comes before the first line end is the
    tail of a frame, not a garbled one, and is dropped."""

    def __init__(self, protocol: Protocol, unit: Unit) -> None:
        self.protocol: Protocol = protocol
        self.unit: Unit = unit
        self._buffer = b""
        self._synced = protocol == "mtsics"

    def feed(self, data: bytes) -> list[Reading]:
        data = self._buffer + data
        if not self._synced:
            cut = min((i for i in (data.find(b"\r"), data.find(b"\n")) if i >= 0), default=-1)
            if cut < 0 and len(data) <= MAX_FRAME_BYTES:
                self._buffer = data
                return []
            # No line end in a frame's length: noise, counted below like any other.
            data, self._synced = (data[cut:] if cut >= 0 else data), True
        frames, self._buffer = split_frames(data)
        parse = parse_mtsics if self.protocol == "mtsics" else parse_continuous
        readings = [parse(frame, self.unit) for frame in frames]
        if len(self._buffer) > MAX_FRAME_BYTES:
            # Never a line end: noise, not a frame still arriving (one fault per frame's
            # worth of it, however the port happened to cut the reads).
            noise = fault(Fault.GARBLED, self._buffer[:MAX_FRAME_BYTES].hex())
            readings += [noise] * (len(self._buffer) // MAX_FRAME_BYTES)
            self._buffer = b""
        return readings

    def reset(self) -> None:
        self._buffer = b""
        self._synced = self.protocol == "mtsics"


TRANSIENT_FAULTS: Final = frozenset({Fault.GARBLED, Fault.BUSY})
TRANSIENT_IN_A_ROW: Final = 3
"""A line hit by noise or one "busy" answer (zeroing) is no fault yet; three in a row are."""


class FaultFilter:
    """Passes every reading but the first transient faults of a run (the last weight stays)."""

    def __init__(self) -> None:
        self._run = 0

    def passes(self, reading: Reading) -> bool:
        if reading.fault in TRANSIENT_FAULTS:
            self._run += 1
            return self._run >= TRANSIENT_IN_A_ROW
        self._run = 0
        return True
