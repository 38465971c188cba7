"""A fresh station store with master data for every test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from local_db.store import Store, open_store
from tests.store.support import seed_master_data


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "station.sqlite3")
    seed_master_data(opened)
    try:
        yield opened
    finally:
        opened.close()
