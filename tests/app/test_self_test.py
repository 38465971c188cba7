"""`wms-floor self-test` (#15): one line per check of an installation, headless, and an exit
code naming the first failure. Seed 003: "WMS往往需要在靠近仓库的地方部署" — the station is
installed at the warehouse, so IT must be able to prove an install works on the spot.

Real parts: the real command, a real SQLite scratch store, Qt offscreen, the real .qm and
.wav files, a real TLS server on a real port (the CA from tests/sync/test_client_tls.py)."""

from __future__ import annotations

import os
import ssl
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from local_db.store import open_store
from station.exit_codes import ExitCode
from station.main import main
from sync.credentials import Token, store_token
from sync.state import STATION_ID, write_state
from tests.sync.test_client_tls import write_ca_and_server_cert

ROOT = Path(__file__).resolve().parents[2]
DEVICE = "ST-5E1F7E57AB12"


def self_test(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, str]]:
    code = main(["self-test", *args])
    out = capsys.readouterr().out
    lines = {
        line.split(":", 1)[0]: line.split(":", 1)[1].strip()
        for line in out.splitlines()
        if ":" in line
    }
    return code, lines


def write_config(tmp_path: Path, extra: str = "") -> Path:
    config = tmp_path / "config.toml"
    config.write_text(f'db_path = "{tmp_path / "station.sqlite3"}"\n{extra}', encoding="utf-8")
    return config


def test_a_working_install_passes_every_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = self_test(capsys, "--config", str(write_config(tmp_path)))
    assert code == ExitCode.OK, lines
    for name in ("qt", "translations", "sounds", "store", "keyring"):
        assert lines[name].startswith("ok"), (name, lines[name])
    assert "drew a widget" in lines["qt"]
    assert "zh_CN" in lines["translations"]
    assert lines["oms tls"].startswith("skip") and "no OMS URL" in lines["oms tls"]
    # Right after an install the station is not enrolled yet: said, not failed.
    assert lines["enrolment"].startswith("info") and "not enrolled" in lines["enrolment"]
    assert lines["self-test"] == "passed"
    # The station's own store is left alone (only a scratch store is made).
    assert not (tmp_path / "station.sqlite3").exists()


def test_an_enrolled_station_without_its_token_fails_with_its_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = open_store(tmp_path / "station.sqlite3")
    with store.unit_of_work() as uow:
        write_state(uow.session, STATION_ID, DEVICE)
        uow.commit()
    store.close()
    config = write_config(tmp_path)
    code, lines = self_test(capsys, "--config", str(config))
    assert code == ExitCode.TOKEN_MISSING
    assert lines["enrolment"].startswith("FAIL") and DEVICE in lines["enrolment"]
    assert "(enrolment)" in lines["self-test"]

    store_token(DEVICE, Token("st_" + "y" * 40))
    code, lines = self_test(capsys, "--config", str(config))
    assert code == ExitCode.OK
    assert lines["enrolment"].startswith("ok")


def test_missing_translations_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # As in a bundle whose spec forgot the .qm files.
    monkeypatch.setattr("ui.self_check.translations_dir", lambda: tmp_path / "nothing")
    code, lines = self_test(capsys, "--config", str(write_config(tmp_path)))
    assert code == ExitCode.FILES_MISSING
    assert (
        lines["translations"].startswith("FAIL") and "wms_floor_zh_CN.qm" in lines["translations"]
    )
    assert lines["sounds"].startswith("ok")  # the other checks still ran


def test_without_a_keyring_it_fails_with_the_keyring_code() -> None:
    # A real process: keyring's own discovery, pinned to "none available" by tests/conftest.py.
    done = subprocess.run(
        [sys.executable, "-m", "station.main", "self-test", "--db", "/nonexistent/station.db"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == ExitCode.KEYRING_UNAVAILABLE, done.stdout + done.stderr
    assert "keyring:" in done.stdout and "FAIL" in done.stdout
    assert "self-test: FAILED (keyring), exit code 11" in done.stdout
    assert "Traceback" not in done.stderr


class _Hello(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def https_oms(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    ca_path, cert_path, key_path = write_ca_and_server_cert(tmp_path)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_path, key_path)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}", ca_path
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_the_oms_tls_is_checked_against_the_configured_ca(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], https_oms: tuple[str, Path]
) -> None:
    url, ca_path = https_oms
    trusted = write_config(tmp_path, f'oms_url = "{url}"\nca_bundle = "{ca_path}"\n')
    code, lines = self_test(capsys, "--config", str(trusted))
    assert code == ExitCode.OK, lines
    assert lines["oms tls"].startswith("ok") and "TLSv1" in lines["oms tls"]

    untrusted = write_config(tmp_path, f'oms_url = "{url}"\n')
    code, lines = self_test(capsys, "--config", str(untrusted))
    assert code == ExitCode.OMS_TLS_FAILED
    assert lines["oms tls"].startswith("FAIL") and "certificate not trusted" in lines["oms tls"]


def test_machine_settings_are_written_as_the_msi_asks(tmp_path: Path) -> None:
    target = tmp_path / "ProgramData" / "wms-floor" / "config.toml"
    args = ["--oms-url", "https://oms.example.com/", "--warehouse", "WH01", "--path", str(target)]
    assert main(["machine-settings", *args]) == 0
    written = tomllib.loads(target.read_text(encoding="utf-8"))
    assert written == {"oms_url": "https://oms.example.com", "warehouse_id": "WH01"}
    # A plain-HTTP URL fails the install instead of the station, and writes nothing.
    target.unlink()
    assert main(["machine-settings", "--oms-url", "http://oms", "--path", str(target)]) == 2
    assert not target.exists()
