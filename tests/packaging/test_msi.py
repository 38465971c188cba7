"""The Windows installer's structure (#15): packaging/msi/wms-floor.wxs built with wixl from
the session's (Linux) bundle file list, then read back with msiinfo. This checks the package
(per-machine, Program Files, fixed UpgradeCode with MajorUpgrade, the OMS_URL / WAREHOUSE
properties and the custom action writing the machine-wide settings); it does not install it:
that needs Windows (the release workflow builds the real one there).

Seed 003: "WMS往往需要在靠近仓库的地方部署" — IT installs each warehouse PC silently."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from station import __version__

ROOT = Path(__file__).resolve().parents[2]
UPGRADE_CODE = "{6B1E3C0A-5D1F-4F7B-9A43-2C7E8B5D9F10}"
TIMEOUT_S = 600

pytestmark = pytest.mark.slow


def msiinfo(*args: str) -> str:
    done = subprocess.run(
        ["msiinfo", *args], capture_output=True, text=True, timeout=TIMEOUT_S, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def table(msi: Path, name: str) -> list[list[str]]:
    """Rows of an MSI table (msiinfo export: column names, types, table name, then rows)."""
    return [line.split("\t") for line in msiinfo("export", str(msi), name).splitlines()[3:]]


@pytest.fixture(scope="module")
def msi(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    missing = [tool for tool in ("wixl", "msiinfo") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{missing} not installed (msitools, wixl: scripts/bootstrap.sh --system)")
    out = tmp_path_factory.mktemp("msi") / "wms-floor.msi"
    built = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build-msi.sh"), str(bundle.parent), str(out)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    return out


def test_the_msi_installs_per_machine_and_upgrades_in_place(msi: Path) -> None:
    tables = set(msiinfo("tables", str(msi)).split())
    assert {"File", "Component", "Directory", "Shortcut", "CustomAction", "Upgrade"} <= tables
    properties = dict(row[:2] for row in table(msi, "Property"))
    assert properties["ALLUSERS"] == "1"  # per machine
    assert properties["UpgradeCode"] == UPGRADE_CODE
    assert properties["ProductVersion"] == __version__
    # MajorUpgrade: older versions found and removed, newer ones refuse the downgrade.
    upgrades = table(msi, "Upgrade")
    assert {row[0] for row in upgrades} == {UPGRADE_CODE}
    assert {row[-1] for row in upgrades} == {"WIX_UPGRADE_DETECTED", "WIX_DOWNGRADE_DETECTED"}
    sequence = {row[0]: row[1:] for row in table(msi, "InstallExecuteSequence")}
    assert "RemoveExistingProducts" in sequence
    assert "x64" in msiinfo("suminfo", str(msi))
    directories = {row[0]: row[1:] for row in table(msi, "Directory")}
    assert directories["INSTALLDIR"] == ["ProgramFiles64Folder", "wms-floor"]


def test_the_msi_holds_every_bundle_file_and_a_start_menu_entry(bundle: Path, msi: Path) -> None:
    shipped = [path for path in bundle.parent.rglob("*") if path.is_file()]
    files = table(msi, "File")
    assert len(files) == len(shipped)
    assert files[0][:3] == ["WmsFloorExe", "MainExecutable", "wms-floor.exe"]
    assert "wms_floor_zh_CN.qm" in {row[2] for row in files}
    shortcuts = table(msi, "Shortcut")
    assert shortcuts[0][:3] == ["StartMenuShortcut", "ProgramMenuFolder", "WMS floor station"]


def test_oms_url_and_warehouse_go_to_the_machine_wide_settings(msi: Path) -> None:
    actions = {row[0]: row[1:] for row in table(msi, "CustomAction")}
    kind, source, target = actions["WriteMachineSettings"][:3]
    # 18 (an installed exe) + deferred (1024) + as SYSTEM, not the user (2048).
    assert int(kind) == 18 | 1024 | 2048
    assert source == "WmsFloorExe"
    assert target == 'machine-settings --oms-url "[OMS_URL]" --warehouse "[WAREHOUSE]"'
    sequence = {row[0]: row[1:] for row in table(msi, "InstallExecuteSequence")}
    condition, number = sequence["WriteMachineSettings"]
    assert condition == "NOT REMOVE AND (OMS_URL OR WAREHOUSE)"
    assert int(number) > int(sequence["InstallFiles"][1])


def test_the_msi_is_signed_with_a_placeholder_certificate_made_at_build_time(
    msi: Path, tmp_path: Path
) -> None:
    """No key in the repository: packaging/sign.sh makes a throw-away one when the release's
    certificate (SIGN_PFX, a CI secret) is not given."""
    if shutil.which("osslsigncode") is None:
        pytest.skip("osslsigncode not installed (scripts/bootstrap.sh --system)")
    signed = tmp_path / "wms-floor.msi"
    shutil.copy(msi, signed)
    cert = tmp_path / "placeholder.pem"
    env = {**os.environ, "SIGN_CERT_OUT": str(cert)}
    env.pop("SIGN_PFX", None)
    done = subprocess.run(
        ["bash", str(ROOT / "packaging" / "sign.sh"), str(signed)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "placeholder" in done.stderr
    verified = subprocess.run(
        ["osslsigncode", "verify", "-in", str(signed), "-CAfile", str(cert)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "Signature verification: ok" in verified.stdout
