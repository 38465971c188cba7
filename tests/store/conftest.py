"""A fresh station store with master data for every test (copied from one migrated and
seeded template, so each test does not pay for the migrations again)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from local_db.store import Store, open_store
from tests.store.support import seed_master_data


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "station.sqlite3"
    template = open_store(path)
    seed_master_data(template)
    template.close()  # the last connection closing checkpoints the WAL into the file
    assert not path.with_name(path.name + "-wal").exists()
    return path


@pytest.fixture
def store(tmp_path: Path, seeded_template: Path) -> Iterator[Store]:
    path = tmp_path / "station.sqlite3"
    shutil.copy(seeded_template, path)
    opened = open_store(path)
    try:
        yield opened
    finally:
        opened.close()
