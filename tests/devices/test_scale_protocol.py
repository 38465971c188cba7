"""The scale protocols' parsing and the stable-weight rule, without Qt or a port.

Seed 002 §Step 7: "打包完成，称重" — packed, then weighed.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from devices.scale_protocol import (
    Fault,
    FaultFilter,
    Kind,
    Reading,
    ScaleDecoder,
    parse_continuous,
    parse_mtsics,
    split_frames,
)


@pytest.mark.parametrize(
    ("frame", "kind", "weight"),
    [
        (b"S S      0.705 kg", Kind.STABLE, Decimal("0.705")),
        (b"S D      0.702 kg", Kind.DYNAMIC, Decimal("0.702")),
        (b"S S     -0.000 kg", Kind.STABLE, Decimal("0.000")),
        (b"S S   1.5 kg", Kind.STABLE, Decimal("1.500")),
    ],
)
def test_mtsics_weights(frame: bytes, kind: Kind, weight: Decimal) -> None:
    reading = parse_mtsics(frame, "kg")
    assert (reading.kind, reading.weight_kg) == (kind, weight)


@pytest.mark.parametrize(
    ("frame", "fault"),
    [
        (b"S I", Fault.BUSY),
        (b"S +", Fault.OVERLOAD),
        (b"S -", Fault.UNDERLOAD),
        (b"ES", Fault.SCALE_ERROR),
        (b"ET", Fault.SCALE_ERROR),
        (b"EL", Fault.SCALE_ERROR),
        (b"S S      0.705 g", Fault.WRONG_UNIT),
        (b"S X      0.705 kg", Fault.GARBLED),
        (b"\xff\xfe\x00", Fault.GARBLED),
        (b"ST,GS,+  0.705kg", Fault.GARBLED),  # the other protocol
    ],
)
def test_mtsics_faults(frame: bytes, fault: Fault) -> None:
    assert parse_mtsics(frame, "kg") == Reading(
        Kind.FAULT, fault=fault, frame=frame.decode("ascii", errors="replace").strip()
    )


def test_mtsics_grams_become_kilograms() -> None:
    assert parse_mtsics(b"S S      705 g", "g").weight_kg == Decimal("0.705")


@pytest.mark.parametrize(
    ("frame", "kind", "weight"),
    [
        (b"ST,GS,+  0.705kg", Kind.STABLE, Decimal("0.705")),
        (b"US,GS,+  0.702kg", Kind.DYNAMIC, Decimal("0.702")),
        (b"ST,NT,+  1.250 kg", Kind.STABLE, Decimal("1.250")),
        (b"ST,GS,+   705g", Kind.FAULT, None),  # grams from a scale set to kg
    ],
)
def test_continuous_frames(frame: bytes, kind: Kind, weight: Decimal | None) -> None:
    reading = parse_continuous(frame, "kg")
    assert (reading.kind, reading.weight_kg) == (kind, weight)


@pytest.mark.parametrize(
    ("frame", "fault"),
    [
        (b"OL,GS,+  9999kg", Fault.OVERLOAD),
        (b"ST,GS,-  0.120kg", Fault.UNDERLOAD),
        (b"ST,GS,+  0.7x5kg", Fault.GARBLED),
        (b"S S      0.705 kg", Fault.GARBLED),  # the other protocol
    ],
)
def test_continuous_faults(frame: bytes, fault: Fault) -> None:
    assert parse_continuous(frame, "kg").fault is fault


def test_frames_split_on_any_line_end_and_keep_the_rest() -> None:
    assert split_frames(b"a\r\nb\rc\n\r\nd") == ([b"a", b"b", b"c"], b"d")


def test_decoder_joins_frames_across_reads() -> None:
    decoder = ScaleDecoder("continuous", "kg")
    assert decoder.feed(b"\r\nST,GS,+  0.7") == []
    (reading,) = decoder.feed(b"05kg\r\nUS,")
    assert reading.weight_kg == Decimal("0.705") and reading.stable


def test_decoder_calls_endless_noise_garbled() -> None:
    decoder = ScaleDecoder("mtsics", "kg")
    (reading,) = decoder.feed(b"\x00" * 100)  # wrong baud rate: never a line end
    assert reading.fault is Fault.GARBLED
    assert len(decoder.feed(b"\x00" * 200)) == 3  # one fault per frame's worth of noise
    assert decoder.feed(b"S S 1.000 kg\r\n")[0].weight_kg == Decimal("1.000")


def test_stable_only_when_the_scale_says_so() -> None:
    """The flag is the scale's own (S S / ST); the pack flow takes only a stable weight."""
    assert parse_mtsics(b"S S 0.705 kg", "kg").stable
    assert not parse_mtsics(b"S D 0.705 kg", "kg").stable
    assert parse_continuous(b"ST,GS,+  0.705kg", "kg").stable
    assert not parse_continuous(b"US,GS,+  0.705kg", "kg").stable
    assert not parse_mtsics(b"S +", "kg").stable


def test_a_continuous_scale_joined_mid_frame_is_not_garbled() -> None:
    decoder = ScaleDecoder("continuous", "kg")
    assert decoder.feed(b"0.705kg\r\nST,GS,+  0.7") == []  # the tail of a frame: dropped
    (reading,) = decoder.feed(b"05kg\r\n")
    assert reading.weight_kg == Decimal("0.705")


def test_below_zero_is_underload_only_once_settled() -> None:
    assert parse_mtsics(b"S S  -0.120 kg", "kg").fault is Fault.UNDERLOAD
    assert parse_continuous(b"ST,GS,-  0.120kg", "kg").fault is Fault.UNDERLOAD
    assert parse_continuous(b"US,GS,-  0.003kg", "kg").kind is Kind.DYNAMIC


def test_one_noisy_line_or_busy_answer_is_not_a_fault_yet() -> None:
    faults = FaultFilter()
    garbled, busy = parse_mtsics(b"S X", "kg"), parse_mtsics(b"S I", "kg")
    weight, overload = parse_mtsics(b"S S 1 kg", "kg"), parse_mtsics(b"S +", "kg")
    assert [faults.passes(r) for r in (garbled, busy, weight)] == [False, False, True]
    assert [faults.passes(r) for r in (garbled, garbled, garbled)] == [False, False, True]
    assert faults.passes(overload)  # never a passing state: at once
