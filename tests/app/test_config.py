"""Settings: defaults, every refusal names the setting, secrets are refused, upgrades run."""

from __future__ import annotations

from pathlib import Path

import pytest

from station.config import CONFIG_VERSION, ConfigError, StationConfig, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_when_no_file_exists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WMS_FLOOR_CONFIG", str(tmp_path / "missing.toml"))
    config = load_config()
    assert config == StationConfig()
    assert config.push_batch_size == 500
    assert config.db_path.name == "station.sqlite3"


def test_values_are_read_and_typed(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'oms_url = "https://oms.example.com/"\nwarehouse_id = "WH-SH-01"\n'
        'push_batch_size = 300\nlanguage = "zh_CN"\ndb_path = "/srv/station.db"\n',
    )
    config = load_config(path)
    assert config.oms_url == "https://oms.example.com"
    assert config.warehouse_id == "WH-SH-01"
    assert config.push_batch_size == 300
    assert config.language == "zh_CN"
    assert config.db_path == Path("/srv/station.db")


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("push_batch_size = 0", "push_batch_size"),
        ('language = "fr"', "language"),
        ('oms_url = "ftp://oms"', "oms_url"),
        ('oms_url = "http://oms.example.com"', "oms_url.*https://"),
        ('scanner_max_key_interval_ms = "fast"', "scanner_max_key_interval_ms"),
        ("no_such_setting = 1", "no_such_setting"),
    ],
)
def test_wrong_value_is_refused_with_the_setting_named(
    tmp_path: Path, text: str, named: str
) -> None:
    with pytest.raises(ConfigError, match=named):
        load_config(write(tmp_path, text))


def test_plain_http_to_another_computer_needs_the_lab_setting(tmp_path: Path) -> None:
    config = load_config(
        write(tmp_path, 'oms_url = "http://oms.lab:8700/"\nallow_insecure_http = true\n')
    )
    assert config.oms_url == "http://oms.lab:8700"
    assert load_config(write(tmp_path, 'oms_url = "http://127.0.0.1:8700"')).oms_url


def test_broken_toml_is_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "oms_url = "))


def test_missing_explicit_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.toml")


@pytest.mark.parametrize("key", ["token", "oms_password", "enrolment_key", "API_KEY"])
def test_secrets_are_refused(tmp_path: Path, key: str) -> None:
    with pytest.raises(ConfigError, match="keyring"):
        load_config(write(tmp_path, f'{key} = "s3cret"'))


def test_newer_config_version_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="newer"):
        load_config(write(tmp_path, f"config_version = {CONFIG_VERSION + 1}"))


def test_file_without_version_is_upgraded(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "station_name = 'Pack 3'")).config_version == CONFIG_VERSION


def test_receiving_and_tracking_settings(tmp_path: Path) -> None:
    defaults = StationConfig()
    assert defaults.over_receipt_tolerance_pct == 0
    # The demo OMS's carriers have a format out of the box (oms_server/demo.py).
    assert set(defaults.carrier_tracking_patterns) >= {"SF", "ZTO", "YTO"}
    config = load_config(
        write(
            tmp_path,
            "over_receipt_tolerance_pct = 5\n[carrier_tracking_patterns]\nDHL = '\\d{10}'\n",
        )
    )
    assert (config.over_receipt_tolerance_pct, config.carrier_tracking_patterns) == (
        5,
        {"DHL": r"\d{10}"},
    )
    with pytest.raises(ConfigError, match="carrier_tracking_patterns"):
        load_config(write(tmp_path, "[carrier_tracking_patterns]\nDHL = '[unclosed'\n"))
    with pytest.raises(ConfigError, match="over_receipt_tolerance_pct"):
        load_config(write(tmp_path, "over_receipt_tolerance_pct = -1\n"))
