"""Burst detection with synthetic timestamps: no Qt, no clock."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from devices.scanner_wedge import Scan, Typed, WedgeDecoder, WedgeEvent, WedgeSettings


def feed(decoder: WedgeDecoder, text: str, start_ms: float, step_ms: float) -> list[WedgeEvent]:
    events: list[WedgeEvent] = []
    for index, char in enumerate(text):
        events.extend(decoder.key(char, start_ms + index * step_ms))
    return events


def test_fast_burst_ending_in_enter_is_one_scan() -> None:
    decoder = WedgeDecoder()
    assert feed(decoder, "A-01-02-03\r", 1000, 4) == [Scan("A-01-02-03")]
    assert not decoder.holding


def test_keys_are_held_back_while_they_may_be_a_scan() -> None:
    decoder = WedgeDecoder()
    assert feed(decoder, "A-01", 0, 5) == []
    assert decoder.holding
    assert decoder.next_deadline_ms() == 15 + 30


def test_slow_typing_is_handed_back_key_by_key() -> None:
    decoder = WedgeDecoder()
    events = feed(decoder, "12\r", 0, 250)
    assert events == [Typed("1"), Typed("2"), Typed("\r")]


def test_idle_tick_releases_a_typed_key() -> None:
    decoder = WedgeDecoder()
    assert decoder.key("5", 100) == []
    assert decoder.tick(120) == []  # still inside the interval
    assert decoder.tick(131) == [Typed("5")]
    assert decoder.tick(500) == []


def test_enter_alone_passes_straight_through() -> None:
    decoder = WedgeDecoder()
    assert decoder.key("\r", 0) == [Typed("\r")]


def test_short_fast_burst_is_typing() -> None:
    decoder = WedgeDecoder()
    assert feed(decoder, "7\r", 0, 5) == [Typed("7\r")]


def test_pause_inside_a_burst_splits_it_into_typing() -> None:
    decoder = WedgeDecoder()
    events = feed(decoder, "ABC", 0, 5)
    events += decoder.key("D", 200)
    events += feed(decoder, "EF\r", 205, 5)
    assert events == [Typed("ABC"), Scan("DEF")]


def test_prefix_marks_a_slow_scan_and_is_stripped() -> None:
    decoder = WedgeDecoder(WedgeSettings(prefix="~", max_key_interval_ms=30))
    assert feed(decoder, "~SKU1\r", 0, 100) == [Scan("SKU1")]


def test_prefixed_scan_that_stalls_is_released_as_typing() -> None:
    decoder = WedgeDecoder(WedgeSettings(prefix="~", prefix_timeout_ms=500))
    assert feed(decoder, "~AB", 0, 5) == []
    assert decoder.tick(400) == []
    assert decoder.tick(511) == [Typed("~AB")]


def test_custom_suffix() -> None:
    decoder = WedgeDecoder(WedgeSettings(suffix="\t"))
    assert feed(decoder, "BIN-1\t", 0, 3) == [Scan("BIN-1")]


def test_no_suffix_scan_ends_when_keys_stop() -> None:
    decoder = WedgeDecoder(WedgeSettings(suffix=""))
    assert feed(decoder, "4006381333931", 0, 3) == []
    assert decoder.tick(36 + 31) == [Scan("4006381333931")]


def test_gs1_group_separator_stays_inside_the_scan() -> None:
    decoder = WedgeDecoder()
    raw = "0104006381333931\x1d10LOT7\r"
    assert feed(decoder, raw, 0, 2) == [Scan("0104006381333931\x1d10LOT7")]


def test_two_scans_back_to_back() -> None:
    decoder = WedgeDecoder()
    events = feed(decoder, "BIN-1\r", 0, 2) + feed(decoder, "SKU-9\r", 20, 2)
    assert events == [Scan("BIN-1"), Scan("SKU-9")]


printable = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=3, max_size=40
)


# Key timestamps are whole milliseconds (QKeyEvent.timestamp()); float sums such as
# 1.9 + 30.0 - 1.9 would land a hair over the 30 ms limit the burst is allowed.
@given(code=printable, step=st.integers(min_value=0, max_value=30), start=st.integers(0, 10**9))
def test_any_fast_burst_with_enter_is_exactly_that_scan(code: str, step: int, start: int) -> None:
    decoder = WedgeDecoder()
    assert feed(decoder, code + "\r", start, step) == [Scan(code)]
    assert not decoder.holding


@given(text=printable, step=st.floats(min_value=30.1, max_value=5000))
def test_slow_keys_always_come_back_in_order(text: str, step: float) -> None:
    decoder = WedgeDecoder()
    events = feed(decoder, text, 0, step)
    events += decoder.tick(len(text) * step + step)
    assert "".join(e.text for e in events if isinstance(e, Typed)) == text
    assert not any(isinstance(e, Scan) for e in events)
