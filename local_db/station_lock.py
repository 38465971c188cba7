"""One process per store, ever: an OS file lock beside the store, held for the process's life.

Two station windows (a double-click on the icon while one runs) or a window and
``wms-floor enroll`` on one store would run two sync engines on one outbox and feed cursor.
Whoever writes takes this lock first: ``<store>.lock`` beside the store, locked with
``fcntl.flock`` (POSIX) or ``msvcrt.locking`` (Windows). The OS drops the lock when the
process ends, however it ends (a kill, a power cut), so a stale lock file never blocks a
start. Our own code rather than the ``filelock`` package: the two calls are all it needs.

``wms-floor check`` only reads and takes no lock: it runs beside a running station.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType
from typing import IO

from local_db.private_files import FILE_MODE, FOLDER_MODE

LOCK_SUFFIX = ".lock"


class StationAlreadyRunning(Exception):
    """Another process holds the store (a running station, or an enrolment under way)."""

    def __init__(self, db_path: Path) -> None:
        super().__init__(
            f"A station is already running on {db_path} (or wms-floor enroll is). Use that "
            "window, or close it first."
        )
        self.db_path = db_path


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


def _try_lock(file: IO[bytes]) -> bool:
    if sys.platform == "win32":
        import msvcrt  # noqa: PLC0415 - Windows only

        try:
            msvcrt.locking(file.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl  # noqa: PLC0415 - POSIX only

    try:
        fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class StationLock:
    """``acquire()`` or :class:`StationAlreadyRunning`; ``release()`` (or process end) frees."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.path = lock_path(self.db_path)
        self._file: IO[bytes] | None = None

    def acquire(self) -> StationLock:
        self.path.parent.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        file = os.fdopen(descriptor, "r+b")
        if not _try_lock(file):
            file.close()
            raise StationAlreadyRunning(self.db_path)
        # Who holds it, for IT looking at the folder; the lock is the OS's, not this text.
        file.seek(0)
        file.truncate()
        file.write(f"{os.getpid()}\n".encode())
        file.flush()
        self._file = file
        return self

    @property
    def held(self) -> bool:
        return self._file is not None

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing the descriptor drops the OS lock
            self._file = None

    def __enter__(self) -> StationLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
