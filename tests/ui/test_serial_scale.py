"""The scale's Qt adapter over a real serial path: QSerialPort opens a pseudo-terminal with
a fake scale on its other side, for both protocols and each fault (#16).

Seed 002 §Step 7: "打包完成，称重" — packed, then weighed; a bad weight ships nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from pytestqt.qtbot import QtBot

from app.flows.scale_input import ScaleReading, ScaleState
from devices.scale_protocol import Protocol
from tests.ui.fake_scale import FakeScale
from ui.devices.serial_scale import SerialScale

pytest.importorskip("PySide6.QtSerialPort")


@pytest.fixture
def fake(qtbot: QtBot) -> Iterator[FakeScale]:
    scale = FakeScale()
    yield scale
    scale.close()


@pytest.fixture
def opened() -> Iterator[list[SerialScale]]:
    scales: list[SerialScale] = []
    yield scales
    for scale in scales:
        scale.close()


Wanted = Callable[[ScaleReading], bool]


@contextmanager
def reported(qtbot: QtBot, scale: SerialScale, wanted: Wanted) -> Iterator[None]:
    """Waits (inside the block's end) until the adapter reports a reading that ``wanted``."""

    def check(reading: object) -> bool:
        return isinstance(reading, ScaleReading) and wanted(reading)

    with qtbot.waitSignal(scale.changed, timeout=10_000, check_params_cb=check):
        yield


def is_fault(code: str) -> Wanted:
    return lambda reading: reading.state is ScaleState.FAULT and reading.fault == code


def adapter(
    fake: FakeScale, opened: list[SerialScale], protocol: Protocol, timeout_ms: int = 60_000
) -> SerialScale:
    # A long timeout unless the test is about it: a slow machine must not turn into a fault.
    scale = SerialScale(fake.port, protocol=protocol, timeout_ms=timeout_ms)
    opened.append(scale)
    return scale


def test_mtsics_stable_then_dynamic(
    qtbot: QtBot, fake: FakeScale, opened: list[SerialScale]
) -> None:
    fake.answer = b"S S      0.705 kg\r\n"
    scale = adapter(fake, opened, "mtsics")
    stable = ScaleReading(ScaleState.STABLE, weight_kg=Decimal("0.705"))
    with reported(qtbot, scale, lambda reading: reading == stable):
        assert scale.open()
    assert fake.requests.startswith(b"SI\r\n")  # the station asked for the weight now
    with reported(qtbot, scale, lambda reading: reading.state is ScaleState.MOVING):
        fake.answer = b"S D      0.702 kg\r\n"
    assert scale.last is not None and scale.last.usable_weight is None


@pytest.mark.parametrize(
    ("answer", "fault"),
    [
        (b"S +\r\n", "overload"),
        (b"S -\r\n", "underload"),
        (b"S I\r\n", "busy"),
        (b"EL\r\n", "scale_error"),
        (b"ES\r\n", "scale_error"),
        (b"\x13\x88garbage\r\n", "garbled"),
        (b"S S      705 g\r\n", "wrong_unit"),
    ],
)
def test_mtsics_faults(
    qtbot: QtBot, fake: FakeScale, opened: list[SerialScale], answer: bytes, fault: str
) -> None:
    fake.answer = answer
    scale = adapter(fake, opened, "mtsics")
    with reported(qtbot, scale, is_fault(fault)):
        assert scale.open()


def test_mtsics_no_answer_is_a_timeout(
    qtbot: QtBot, fake: FakeScale, opened: list[SerialScale]
) -> None:
    fake.answer = None  # switched off: the requests go out, nothing comes back
    scale = adapter(fake, opened, "mtsics", timeout_ms=300)
    with reported(qtbot, scale, is_fault("timeout")):
        assert scale.open()
    assert fake.requests.startswith(b"SI\r\n")


def test_continuous_stable_dynamic_overload_and_noise(
    qtbot: QtBot, fake: FakeScale, opened: list[SerialScale]
) -> None:
    scale = adapter(fake, opened, "continuous")
    assert scale.open()
    with reported(qtbot, scale, lambda reading: reading.usable_weight == Decimal("0.705")):
        fake.send(b"\r\nST,GS,+  0.705kg\r\n")  # the line end before: the start of a frame
    with reported(qtbot, scale, lambda reading: reading.state is ScaleState.MOVING):
        fake.send(b"US,GS,+  0.811kg\r\n")
    with reported(qtbot, scale, is_fault("overload")):
        fake.send(b"OL,GS,+  99.99kg\r\n")
    with reported(qtbot, scale, is_fault("underload")):
        fake.send(b"ST,GS,-  0.120kg\r\n")
    with reported(qtbot, scale, is_fault("garbled")):
        fake.send(b"\xf0\x0f" * 100)  # a wrong baud rate: noise without line ends
    assert fake.requests == b""  # continuous output: the station never asks


def test_one_noisy_frame_keeps_the_weight(
    qtbot: QtBot, fake: FakeScale, opened: list[SerialScale]
) -> None:
    scale = adapter(fake, opened, "continuous")
    seen: list[object] = []
    scale.changed.connect(seen.append)
    assert scale.open()
    with reported(qtbot, scale, lambda reading: reading.usable_weight == Decimal("0.705")):
        fake.send(b"0.7kg\r\nST,GS,+  0.705kg\r\n")  # joined mid-frame: its tail is dropped
    with reported(qtbot, scale, lambda reading: reading.usable_weight == Decimal("0.710")):
        fake.send(b"ST,G#,+  0.7?5kg\r\nST,GS,+  0.710kg\r\n")  # one line hit by noise
    assert seen == [
        ScaleReading(ScaleState.STABLE, weight_kg=Decimal("0.705")),
        ScaleReading(ScaleState.STABLE, weight_kg=Decimal("0.710")),
    ]


def test_continuous_silence_is_a_timeout(
    qtbot: QtBot, fake: FakeScale, opened: list[SerialScale]
) -> None:
    scale = adapter(fake, opened, "continuous", timeout_ms=300)
    with reported(qtbot, scale, is_fault("timeout")):
        assert scale.open()


def test_cable_pulled_mid_reading(qtbot: QtBot, fake: FakeScale, opened: list[SerialScale]) -> None:
    fake.answer = b"S S      0.705 kg\r\n"
    scale = adapter(fake, opened, "mtsics")
    with reported(qtbot, scale, lambda reading: reading.usable_weight is not None):
        assert scale.open()
    fake.answer = None
    with reported(qtbot, scale, is_fault("disconnected")):
        fake.send(b"S S    0.7")  # half a frame, then the cable goes
        fake.pull_cable()
    assert scale.last is not None and scale.last.usable_weight is None


def test_a_port_that_cannot_be_opened_is_a_fault(qtbot: QtBot, opened: list[SerialScale]) -> None:
    scale = SerialScale("/dev/no-such-scale")
    opened.append(scale)
    with reported(qtbot, scale, is_fault("disconnected")):
        assert not scale.open()
