"""The failed-enrolment throttle on its own, with a clock the test moves."""

from __future__ import annotations

from oms_server import enrolment_throttle
from oms_server.enrolment_throttle import EnrolmentThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_address_is_throttled_for_the_rest_of_the_window_then_free() -> None:
    clock = Clock()
    throttle = EnrolmentThrottle(max_failures=3, window_s=60, clock=clock)
    for _ in range(3):
        assert throttle.retry_after_s("10.0.0.1") is None
        throttle.failed("10.0.0.1")
        clock.now += 1
    assert throttle.retry_after_s("10.0.0.1") == 57  # the first failure leaves at 1060
    assert throttle.retry_after_s("10.0.0.2") is None  # per address
    clock.now += 57
    assert throttle.retry_after_s("10.0.0.1") is None


def test_a_spray_of_addresses_does_not_grow_without_end(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(enrolment_throttle, "MAX_CLIENTS", 100)
    clock = Clock()
    throttle = EnrolmentThrottle(clock=clock)
    for n in range(1000):
        throttle.failed(f"10.0.{n // 256}.{n % 256}")
        clock.now += 1
    assert len(throttle._failures) <= 100 + 60
