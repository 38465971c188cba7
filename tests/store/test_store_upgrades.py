"""Stores out on the floor are upgraded, never rebuilt: a frozen store file of every released
schema (``tests/fixtures/stores/``, made by ``make_frozen_store.py`` with demo data and real
floor work) is upgraded to the newest schema here with its data intact, and a migration that
was edited after its release fails a test (Electrum's storage-upgrade tests are the model).

Releasing a schema: add its migration's line to ``local_db/migrations/released.sha256``
(``cd local_db/migrations && sha256sum versions/NNNN_*.py >> released.sha256``) and make its
frozen store (``python -m tests.fixtures.stores.make_frozen_store``); commit both.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import select

from local_db import migrate
from local_db.models import OutboundOrder
from local_db.store import open_store
from tests.fixtures.stores.make_frozen_store import HERE as FROZEN_STORES
from tests.fixtures.stores.make_frozen_store import frozen_store_path
from tests.store.support import check_invariants
from tests.sync.floor_work import pick

RELEASED = migrate.MIGRATIONS_DIR / "released.sha256"
# Frozen stores began with this schema; every release from it on has one.
FIRST_FROZEN = "0004"

Rows = dict[str, list[dict[str, object]]]


def released_hashes() -> dict[str, str]:
    """Migration file (relative to the migrations folder) -> its SHA-256 at release."""
    hashes = {}
    for line in RELEASED.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            hashes[name.lstrip("*")] = digest
    return hashes


def revision_chain() -> list[tuple[str, Path]]:
    """(revision, file) from the first migration to the head."""
    script = ScriptDirectory.from_config(migrate.alembic_config())
    chain = []
    for revision in reversed(list(script.walk_revisions())):
        assert revision.path is not None
        chain.append((revision.revision, Path(revision.path)))
    return chain


def released_revisions() -> list[str]:
    released = released_hashes()
    return [
        revision
        for revision, path in revision_chain()
        if path.relative_to(migrate.MIGRATIONS_DIR).as_posix() in released
    ]


def frozen_stores() -> list[Path]:
    return sorted(FROZEN_STORES.glob("station-*.sqlite3"))


def stamped_revision(path: Path) -> str:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    connection.close()
    return str(row[0])


def all_rows(path: Path) -> Rows:
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
            )
        ]
        return {
            table: [dict(row) for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY 1')]
            for table in tables
        }
    finally:
        connection.close()


def test_no_released_migration_was_edited() -> None:
    for name, digest in released_hashes().items():
        path = migrate.MIGRATIONS_DIR / name
        assert path.exists(), f"released migration {name} is gone"
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        assert actual == digest, (
            f"{name} was edited after its release: stores on the floor already ran the old "
            "one. Put the change in a new migration."
        )


def test_released_migrations_are_the_oldest_ones() -> None:
    """Released schemas form the start of the chain: nothing unreleased below a release."""
    chain = [revision for revision, _ in revision_chain()]
    released = released_revisions()
    assert released == chain[: len(released)]
    assert len(released) == len(released_hashes()), "a line names no migration of the chain"


def test_every_released_schema_has_a_frozen_store() -> None:
    released = released_revisions()
    assert FIRST_FROZEN in released
    for revision in released[released.index(FIRST_FROZEN) :]:
        assert frozen_store_path(revision).exists(), f"no frozen store of schema {revision}"
    for path in frozen_stores():
        revision = stamped_revision(path)
        assert path == frozen_store_path(revision)
        assert revision in released, f"{path.name} is of an unreleased schema"


def test_the_frozen_stores_hold_a_working_day() -> None:
    """Empty tables would let a lossy migration through: the files hold the demo's work."""
    for path in frozen_stores():
        rows = all_rows(path)
        for table in ("sku", "stock", "outbound_order", "pick_task", "shipment", "audit_log"):
            assert rows[table], f"{path.name}: no {table} rows"
        statuses = {row["status"] for row in rows["outbox_event"]}
        assert {"accepted", "pending"} <= statuses, path.name


@pytest.mark.parametrize("frozen", frozen_stores(), ids=lambda path: path.stem)
def test_upgrading_a_frozen_store_keeps_every_row(frozen: Path, tmp_path: Path) -> None:
    path = tmp_path / "station.sqlite3"
    shutil.copy(frozen, path)
    before = all_rows(path)

    store = open_store(path)  # migrates to the head, as the station does at start
    try:
        with store.engine.connect() as connection:
            assert migrate.current_revision(connection) == migrate.head_revision()
        after = all_rows(path)
        for table, rows in before.items():
            assert table in after, f"table {table} was dropped with its rows"
            assert len(after[table]) == len(rows), table
            for old, new in zip(rows, after[table], strict=True):
                # Columns may be added; what was there keeps its value.
                kept = {column: new[column] for column in old if column in new}
                assert kept == old, (table, old)
        check_invariants(store)
        # And the floor goes on: the order picked halfway can be picked further.
        with store.read_session() as session:
            halfway = session.scalars(
                select(OutboundOrder.order_no).where(OutboundOrder.status == "PICKING")
            ).one()
        assert pick(store, halfway, quantity=1) == 1
    finally:
        store.close()
    # The committed file is untouched by the test.
    assert all_rows(frozen) == before
