"""SQLite failures that are the environment's fault, told apart from bugs.

A full disk, a file another program holds locked, a read-only folder or a damaged file are
not bugs: the operator gets a clear message, the transaction rolled back so nothing was
saved, and the station goes on once the cause is gone. Anything else propagates as it is and
ends in the crash reporter.
"""

from __future__ import annotations

import sqlite3
from enum import StrEnum
from pathlib import Path

from sqlalchemy.exc import DBAPIError


class StoreProblem(StrEnum):
    FULL = "full"
    BUSY = "busy"
    READ_ONLY = "read_only"
    CORRUPT = "corrupt"
    IO = "io"


_MESSAGES = {
    StoreProblem.FULL: (
        "The station's disk is full. Nothing was saved; free some space (or call IT), "
        "then scan again."
    ),
    StoreProblem.BUSY: (
        "The station's database is busy (another program holds it). Nothing was saved; "
        "scan again in a moment."
    ),
    StoreProblem.READ_ONLY: (
        "The station's database cannot be written (read-only file or folder). Nothing was "
        "saved; call IT."
    ),
    StoreProblem.CORRUPT: (
        "The station's database file is damaged. Nothing was saved; stop scanning and call IT."
    ),
    StoreProblem.IO: (
        "The station's disk could not be read or written. Nothing was saved; call IT."
    ),
}

# SQLite primary result codes (sqlite3.Error.sqlite_errorname starts with one of these).
_BY_CODE = {
    "SQLITE_FULL": StoreProblem.FULL,
    "SQLITE_BUSY": StoreProblem.BUSY,
    "SQLITE_LOCKED": StoreProblem.BUSY,
    "SQLITE_READONLY": StoreProblem.READ_ONLY,
    "SQLITE_CORRUPT": StoreProblem.CORRUPT,
    "SQLITE_NOTADB": StoreProblem.CORRUPT,
    "SQLITE_IOERR": StoreProblem.IO,
    "SQLITE_CANTOPEN": StoreProblem.IO,
}


class StoreUnavailable(Exception):
    """The store could not save an action for a reason outside the program; nothing changed."""

    def __init__(self, problem: StoreProblem) -> None:
        super().__init__(_MESSAGES[problem])
        self.problem = problem
        self.message = _MESSAGES[problem]


class StoreDamaged(StoreUnavailable):
    """The store file is damaged (found on opening it, by ``PRAGMA quick_check``, or by
    SQLite mid-transaction). Nothing is written to it any more; ``advice`` says what IT does.
    """

    def __init__(self, db_path: Path, detail: str) -> None:
        super().__init__(StoreProblem.CORRUPT)
        self.db_path = db_path
        self.detail = detail
        self.advice = damaged_store_advice(db_path, detail)


def damaged_store_advice(db_path: Path, detail: str) -> str:
    """The start-up / ``wms-floor check`` text for a damaged store (English; the window
    shows its translated version)."""
    return (
        f"The station's database file {db_path} is damaged ({detail}). Nothing was written "
        "to it. Close the station and call IT. IT: keep the file (copy it with its -wal and "
        "-shm files to a safe place: events not yet sent to the OMS are in it), then "
        "restore the last backup of the store if there is one, or move the file aside and "
        "enrol the station again with a fresh store."
    )


def classify_store_error(error: BaseException) -> StoreUnavailable | None:
    """The environment problem behind ``error``, or None when it looks like a bug."""
    original = error.orig if isinstance(error, DBAPIError) else error
    if not isinstance(original, sqlite3.Error):
        return None
    name = getattr(original, "sqlite_errorname", "") or ""
    for code, problem in _BY_CODE.items():
        if name == code or name.startswith(code + "_"):
            return StoreUnavailable(problem)
    return None
