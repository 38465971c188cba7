"""Pytest fixtures around the real OMS process. Import them in a folder's conftest.py:

from tests.support.fixtures import oms_server, oms_demo_server  # noqa: F401
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.oms_process import RunningOms, start_oms_server


@pytest.fixture
def oms_server(tmp_path: Path) -> Iterator[RunningOms]:
    """An empty OMS (tmp SQLite, fault injection on); killed at the end of the test."""
    oms = start_oms_server(tmp_path)
    try:
        yield oms
    finally:
        oms.kill()


@pytest.fixture
def oms_demo_server(tmp_path: Path) -> Iterator[RunningOms]:
    """The OMS with ``--demo`` data: warehouse WH01, stock in bins, a dozen orders."""
    oms = start_oms_server(tmp_path, demo=True)
    try:
        yield oms
    finally:
        oms.kill()
