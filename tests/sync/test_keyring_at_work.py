"""The keyring in real use: a station whose keyring is shut says so (once in its log, as a
reason on screen) and goes on when it opens; a token the keyring did not keep spends no key;
a keyring that would ask for a password is refused before the OMS is called, also by
``wms-floor enroll --key -`` run without a terminal (keyrings.alt's EncryptedKeyring, for real).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import keyring
import keyring.errors
import pytest

from local_db.store import open_store
from station.sync_wiring import floor_hooks
from sync.credentials import KEYRING_SERVICE, CredentialStoreUnavailable, SessionOnlyKeyring
from sync.engine import SyncEngine, SyncSettings
from sync.enrolment import enroll
from sync.state import read_all_state
from sync.status import SyncProblem
from tests.support.oms_process import RunningOms
from tests.sync.real_oms import WAREHOUSE, enrolled_station


class ShutKeyring(SessionOnlyKeyring):
    """A keyring that is locked (a desktop keyring nobody unlocked)."""

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("the collection is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("the collection is locked")


class ForgetfulKeyring(SessionOnlyKeyring):
    """Passes the probe, then fails to keep the station's token."""

    def set_password(self, service: str, username: str, password: str) -> None:
        if service == KEYRING_SERVICE:
            raise keyring.errors.PasswordSetError("disk full")
        super().set_password(service, username, password)


def _station_ids(oms: RunningOms) -> list[str]:
    response = oms.admin_get("/monitoring")
    response.raise_for_status()
    return [row["device_id"] for row in response.json()["backlog"]]


def test_a_shut_keyring_is_a_reason_on_screen_and_one_log_line(
    oms_server: RunningOms,
    tmp_path: Path,
    memory_keyring: SessionOnlyKeyring,
    caplog: pytest.LogCaptureFixture,
) -> None:
    store, _ = enrolled_station(oms_server, tmp_path / "station.sqlite3")
    engine = SyncEngine(store, SyncSettings(), hooks=floor_hooks())
    try:
        keyring.set_keyring(ShutKeyring())
        caplog.set_level(logging.INFO, logger="wms.sync")
        for _ in range(3):
            status = engine.run_once()
            assert status.problem == SyncProblem.KEYRING_UNAVAILABLE
            assert not status.online
        errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert len(errors) == 1, [r.getMessage() for r in errors]
        assert "Keyring unavailable" in errors[0].getMessage()
        assert not any(r.exc_info for r in caplog.records)

        keyring.set_keyring(memory_keyring)  # someone unlocked it
        status = engine.run_once()
        assert status.online, status.last_error
        assert status.problem is None
    finally:
        engine.close()
        store.close()


def test_a_token_the_keyring_did_not_keep_spends_no_key(
    oms_server: RunningOms, tmp_path: Path, memory_keyring: SessionOnlyKeyring
) -> None:
    key = oms_server.enrolment_key_for(WAREHOUSE, max_uses=1)
    store = open_store(tmp_path / "station.sqlite3")
    try:
        keyring.set_keyring(ForgetfulKeyring())
        with pytest.raises(CredentialStoreUnavailable, match="refused to store"):
            enroll(store, oms_server.base_url, WAREHOUSE, key, "kiosk", None)
        with store.read_session() as session:
            assert read_all_state(session) == {}
        assert _station_ids(oms_server) == []

        keyring.set_keyring(memory_keyring)
        device_id = enroll(store, oms_server.base_url, WAREHOUSE, key, "kiosk", None)
        assert _station_ids(oms_server) == [device_id]
    finally:
        store.close()


def _pycryptodome_available() -> bool:
    return any(importlib.util.find_spec(name) for name in ("Cryptodome", "Crypto"))


