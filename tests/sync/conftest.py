"""Sync tests: an explicit in-memory keyring so no test writes a secret anywhere by accident."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.compat import properties

# The real reference OMS as a subprocess on a real port (the server helper's fixtures).
from tests.support.fixtures import oms_demo_server, oms_server

__all__ = ["MemoryKeyring", "memory_keyring", "oms_demo_server", "oms_server"]


class MemoryKeyring(KeyringBackend):
    """A keyring that lives and dies with one test."""

    @properties.classproperty
    def priority(cls) -> float:
        # Not viable for keyring's own backend detection: only ever selected explicitly, so
        # importing this module cannot change which keyring other tests (or code) get.
        raise RuntimeError("MemoryKeyring is selected explicitly by the sync tests only")

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.secrets:
            raise keyring.errors.PasswordDeleteError(username)
        del self.secrets[(service, username)]


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
