"""Nothing committed is lost and nothing half-done survives: a process killed in the middle of
floor work, and a disk that fills up mid-action, each checked on a real SQLite file.

What the SIGKILL test proves, and what it does not: the killed process dies at any point
between or inside transactions, but the machine goes on running, so every page the process
handed to the kernel is still in the page cache and reaches the file. It proves that a
transaction is all-or-nothing (no half-done action, state and outbox together) and that what
was committed survives the *process* dying. It cannot tell whether a commit was fsynced: it
passes just as well with ``synchronous=OFF``. Durability across a power cut rests on the WAL
being fsynced at each commit (``synchronous=FULL``) and on the checkpoint fsyncing the
database file before the WAL is reused; ``test_every_connection_that_commits_fsyncs_the_wal``
here and ``test_the_checkpoint_connection_fsyncs_the_database_file`` in test_checkpoints.py
pin those settings, and fail when either is lowered."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, event, func, select, text
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry

from app.services.moving import move_stock
from local_db.errors import StoreProblem, StoreUnavailable, classify_store_error
from local_db.models import OutboxEvent, Stock, StockMove
from local_db.store import Store, open_store
from tests.store.support import BINS, OWNER, PICKER, add_stock, check_invariants, db_state

START_QTY = 1000
KILL_AFTER_COMMITS = 150

# The child moves one unit back and forth between two bins, one transaction per move, and
# says on stdout after each commit how many it has committed.
MOVER = """
import sys
import time
from pathlib import Path
from app.services.moving import move_stock
from local_db.store import open_store

background = sys.argv[5] == "background"
store = open_store(Path(sys.argv[1]), background_checkpoints=background)
bins = (sys.argv[2], sys.argv[3])
committed = 0
while True:
    source, target = bins[committed % 2], bins[(committed + 1) % 2]
    with store.unit_of_work() as uow:
        move_stock(uow, from_location=source, to_location=target, owner_id=sys.argv[4],
                   sku_id="SKU-A", quantity=1, operator="P1")
        uow.commit()
    committed += 1
    print(committed, flush=True)
    if background and committed % 5 == 0:
        time.sleep(0.1)  # a gap, in which the checkpoint thread copies the WAL
"""


def movements_by_bin(store: Store) -> Counter[str]:
    """What the outbox told (or will tell) the OMS happened to each bin's on-hand."""
    totals: Counter[str] = Counter()
    with store.read_session() as session:
        for payload_json in session.scalars(select(OutboxEvent.payload_json)):
            for movement in json.loads(payload_json).get("movements", []):
                if movement["sku_id"] == "SKU-A" and movement["bucket"] == "on_hand":
                    totals[movement["location_code"]] += movement["delta"]
    return totals


