"""The store (with -wal and -shm), the logs and crash reports are this user's only (#10.8):
0600 files in 0700 folders, whatever the umask (POSIX; Windows leaves it to the profile's ACLs)."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from local_db.store import open_store
from station.logging_setup import LOG_FILE_NAME, configure_logging
from tests.support.log_watch import watch_station_log

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")

ROOT = Path(__file__).resolve().parents[2]

STATION_PROCESS = """
import logging, sys
from pathlib import Path
from station.crash import install_crash_handlers
from station.logging_setup import configure_logging
from local_db.store import open_store

base = Path(sys.argv[1])
configure_logging(base / "state" / "log", console=False)
install_crash_handlers(base / "state" / "log")
store = open_store(base / "data" / "station.sqlite3")
with store.unit_of_work() as uow:
    uow.session.execute(__import__("sqlalchemy").text("CREATE TABLE t (x)"))
    uow.commit()
logging.getLogger("wms.test").warning("written")
print("open", flush=True)
sys.stdin.readline()  # -wal and -shm exist while the store is open
raise RuntimeError("a crash, for its report")
"""


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.expected_log_errors(r"^wms\.crash: uncaught RuntimeError; crash report written")
def test_a_station_process_creates_everything_private_despite_a_lax_umask(
    tmp_path: Path,
) -> None:
    watch_station_log(tmp_path / "state" / "log")
    process = subprocess.Popen(
        [sys.executable, "-c", STATION_PROCESS, str(tmp_path)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        umask=0o022,  # the usual default: files 0644, folders 0755
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "open"
    data = tmp_path / "data"
    try:
        for name in ("station.sqlite3", "station.sqlite3-wal", "station.sqlite3-shm"):
            assert mode(data / name) == 0o600, name
    finally:
        _out, err = process.communicate("\n", timeout=60)
    assert process.returncode != 0, err
    log_dir = tmp_path / "state" / "log"
    crashes = log_dir / "crashes"
    assert mode(data) == 0o700
    assert mode(log_dir) == 0o700
    assert mode(log_dir / LOG_FILE_NAME) == 0o600
    assert mode(crashes) == 0o700
    assert mode(crashes / "native-faults.txt") == 0o600
    (report,) = crashes.glob("crash-*.txt")
    assert mode(report) == 0o600


def test_world_readable_files_of_an_older_version_are_tightened(tmp_path: Path) -> None:
    db = tmp_path / "station.sqlite3"
    open_store(db).close()
    log_dir = tmp_path / "log"
    log_dir.mkdir(mode=0o755)
    os.chmod(log_dir, 0o755)
    (log_dir / LOG_FILE_NAME).write_text("", encoding="utf-8")
    (log_dir / f"{LOG_FILE_NAME}.1").write_text("", encoding="utf-8")
    for path in (db, log_dir / LOG_FILE_NAME, log_dir / f"{LOG_FILE_NAME}.1"):
        os.chmod(path, 0o644)
    open_store(db).close()
    configure_logging(log_dir, console=False)
    try:
        assert mode(db) == 0o600
        assert mode(log_dir) == 0o700
        assert mode(log_dir / LOG_FILE_NAME) == 0o600
        assert mode(log_dir / f"{LOG_FILE_NAME}.1") == 0o600
    finally:
        root = logging.getLogger("wms")
        for handler in list(root.handlers):
            root.removeHandler(handler)
            handler.close()


def test_rotated_logs_stay_private(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        configure_logging(tmp_path / "log", console=False)
        root = logging.getLogger("wms")
        root.warning("before rotation")
        (handler,) = root.handlers
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        handler.doRollover()
        root.warning("after rotation")
        for name in (LOG_FILE_NAME, f"{LOG_FILE_NAME}.1"):
            assert mode(tmp_path / "log" / name) == 0o600, name
    finally:
        os.umask(old_umask)
        root = logging.getLogger("wms")
        for handler in list(root.handlers):
            root.removeHandler(handler)
            handler.close()
