"""Test-wide settings: Qt offscreen, and an explicit keyring backend per test."""

from __future__ import annotations

import os
from collections.abc import Iterator

import keyring
import pytest

# Before any Qt import: the tests run on machines with no screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Programs the tests start (wms-floor, the demo) find no keyring unless a test gives one: never
# the developer's own, never one keyring's discovery picks (it may prompt or write a file).
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

from sync.credentials import SessionOnlyKeyring  # after the environment is set


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
