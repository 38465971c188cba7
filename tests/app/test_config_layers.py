"""Settings in layers (#15): default < machine file < user file < WMS_FLOOR_<SETTING> <
command line, `wms-floor config show` naming each value's source, and a wrong value refused
with the setting and its file named before anything starts. Run as real processes.

No seed clause speaks of station settings; this is issue #15's fleet roll-out.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from station.config import _SECRET_WORDS, ConfigError, StationConfig
from station.config_layers import load_effective_config
from station.paths import default_system_config_path

ROOT = Path(__file__).resolve().parents[2]


def wms_floor(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "station.main", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        timeout=120,
        check=False,
        cwd=ROOT,
    )


def source_of(show: str, setting: str) -> tuple[str, str]:
    for line in show.splitlines():
        if line.startswith(setting + " "):
            value, _, source = line.partition("=")[2].partition("    # ")
            return value.strip(), source.strip()
    raise AssertionError(f"{setting} not shown:\n{show}")


def test_later_layers_win_and_config_show_names_every_source(tmp_path: Path) -> None:
    machine = tmp_path / "etc" / "config.toml"
    machine.parent.mkdir()
    machine.write_text(
        'push_batch_size = 300\nlog_level = "warning"\nlanguage = "zh_CN"\n'
        'proxy = "http://proxy.example.com:3128"\nsync_interval_s = 30\n',
        encoding="utf-8",
    )
    user = tmp_path / "user.toml"
    user.write_text("push_batch_size = 400\nlog_files_kept = 9\n", encoding="utf-8")
    result = wms_floor(
        "config",
        "show",
        "--config",
        str(user),
        "--set",
        "log_files_kept=3",
        "--db",
        str(tmp_path / "s.sqlite3"),
        env={
            "WMS_FLOOR_SYSTEM_CONFIG": str(machine),
            "WMS_FLOOR_LANGUAGE": "en",
            "WMS_FLOOR_LOG_FILE_MAX_MB": "20",
        },
    )
    assert result.returncode == 0, result.stderr
    show = result.stdout
    assert source_of(show, "sync_interval_s") == ("30.0", f"machine file {machine}")
    assert source_of(show, "proxy") == (
        '"http://proxy.example.com:3128"',
        f"machine file {machine}",
    )
    assert source_of(show, "log_level") == ('"WARNING"', f"machine file {machine}")
    assert source_of(show, "push_batch_size") == ("400", f"user file {user}")
    assert source_of(show, "language") == ('"en"', "env WMS_FLOOR_LANGUAGE")
    assert source_of(show, "log_file_max_mb") == ("20", "env WMS_FLOOR_LOG_FILE_MAX_MB")
    assert source_of(show, "log_files_kept") == ("3", "command line --set log_files_kept")
    assert source_of(show, "db_path") == (
        f'"{tmp_path / "s.sqlite3"}"',
        "command line --db",
    )
    assert source_of(show, "idle_logout_min") == ("10.0", "default")
    # Every setting is shown.
    for name in StationConfig.model_fields:
        source_of(show, name)


def test_a_wrong_machine_value_names_setting_and_file_and_nothing_starts(tmp_path: Path) -> None:
    machine = tmp_path / "config.toml"
    machine.write_text("log_file_max_mb = 0\n", encoding="utf-8")
    logs = tmp_path / "logs"
    # The station window itself: refused before logging, the store or Qt start.
    result = wms_floor(
        "--db",
        str(tmp_path / "station.sqlite3"),
        env={"WMS_FLOOR_SYSTEM_CONFIG": str(machine), "WMS_FLOOR_LOG_DIR": str(logs)},
    )
    assert result.returncode == 2
    assert "'log_file_max_mb'" in result.stderr
    assert f"settings file {machine}" in result.stderr
    assert not logs.exists()
    assert not (tmp_path / "station.sqlite3").exists()


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"WMS_FLOOR_PROXY": "ftp://proxy"}, "'proxy' (from environment variable WMS_FLOOR_PROXY)"),
        (
            {"WMS_FLOOR_PROXY": "http://user:pw@proxy:3128"},
            "'proxy'.*user name or password",
        ),
        ({"WMS_FLOOR_LOG_LEVEL": "LOUD"}, "'log_level' (from environment variable"),
        ({"WMS_FLOOR_LOG_FILES_KEPT": "0"}, "'log_files_kept'"),
        ({"WMS_FLOOR_CA_BUNDLE": "/no/such/ca.pem"}, "'ca_bundle'.*is not a file"),
        ({"WMS_FLOOR_LANGUAGE": "fr"}, "'language'"),
        ({"WMS_FLOOR_API_TOKEN": "x"}, "looks like a secret"),
    ],
)
def test_wrong_environment_values_are_refused_with_the_variable_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, env: dict[str, str], named: str
) -> None:
    monkeypatch.setenv("WMS_FLOOR_CONFIG", str(tmp_path / "none.toml"))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as refused:
        load_effective_config()
    assert re.search(re.escape(named) if "(" in named else named, str(refused.value))


def test_settings_hold_no_secret(tmp_path: Path) -> None:
    """No setting is a secret (the token is in the keyring), and a secret-looking key is
    refused in the machine file too, so `config show` can print every value as it is."""
    for name in StationConfig.model_fields:
        assert not any(word in name for word in _SECRET_WORDS), name
    machine = tmp_path / "machine.toml"
    machine.write_text('enrolment_key = "ek_abcdefghijklmnopqrstu"\n', encoding="utf-8")
    result = wms_floor("config", "show", env={"WMS_FLOOR_SYSTEM_CONFIG": str(machine)})
    assert result.returncode == 2
    assert "keyring" in result.stderr and "ek_abc" not in result.stdout


def test_the_machine_file_is_under_etc_or_programdata(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    assert default_system_config_path() == Path("/etc/wms-floor/config.toml")
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("PROGRAMDATA", "D:\\ProgramData")
    assert default_system_config_path() == Path("D:\\ProgramData") / "wms-floor" / "config.toml"


def test_what_the_installer_writes_is_what_the_station_reads(tmp_path: Path) -> None:
    """The MSI's custom action (and a .deb post-install) runs `wms-floor machine-settings`:
    the station must read that same file, as the machine layer under the user's."""
    machine = tmp_path / "etc" / "config.toml"
    env = {"WMS_FLOOR_SYSTEM_CONFIG": str(machine)}
    written = wms_floor(
        "machine-settings",
        "--oms-url",
        "https://oms.example.com",
        "--warehouse",
        "WH07",
        "--path",
        str(machine),
        env=env,
    )
    assert written.returncode == 0, written.stderr
    user = tmp_path / "user.toml"
    user.write_text("push_batch_size = 400\n", encoding="utf-8")
    show = wms_floor("config", "show", "--config", str(user), env=env)
    assert show.returncode == 0, show.stderr
    assert source_of(show.stdout, "warehouse_id") == ('"WH07"', f"machine file {machine}")
    assert source_of(show.stdout, "oms_url")[1] == f"machine file {machine}"
