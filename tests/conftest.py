"""Test-wide settings: Qt offscreen, an explicit keyring backend per test, and no unexpected
ERROR/CRITICAL log record from the station or the OMS (tests/support/log_watch.py)."""

from __future__ import annotations

import faulthandler
import os
import sys
from collections.abc import Iterator

import keyring
import pytest

# Before any Qt import: the tests run on machines with no screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Programs the tests start (wms-floor, the demo) find no keyring unless a test gives one: never
# the developer's own, never one keyring's discovery picks (it may prompt or write a file).
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
# Nor this machine's /etc/wms-floor/config.toml: a test that wants a machine file names its own.
os.environ["WMS_FLOOR_SYSTEM_CONFIG"] = os.path.join(os.sep, "nonexistent", "wms-floor.toml")

from sync.credentials import SessionOnlyKeyring  # after the environment is set
from tests.support import log_watch

pytest_plugins = ("pytester",)  # tests/test_log_watch.py runs pytest on pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{log_watch.MARKER}(*patterns): the ERROR/CRITICAL log records this test provokes on "
        "purpose (regular expressions searched in 'logger: message' or the log line)",
    )


@pytest.fixture(autouse=True)
def no_unexpected_log_errors(request: pytest.FixtureRequest) -> Iterator[log_watch.LogWatch]:
    """Fails the test on an ERROR/CRITICAL record it did not declare: from ``wms.*`` code in
    this process, and from the log files of the programs it started (registered by
    tests/support/oms_process.py and the end-to-end tests). Set up first, so it is torn down
    last: the programs have stopped and their logs are complete."""
    expected: list[str] = []
    for marker in request.node.iter_markers(log_watch.MARKER):
        if not marker.args:
            pytest.fail(f"{log_watch.MARKER} needs the patterns of the errors it expects")
        expected += marker.args
    with log_watch.watching(expected) as watch:
        yield watch
        unexpected = watch.unexpected()
    if unexpected:
        pytest.fail(
            "unexpected ERROR/CRITICAL log records (mark the test with "
            f"@pytest.mark.{log_watch.MARKER}(...) if it provokes them on purpose):\n  "
            + "\n  ".join(unexpected[:20]),
            pytrace=False,
        )


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[SessionOnlyKeyring]:
    """Every test runs with an in-memory keyring of its own, so no test writes a secret
    anywhere by accident; a test that needs another backend sets it."""
    previous = keyring.get_keyring()
    backend = SessionOnlyKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def native_faults_reported_in_the_run() -> Iterator[None]:
    """A test that installs the station's crash handlers points faulthandler at its own
    temporary file; after it, a native crash must be reported where the run's output is."""
    yield
    if faulthandler.is_enabled() and sys.__stderr__ is not None:
        faulthandler.enable(file=sys.__stderr__)