@pytest.mark.parametrize("checkpoints", ["inline", "background"])
def test_sigkill_mid_work_loses_no_commit_and_leaves_no_half_action(
    store: Store, checkpoints: str
) -> None:
    add_stock(store, BINS[0], "SKU-A", START_QTY)
    db_path = store.db_path
    store.close()

    child = subprocess.Popen(
        [sys.executable, "-c", MOVER, str(db_path), BINS[0], BINS[1], OWNER, checkpoints],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    last_reported = 0
    for line in child.stdout:
        last_reported = int(line)
        if last_reported >= KILL_AFTER_COMMITS:
            break
    # The process dies mid-transaction; the machine does not (see the module docstring).
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    assert last_reported >= KILL_AFTER_COMMITS

    reopened = open_store(db_path)
    try:
        with reopened.read_session() as session:
            assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            moves = session.scalar(select(func.count()).select_from(StockMove)) or 0
            on_hand = {
                row.location_code: row.on_hand
                for row in session.scalars(select(Stock).where(Stock.sku_id == "SKU-A"))
            }
        # Every move the child reported committed is there (it may have committed one more).
        assert moves in (last_reported, last_reported + 1)
        assert sum(on_hand.values()) == START_QTY
        # State and outbox were committed together: the events add up to the stock.
        told = movements_by_bin(reopened)
        assert on_hand[BINS[0]] == START_QTY + told[BINS[0]]
        assert on_hand.get(BINS[1], 0) == told[BINS[1]]
        check_invariants(reopened)
    finally:
        reopened.close()


def _wal_and_synchronous(connection: Connection) -> tuple[str, int]:
    journal = connection.exec_driver_sql("PRAGMA journal_mode").scalar_one()
    return str(journal), int(connection.exec_driver_sql("PRAGMA synchronous").scalar_one())


@pytest.mark.parametrize("checkpoints", ["inline", "background"])
def test_every_connection_that_commits_fsyncs_the_wal(store: Store, checkpoints: str) -> None:
    """Power-loss durability: a picker's confirmed scan is on the disk, not only in the page
    cache, once its commit returns. With WAL, that takes synchronous=FULL (2); NORMAL (1)
    may lose the last commits on a power cut, OFF (0) any of them."""
    db_path = store.db_path
    store.close()
    reopened = open_store(db_path, background_checkpoints=checkpoints == "background")
    try:
        for _ in range(2):  # and again on fresh connections
            with reopened.unit_of_work() as uow:
                assert _wal_and_synchronous(uow.session.connection()) == ("wal", 2)
            with reopened.engine.connect() as connection:
                assert _wal_and_synchronous(connection) == ("wal", 2)
            reopened.engine.dispose()
    finally:
        reopened.close()


class CrampedDisk:
    """SQLite may not grow the file past its current size plus two pages: to the store this
    is exactly a full disk (SQLITE_FULL). ``free_space()`` lifts the limit again."""

    def __init__(self, store: Store) -> None:
        self.store = store
        with store.read_session() as session:
            self.pages = session.execute(text("PRAGMA page_count")).scalar_one()
        event.listen(store.engine, "connect", self._limit_growth)
        store.engine.dispose()  # every connection from now on is a limited one

    def _limit_growth(self, dbapi_connection: DBAPIConnection, _: ConnectionPoolEntry) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA max_page_count = {self.pages + 2}")
        cursor.close()

    def free_space(self) -> None:
        if event.contains(self.store.engine, "connect", self._limit_growth):
            event.remove(self.store.engine, "connect", self._limit_growth)
            self.store.engine.dispose()


@pytest.fixture
def cramped(store: Store) -> Iterator[CrampedDisk]:
    add_stock(store, BINS[0], "SKU-A", START_QTY)
    disk = CrampedDisk(store)
    try:
        yield disk
    finally:
        disk.free_space()


def move_many(store: Store, count: int) -> None:
    with store.unit_of_work() as uow:
        for number in range(count):
            source, target = BINS[number % 2], BINS[(number + 1) % 2]
            move_stock(
                uow,
                from_location=source,
                to_location=target,
                owner_id=OWNER,
                sku_id="SKU-A",
                quantity=1,
                operator=PICKER,
            )
        uow.commit()


def test_full_disk_refuses_the_action_clearly_and_changes_nothing(cramped: CrampedDisk) -> None:
    before = db_state(cramped.store)

    with pytest.raises(StoreUnavailable) as refused:
        move_many(cramped.store, 400)  # far more pages than the two the store may add

    assert refused.value.problem is StoreProblem.FULL
    assert "disk is full" in refused.value.message
    assert "Nothing was saved" in refused.value.message
    assert db_state(cramped.store) == before
    with cramped.store.read_session() as session:
        assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"


def test_work_goes_on_once_space_is_free_again(cramped: CrampedDisk) -> None:
    with pytest.raises(StoreUnavailable):
        move_many(cramped.store, 400)
    cramped.free_space()
    move_many(cramped.store, 400)
    with cramped.store.read_session() as session:
        assert session.scalar(select(func.count()).select_from(StockMove)) == 400
    check_invariants(cramped.store)


def test_a_file_another_program_holds_is_reported_busy(store: Store) -> None:
    path = store.db_path
    store.close()
    impatient = open_store(path, busy_timeout_ms=50)
    other_program = sqlite3.connect(path, isolation_level=None)
    try:
        other_program.execute("BEGIN IMMEDIATE")
        before = db_state(impatient)
        with pytest.raises(StoreUnavailable) as refused:
            move_many(impatient, 1)
        assert refused.value.problem is StoreProblem.BUSY
        other_program.execute("ROLLBACK")
        assert db_state(impatient) == before
    finally:
        other_program.close()
        impatient.close()


def test_a_read_only_database_is_reported_as_such(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 10)

    def read_only(dbapi_connection: DBAPIConnection, _: ConnectionPoolEntry) -> None:
        dbapi_connection.execute("PRAGMA query_only = 1")  # type: ignore[attr-defined]

    event.listen(store.engine, "connect", read_only)
    store.engine.dispose()
    try:
        with pytest.raises(StoreUnavailable) as refused:
            move_many(store, 1)
        assert refused.value.problem is StoreProblem.READ_ONLY
    finally:
        event.remove(store.engine, "connect", read_only)
        store.engine.dispose()


def test_a_bug_is_not_mistaken_for_the_environment(store: Store) -> None:
    with pytest.raises(ZeroDivisionError), store.unit_of_work():
        _ = 1 / 0
    assert classify_store_error(sqlite3.IntegrityError("UNIQUE constraint failed")) is None