def test_enroll_without_a_terminal_refuses_a_prompting_keyring_and_keeps_the_key(
    oms_server: RunningOms, tmp_path: Path
) -> None:
    if not _pycryptodome_available():
        if os.environ.get("CI"):
            pytest.fail("pycryptodome (a dev dependency) is missing: cannot try EncryptedKeyring")
        pytest.skip("pycryptodome is not installed (pip install -e .[dev])")
    key = oms_server.enrolment_key_for(WAREHOUSE, max_uses=1)
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.EncryptedKeyring",
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    db_path = tmp_path / "station.sqlite3"
    command = [
        sys.executable,
        "-m",
        "station.main",
        "enroll",
        "--oms-url",
        oms_server.base_url,
        "--warehouse",
        WAREHOUSE,
        "--key",
        "-",
        "--db",
        str(db_path),
    ]
    # A new session: no controlling terminal, so getpass cannot fall back to /dev/tty.
    done = subprocess.run(
        command,
        input=key + "\n",
        capture_output=True,
        text=True,
        env=env,
        start_new_session=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "EncryptedKeyring needs a password typed at a terminal" in done.stderr
    assert "nothing was sent to the OMS" in done.stderr
    assert key not in done.stderr + done.stdout
    assert _station_ids(oms_server) == []

    # The key is still good: the same box with a keyring that needs nobody enrols with it.
    store = open_store(db_path)
    try:
        device_id = enroll(store, oms_server.base_url, WAREHOUSE, key, "kiosk", None)
    finally:
        store.close()
    assert _station_ids(oms_server) == [device_id]


_KIOSK_SESSION = """\
set -eu
# As pam_gnome_keyring does when the kiosk user logs in: the login password unlocks the
# login keyring (creating it the first time). Nothing below is asked for a password.
eval "$(printf '%s' "$LOGIN_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets)"
"$PYTHON" -m station.main enroll --oms-url "$OMS_URL" --warehouse "$WAREHOUSE" --key - \\
    --db "$STATION_DB" < "$KEY_FILE"
# A later start of the station, unattended: it finds its token and syncs.
"$PYTHON" - < /dev/null <<'PY'
import os
import shutil
from local_db.store import open_store
from station.sync_wiring import floor_hooks
from sync.engine import SyncEngine, SyncSettings
store = open_store(os.environ["STATION_DB"])
status = SyncEngine(store, SyncSettings(), hooks=floor_hooks()).run_once()
print("SYNCED" if status.online else f"NOT SYNCED: {status.last_error}")
PY
"""


def test_a_kiosk_with_gnome_keyring_unlocked_at_login_enrols_and_syncs_unattended(
    oms_server: RunningOms, tmp_path: Path
) -> None:
    tools = ("dbus-run-session", "gnome-keyring-daemon")
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing} missing: scripts/bootstrap.sh --system installs them")
        pytest.skip(f"{missing} not installed (scripts/bootstrap.sh --system)")
    key_file = tmp_path / "key.txt"
    key_file.write_text(oms_server.enrolment_key_for(WAREHOUSE, max_uses=1) + "\n")
    script = tmp_path / "kiosk-session.sh"
    script.write_text(_KIOSK_SESSION)
    home = tmp_path / "kiosk-home"
    runtime = home / "run"
    runtime.mkdir(parents=True)
    runtime.chmod(0o700)
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_RUNTIME_DIR": str(runtime),
        "PYTHONPATH": os.pathsep.join(sys.path),
        "PYTHON": sys.executable,
        "LOGIN_PASSWORD": "the kiosk user's login password",
        "OMS_URL": oms_server.base_url,
        "WAREHOUSE": WAREHOUSE,
        "STATION_DB": str(tmp_path / "station.sqlite3"),
        "KEY_FILE": str(key_file),
    }
    # keyring's own discovery, as on a real kiosk (the tests otherwise pin a failing one).
    env.pop("PYTHON_KEYRING_BACKEND")
    done = subprocess.run(
        ["dbus-run-session", "--", "bash", str(script)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        start_new_session=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Enrolled with" in done.stdout
    assert "SYNCED" in done.stdout, done.stdout + done.stderr
    assert len(_station_ids(oms_server)) == 1
