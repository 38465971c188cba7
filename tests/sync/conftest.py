"""Sync tests: the real reference OMS as a subprocess on a real port (the server helper's
fixtures); the in-memory keyring comes from tests/conftest.py."""

from __future__ import annotations

from tests.support.fixtures import oms_demo_server, oms_server

__all__ = ["oms_demo_server", "oms_server"]
