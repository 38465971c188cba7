"""`wms-floor diagnostics FILE.zip` (#15): what support needs, and nothing secret or personal.

Seed 003 (单据同步): "开发单据同步监控告警系统，及时发现并处理同步异常" — the zip carries the
sync status and backlog (seed 000 §七: 消息积压数) for whoever finds the problem; seed 000's
OutboundCommand marks 收货人 (consignee), phone and address as personal: they stay at the station.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import httpx

from local_db.store import open_store
from oms_contract.pins import hash_pin
from sync.credentials import SessionOnlyKeyring
from sync.enrolment import enroll
from tests.flows.seed import SUPERVISOR_PIN, add_order, add_stock, seed_master_data
from tests.sync.test_enrolment import TOKEN, EnrollingOms

ROOT = Path(__file__).resolve().parents[2]
ENROLMENT_KEY = "ek_diagnostics-key-0123456789"
# A token as the reference OMS issues them (oms_server.services.enrolment), leaked into a log.
LEAKED_TOKEN = "st_Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Njc4"


def test_the_zip_has_what_support_needs_and_no_secret_or_personal_data(
    tmp_path: Path, memory_keyring: SessionOnlyKeyring
) -> None:
    db = tmp_path / "station.sqlite3"
    logs = tmp_path / "logs"
    store = open_store(db)
    pin_hash = hash_pin(SUPERVISOR_PIN)
    try:
        seed_master_data(store, supervisor_pin_hash=pin_hash)
        enroll(
            store,
            "https://oms.test",
            "WH1",
            ENROLMENT_KEY,
            transport=httpx.MockTransport(EnrollingOms("DEV-9")),
        )
        add_stock(store, "A-01-01-01", "SKU-TEA", 10)
        add_order(store, "SO-DIAG-1", [("SKU-TEA", 2)])  # consignee Test Person, 1 Test Road
    finally:
        store.close()
    # An older version's log line and a crash report that leaked personal data in clear.
    (logs / "crashes").mkdir(parents=True)
    (logs / "station.log").write_text(
        f'{{"msg": "order for Test Person at 1 Test Road, 13800000000, {LEAKED_TOKEN}"}}\n',
        encoding="utf-8",
    )
    (logs / "station.log.1").write_text('{"msg": "older line"}\n', encoding="utf-8")
    (logs / "crashes" / "crash-20261204T000000000000Z.txt").write_text(
        f"Traceback: hash {pin_hash} key {ENROLMENT_KEY}\n", encoding="utf-8"
    )
    out = tmp_path / "support" / "diag.zip"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "station.main",
            "diagnostics",
            str(out),
            "--db",
            str(db),
            "--set",
            f"log_dir={logs}",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    if os.name == "posix":
        assert out.stat().st_mode & 0o077 == 0  # this user's only, like the logs in it
    with zipfile.ZipFile(out) as archive:
        files = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    assert {
        "settings.txt",
        "versions.txt",
        "store.txt",
        "sync.txt",
        "exceptions.txt",
        "logs/station.log",
        "logs/station.log.1",
        "crashes/crash-20261204T000000000000Z.txt",
    } <= set(files)
    assert (
        "log_dir" in files["settings.txt"] and "command line --set log_dir" in files["settings.txt"]
    )
    versions = files["versions.txt"]
    assert all(part in versions for part in ("wms-floor:", "Python:", "Qt:", "SQLite:"))
    store_text = files["store.txt"]
    assert "integrity_check: ok" in store_text
    assert f"({db.stat().st_size} bytes)" in store_text
    assert "outbound_order" in store_text and "outbox_event" in store_text
    assert "DEV-9" in files["sync.txt"] and "pending events:" in files["sync.txt"]
    assert "oldest pending:" in files["sync.txt"]
    assert "open exceptions:" in files["exceptions.txt"]
    assert "older line" in files["logs/station.log.1"]  # the logs themselves are there
    forbidden = (
        TOKEN,
        LEAKED_TOKEN,
        ENROLMENT_KEY,
        pin_hash,
        pin_hash.split("$")[-1],
        "Test Person",
        "13800000000",
        "1 Test Road",
    )
    for name, text in files.items():
        for secret in forbidden:
            assert secret not in text, (name, secret)


def test_a_damaged_store_still_gives_a_zip_saying_so(tmp_path: Path) -> None:
    db = tmp_path / "station.sqlite3"
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4080)
    out = tmp_path / "diag.zip"
    result = subprocess.run(
        [sys.executable, "-m", "station.main", "diagnostics", str(out), "--db", str(db)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "WMS_FLOOR_LOG_DIR": str(tmp_path / "logs")},
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out) as archive:
        store_text = archive.read("store.txt").decode("utf-8")
    assert "the store could not be read" in store_text
    assert db.read_bytes() == b"SQLite format 3\x00" + b"\xff" * 4080  # never written to
