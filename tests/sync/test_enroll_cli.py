"""`wms-floor enroll` (station.enroll_cli.enroll_command) against the real OMS process."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from local_db.store import open_store
from station.config import CONFIG_ENV_VAR
from station.enroll_cli import enroll_command
from sync.credentials import KEYRING_SERVICE, SessionOnlyKeyring
from sync.state import station_identity
from tests.support.oms_process import RunningOms


@pytest.fixture(autouse=True)
def no_settings_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CONFIG_ENV_VAR, str(tmp_path / "no-such-settings.toml"))


def test_enroll_command_enrols_and_says_so(
    oms_server: RunningOms,
    tmp_path: Path,
    memory_keyring: SessionOnlyKeyring,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db_path = tmp_path / "station" / "station.sqlite3"
    # The key on stdin, so it stays out of the shell history and the process list.
    monkeypatch.setattr("sys.stdin", io.StringIO(oms_server.enrolment_key_for("WH1") + "\n"))
    code = enroll_command(
        ["--oms-url", oms_server.base_url, "--warehouse", "WH1", "--key", "-", "--db", str(db_path)]
    )
    out = capsys.readouterr().out
    assert code == 0
    store = open_store(db_path)
    try:
        with store.read_session() as session:
            identity = station_identity(session)
    finally:
        store.close()
    assert f"as device {identity.station_id} for warehouse WH1" in out
    assert identity.oms_url == oms_server.base_url
    assert list(memory_keyring.secrets) == [(KEYRING_SERVICE, identity.station_id)]
    token = memory_keyring.secrets[(KEYRING_SERVICE, identity.station_id)]
    assert token not in out


def test_enroll_command_with_a_wrong_key_changes_nothing(
    oms_server: RunningOms,
    tmp_path: Path,
    memory_keyring: SessionOnlyKeyring,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db_path = tmp_path / "station.sqlite3"
    code = enroll_command(
        [
            "--oms-url",
            oms_server.base_url,
            "--warehouse",
            "WH1",
            "--key",
            "not-the-enrolment-key",
            "--db",
            str(db_path),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "not enrolled" in err
    assert "INVALID_ENROLMENT_KEY" in err
    assert memory_keyring.secrets == {}


def test_enroll_command_with_the_oms_down(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.support.oms_process import free_port

    code = enroll_command(
        [
            "--oms-url",
            f"http://127.0.0.1:{free_port()}",
            "--warehouse",
            "WH1",
            "--key",
            "enrolment-key-123",
            "--db",
            str(tmp_path / "station.sqlite3"),
        ]
    )
    assert code == 1
    assert "Cannot reach the OMS" in capsys.readouterr().err
