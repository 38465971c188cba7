"""Backoff: exponential window, full jitter, cap, and Retry-After honoured."""

from __future__ import annotations

import pytest

from sync.backoff import BackoffPolicy


def test_no_failure_means_no_wait() -> None:
    assert BackoffPolicy().delay(0, rng=lambda: 1.0) == 0.0


@pytest.mark.parametrize(("failures", "window"), [(1, 1.0), (2, 2.0), (3, 4.0), (6, 32.0)])
def test_window_doubles_per_failure(failures: int, window: float) -> None:
    policy = BackoffPolicy(base_s=1.0, cap_s=60.0)
    assert policy.delay(failures, rng=lambda: 1.0) == window
    assert policy.delay(failures, rng=lambda: 0.5) == window / 2


def test_full_jitter_can_be_zero() -> None:
    assert BackoffPolicy().delay(5, rng=lambda: 0.0) == 0.0


def test_window_is_capped_even_after_many_failures() -> None:
    policy = BackoffPolicy(base_s=1.0, cap_s=60.0)
    assert policy.delay(7, rng=lambda: 1.0) == 60.0
    assert policy.delay(10_000, rng=lambda: 1.0) == 60.0


def test_retry_after_is_a_floor() -> None:
    policy = BackoffPolicy(base_s=1.0, cap_s=60.0)
    assert policy.delay(1, retry_after_s=7.0, rng=lambda: 1.0) == 7.0
    # A longer jittered wait than the server asked for is fine too.
    assert policy.delay(8, retry_after_s=7.0, rng=lambda: 1.0) == 60.0


def test_retry_after_is_bounded() -> None:
    policy = BackoffPolicy(retry_after_cap_s=900.0)
    assert policy.delay(1, retry_after_s=86_400.0, rng=lambda: 0.0) == 900.0


def test_nonsense_retry_after_is_ignored() -> None:
    assert BackoffPolicy().delay(1, retry_after_s=-5.0, rng=lambda: 0.25) == 0.25
