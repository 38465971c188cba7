"""Is the store file intact? Found out without writing a byte to it.

Two checks, both on a read-only connection (``mode=ro``: no journal mode change, no
checkpoint on close, nothing written to a file that may be damaged):

- :func:`check_readable` (milliseconds, every open): the header is SQLite's, the file is not
  shorter than the header says (a truncated copy), and the schema can be read. A file of
  random bytes or a truncated file fails here.
- :func:`quick_check` (``PRAGMA quick_check``: every page and index entry is well formed): an
  overwritten page deep in the file fails here. It reads the whole file: 3.8 s on the large
  benchmark store (BENCHMARKS.md), so the station runs it in the background
  (:class:`IntegrityGate`) and ``wms-floor check`` runs it in the foreground.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

from local_db.errors import StoreDamaged

log = logging.getLogger("wms.store.integrity")

_HEADER = b"SQLite format 3\x00"
_HEADER_BYTES = 100
# quick_check lists at most this many problems; the log keeps the first few.
_PROBLEMS_KEPT = 5


def read_only_connection(db_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)


def _header_problem(db_path: Path) -> str | None:
    size = db_path.stat().st_size
    with db_path.open("rb") as file:
        header = file.read(_HEADER_BYTES)
    if len(header) < _HEADER_BYTES or not header.startswith(_HEADER):
        return "not an SQLite database file"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return f"impossible page size {page_size}"
    if size % page_size:
        return f"file size {size} is not a whole number of {page_size}-byte pages (truncated?)"
    pages = int.from_bytes(header[28:32], "big")
    # The header's page count is valid only while the change counter matches (SQLite's rule).
    header_count_valid = header[24:28] == header[92:96] and pages > 0
    if header_count_valid and size < pages * page_size:
        return f"file holds {size // page_size} of its {pages} pages (truncated)"
    return None


def check_readable(db_path: Path) -> None:
    """Raises :class:`StoreDamaged` unless the file is a readable SQLite database; a missing
    or empty file is a new store and passes."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return
    problem = _header_problem(db_path)
    if problem is None:
        try:
            connection = read_only_connection(db_path)
            try:
                connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            finally:
                connection.close()
        except sqlite3.DatabaseError as error:
            problem = str(error)
    if problem is not None:
        log.error("store %s is damaged: %s", db_path, problem)
        raise StoreDamaged(db_path, problem)


def quick_check(db_path: Path) -> None:
    """``PRAGMA quick_check`` on a read-only connection; raises :class:`StoreDamaged` with
    the first problems it lists."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return
    try:
        connection = read_only_connection(db_path)
        try:
            rows = connection.execute(f"PRAGMA quick_check({_PROBLEMS_KEPT})").fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        rows = [(str(error),)]
    # SQLite starts the first problem with "*** in database main ***\n".
    problems = [str(row[0]).removeprefix("*** in database main ***\n") for row in rows]
    if problems != ["ok"]:
        log.error("store %s failed quick_check: %s", db_path, "; ".join(problems))
        raise StoreDamaged(db_path, "quick_check: " + (problems[0] if problems else "?"))


class IntegrityGate:
    """Holds every write back until the store is known intact, and for good once it is
    known damaged: a store found damaged is never written to.

    ``start_background`` runs :func:`quick_check` on a thread of its own; the station calls
    it once its window is up, so the check takes no CPU from the start-up. A write that
    comes before the answer starts the check if nobody has and waits for it (only in the
    first seconds after start-up). A damage found later (SQLITE_CORRUPT in a transaction)
    closes the gate as well (:meth:`mark_damaged`)."""

    def __init__(self, db_path: Path, *, verified: bool = True) -> None:
        self._db_path = db_path
        self._checked = threading.Event()
        self._damage: StoreDamaged | None = None
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        if verified:
            self._checked.set()

    @property
    def damage(self) -> StoreDamaged | None:
        return self._damage

    def start_background(self) -> None:
        """Idempotent; nothing to do for a gate created verified."""
        with self._start_lock:
            if self._thread is not None or self._checked.is_set():
                return
            self._thread = threading.Thread(target=self._run, name="store-quick-check", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            quick_check(self._db_path)
        except StoreDamaged as damage:
            self._damage = damage
        except Exception:  # a bug in the check must not hold every write back for ever
            log.exception("quick_check of %s could not run", self._db_path)
        finally:
            self._checked.set()

    def mark_damaged(self, detail: str) -> None:
        if self._damage is None:
            log.error("store %s found damaged while in use: %s", self._db_path, detail)
            self._damage = StoreDamaged(self._db_path, detail)

    def wait_writable(self, timeout_s: float | None = None) -> None:
        """Returns when writing is allowed; raises :class:`StoreDamaged` if it never will be."""
        self.start_background()
        self._checked.wait(timeout_s)
        if self._damage is not None:
            raise StoreDamaged(self._db_path, self._damage.detail)

    def join(self, timeout_s: float | None = None) -> bool:
        """True once the check has answered (starting it if nobody has)."""
        self.start_background()
        return self._checked.wait(timeout_s)
