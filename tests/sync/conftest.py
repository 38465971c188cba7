"""Sync tests: an explicit in-memory keyring so no test writes a secret anywhere by accident."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest

from sync.credentials import SessionOnlyKeyring

# The real reference OMS as a subprocess on a real port (the server helper's fixtures).
from tests.support.fixtures import oms_demo_server, oms_server

__all__ = ["memory_keyring", "oms_demo_server", "oms_server"]


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[SessionOnlyKeyring]:
    previous = keyring.get_keyring()
    backend = SessionOnlyKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
