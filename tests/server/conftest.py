"""Server tests: the real process fixtures plus an in-process app per database backend."""

from __future__ import annotations

from tests.support.fixtures import oms_demo_server, oms_server

__all__ = ["oms_demo_server", "oms_server"]
