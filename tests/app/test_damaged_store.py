"""A damaged store file (#10.6): a clear message and a non-zero exit instead of a traceback,
and not one byte written to it — from `wms-floor check`, `enroll`, and the station's start."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from local_db.errors import StoreDamaged
from local_db.store import open_store
from station.exit_codes import ExitCode
from tests.store.support import BINS, add_stock, seed_master_data
from tests.support.log_watch import watch_station_log

ROOT = Path(__file__).resolve().parents[2]
PAGE = 4096


def real_store(path: Path) -> Path:
    store = open_store(path)
    seed_master_data(store)
    for n in range(300):
        add_stock(store, BINS[n % 3], "SKU-A", n + 1, batch_no=f"B{n:04d}")
    store.close()
    assert not Path(f"{path}-wal").exists()  # closed cleanly: the file alone is the store
    return path


def random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(200_000))


def truncated_mid_page(path: Path) -> None:
    data = real_store(path).read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])


def truncated_at_a_page(path: Path) -> None:
    data = real_store(path).read_bytes()
    path.write_bytes(data[: (len(data) // PAGE // 2) * PAGE])


def overwritten_page(path: Path) -> None:
    data = bytearray(real_store(path).read_bytes())
    page = len(data) // PAGE // 2  # a page of the stock table's b-tree, deep in the file
    data[page * PAGE : (page + 1) * PAGE] = os.urandom(PAGE)
    path.write_bytes(bytes(data))


DAMAGES = [random_bytes, truncated_mid_page, truncated_at_a_page, overwritten_page]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "WMS_FLOOR_CONFIG": str(cwd / "no-settings.toml"),
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(
        [sys.executable, "-m", "station.main", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
        cwd=ROOT,
    )


@pytest.mark.parametrize("damage", DAMAGES, ids=lambda damage: damage.__name__)
def test_check_says_damaged_exits_3_and_writes_nothing(
    tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    db = tmp_path / "station.sqlite3"
    damage(db)
    before = digest(db)
    result = run_cli("check", "--db", str(db), cwd=tmp_path)
    assert result.returncode == ExitCode.STORE_DAMAGED, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert f"database file {db} is damaged" in result.stderr
    assert "call IT" in result.stderr
    assert digest(db) == before


def test_enroll_on_a_damaged_store_stops_before_the_oms(tmp_path: Path) -> None:
    db = tmp_path / "station.sqlite3"
    overwritten_page(db)
    before = digest(db)
    # No OMS listens there: the store is checked first, so the address is never tried.
    result = run_cli(
        "enroll", "--oms-url", "https://127.0.0.1:9", "--warehouse", "WH1", "--key", "k",
        "--db", str(db), cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == ExitCode.STORE_DAMAGED, result.stderr
    assert "Traceback" not in result.stderr
    assert "is damaged" in result.stderr
    assert digest(db) == before


@pytest.mark.expected_log_errors(r"^wms\.store\.integrity: store \S+ failed quick_check")
def test_the_station_store_refuses_writes_once_the_background_check_finds_damage(
    tmp_path: Path,
) -> None:
    db = tmp_path / "station.sqlite3"
    overwritten_page(db)
    before = digest(db)
    store = open_store(db, integrity="background")  # header and schema are fine
    try:
        assert store.integrity.join(60)
        assert store.integrity.damage is not None
        with pytest.raises(StoreDamaged), store.unit_of_work() as uow:
            uow.commit()
    finally:
        store.close()
    assert digest(db) == before


def test_an_intact_store_passes_every_check(tmp_path: Path) -> None:
    db = real_store(tmp_path / "station.sqlite3")
    store = open_store(db, integrity="background")
    try:
        assert store.integrity.join(60)
        assert store.integrity.damage is None
        with store.unit_of_work() as uow:
            uow.commit()
    finally:
        store.close()
    open_store(db, integrity="quick").close()


START = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from station.config import StationConfig
from ui.launcher import run_station

told = []

def read_and_close():
    box = QApplication.activeModalWidget()
    if box is None:
        QTimer.singleShot(50, read_and_close)
        return
    told.append(box.text())
    box.accept()

app = QApplication(sys.argv)
QTimer.singleShot(0, read_and_close)
config = StationConfig(db_path=Path(sys.argv[1]), log_dir=Path(sys.argv[2]), language="en")
code = run_station(config)
print(int(code))
print(told[0] if told else "-")
"""


@pytest.mark.parametrize("damage", [random_bytes, truncated_mid_page], ids=lambda d: d.__name__)
def test_the_window_at_start_up_tells_the_operator_and_exits(
    tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    db = tmp_path / "station.sqlite3"
    damage(db)
    before = digest(db)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    watch_station_log(tmp_path / "logs")
    result = subprocess.run(
        [sys.executable, "-c", START, str(db), str(tmp_path / "logs")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    code, told = result.stdout.strip().splitlines()[-2:]
    assert int(code) == ExitCode.STORE_DAMAGED
    assert "is damaged" in told and "call IT" in told
    assert "Traceback" not in result.stderr
    assert digest(db) == before
