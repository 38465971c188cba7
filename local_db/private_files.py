"""Files only the station's user may read: the store (consignee data, PIN hashes), its -wal
and -shm, logs and crash reports.

POSIX: folders we create are 0700, files 0600, whatever the umask; files an older version
left world-readable are tightened when opened. SQLite gives a store's -wal and -shm the
mode of the store file itself, so creating the store 0600 covers them. Windows: a file's
access is its ACL, inherited from the folder; the per-user data and log folders
(``%LOCALAPPDATA%``) already admit only that user, so nothing is changed there.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

log = logging.getLogger("wms.files")

FILE_MODE = 0o600
FOLDER_MODE = 0o700
_POSIX = sys.platform != "win32"


def private_folder(folder: Path) -> Path:
    """Create ``folder`` (and missing parents) for this user only; tighten it if it exists."""
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    tighten(folder, FOLDER_MODE)
    return folder


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it does not exist (before SQLite or a logger
    creates it with the umask's mode); tighten it if it does."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        tighten(path, FILE_MODE)
        return
    os.close(descriptor)


def tighten(path: Path, mode: int) -> None:
    """Take group and other access away from ``path`` (POSIX only; missing files skipped)."""
    if not _POSIX:
        return
    try:
        current = path.stat().st_mode & 0o777
    except FileNotFoundError:
        return
    if current & 0o077:
        try:
            os.chmod(path, current & mode)
        except PermissionError:
            log.warning("cannot make %s private (mode %o): not its owner", path, current)
            return
        log.info("made %s private (was mode %o)", path, current)
