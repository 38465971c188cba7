"""The Linux package (#15): built from the session's PyInstaller bundle with dpkg-deb
(packaging/build-deb.sh), inspected, then installed into this very system with dpkg when the
tests run as root (CI), self-tested from /usr/bin, removed and purged.

Seed 003: "WMS往往需要在靠近仓库的地方部署" — stations are installed at the warehouse by IT,
so the package must install, prove itself and uninstall cleanly, keeping the station's data."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from station import __version__
from station.exit_codes import ExitCode

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 600
INSTALLED = (
    Path("/opt/wms-floor/wms-floor"),
    Path("/usr/bin/wms-floor"),
    Path("/usr/share/applications/wms-floor.desktop"),
)
MACHINE_SETTINGS = Path("/etc/wms-floor/config.toml")

pytestmark = pytest.mark.slow


def run(*command: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(command),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
        stdin=subprocess.DEVNULL,
        env=env,
    )


@pytest.fixture(scope="module")
def deb(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("dpkg-deb") is None:
        pytest.skip("dpkg-deb not installed (a Debian/Ubuntu system)")
    out = tmp_path_factory.mktemp("deb")
    built = run("bash", str(ROOT / "packaging" / "build-deb.sh"), str(bundle.parent), str(out))
    assert built.returncode == 0, built.stderr
    package = Path(built.stdout.strip().splitlines()[-1])
    assert package.name.startswith(f"wms-floor_{__version__}_")
    return package


def test_the_deb_says_what_it_is_and_holds_the_bundle(deb: Path) -> None:
    """Seed 003 "WMS往往需要在靠近仓库的地方部署": what IT installs at the warehouse."""
    info = run("dpkg-deb", "-I", str(deb))
    assert info.returncode == 0, info.stderr
    assert "Package: wms-floor" in info.stdout
    assert f"Version: {__version__}" in info.stdout
    assert "Depends: libc6, libglib2.0-0" in info.stdout
    for script in ("postinst", "postrm", "conffiles"):
        assert f" {script}" in info.stdout, script
    listing = run("dpkg-deb", "-c", str(deb))
    assert listing.returncode == 0, listing.stderr
    files = {line.split()[-1] for line in listing.stdout.splitlines()}
    for path in (*INSTALLED, MACHINE_SETTINGS):
        assert f".{path}" in files, path
    assert "./opt/wms-floor/_internal/resources/translations/wms_floor_zh_CN.qm" in files
    # Owned by root, whoever built it.
    assert all(" root/root " in line for line in listing.stdout.splitlines())
    control = deb.parent / "control"
    assert run("dpkg-deb", "-e", str(deb), str(control)).returncode == 0
    # dpkg keeps a conffile on remove and deletes it on purge.
    assert (control / "conffiles").read_text().split() == [str(MACHINE_SETTINGS)]


def _keyring_session_env(home: Path) -> dict[str, str]:
    runtime = home / "run"
    runtime.mkdir(parents=True)
    runtime.chmod(0o700)
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_RUNTIME_DIR": str(runtime),
        "LOGIN_PASSWORD": "the station user's login password",
    }
    # keyring's own discovery, as on a real station (the tests otherwise pin a failing one).
    env.pop("PYTHON_KEYRING_BACKEND", None)
    return env


# As pam_gnome_keyring at log-in: the login password unlocks the keyring, nobody types.
_SESSION = (
    'eval "$(printf %s "$LOGIN_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets)"'
    ' && exec wms-floor "$@"'
)


def wms_floor_in_session(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run("dbus-run-session", "--", "sh", "-c", _SESSION, "sh", *args, env=env)


def test_the_deb_installs_self_tests_and_uninstalls_keeping_station_data(
    deb: Path, tmp_path: Path
) -> None:
    if os.geteuid() != 0:
        pytest.skip("installing a .deb into the system needs root (CI runs as root)")
    if run("dpkg", "-s", "wms-floor").returncode == 0:
        pytest.skip("wms-floor is already installed on this machine: not touching it")
    missing = [t for t in ("dbus-run-session", "gnome-keyring-daemon") if not shutil.which(t)]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing} missing: scripts/bootstrap.sh --system installs them")
        pytest.skip(f"{missing} not installed (scripts/bootstrap.sh --system)")
    env = _keyring_session_env(tmp_path / "station-home")
    try:
        installed = run("dpkg", "-i", str(deb))
        assert installed.returncode == 0, installed.stdout + installed.stderr
        assert all(path.exists() for path in INSTALLED)
        assert MACHINE_SETTINGS.exists()

        tested = wms_floor_in_session(env, "self-test")
        assert tested.returncode == ExitCode.OK, tested.stdout + tested.stderr
        assert "self-test: passed" in tested.stdout
        assert "/opt/wms-floor/_internal/resources/translations" in tested.stdout
        # The station's own data, where a user's station keeps it; machine-wide settings
        # written as an installer would.
        checked = wms_floor_in_session(env, "check")
        assert checked.returncode == ExitCode.NOT_ENROLLED, checked.stdout + checked.stderr
        store = tmp_path / "station-home" / "data" / "wms-floor" / "station.sqlite3"
        assert store.exists()
        written = run(
            "wms-floor",
            "machine-settings",
            "--oms-url",
            "https://oms.example.com",
            "--warehouse",
            "WH01",
        )
        assert written.returncode == 0, written.stderr
        assert 'warehouse_id = "WH01"' in MACHINE_SETTINGS.read_text(encoding="utf-8")
        # Machine-wide config dpkg does not know of: a company CA put beside the settings.
        company_ca = MACHINE_SETTINGS.parent / "company-ca.pem"
        company_ca.write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")

        removed = run("dpkg", "-r", "wms-floor")
        assert removed.returncode == 0, removed.stdout + removed.stderr
        assert not any(path.exists() for path in INSTALLED)
        assert not Path("/opt/wms-floor").exists()
        # remove keeps the machine-wide settings and the station's data.
        assert 'warehouse_id = "WH01"' in MACHINE_SETTINGS.read_text(encoding="utf-8")
        assert company_ca.exists()
        assert store.exists()

        purged = run("dpkg", "-P", "wms-floor")
        assert purged.returncode == 0, purged.stdout + purged.stderr
        assert not Path("/etc/wms-floor").exists()
        assert store.exists()  # never the station's data: it may hold unsent events
        assert run("dpkg", "-s", "wms-floor").returncode != 0
    finally:
        run("dpkg", "-P", "wms-floor")
