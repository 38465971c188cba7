"""The scale's settings (#16): read and typed, wrong values refused with the setting named,
none at all = no scale (the packer types the weight, as before).

Seed 002 §Step 7: "打包完成，称重" — packed, then weighed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from station.config import ConfigError, StationConfig, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_scale_by_default() -> None:
    assert StationConfig().scale_serial_port is None


def test_scale_settings_are_read(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            'scale_serial_port = "COM4"\nscale_baud_rate = 2400\n'
            'scale_protocol = "continuous"\nscale_unit = "g"\nscale_timeout_s = 3\n'
            "scale_weight_tolerance_pct = 5\nscale_weight_tolerance_g = 80\n",
        )
    )
    assert (config.scale_serial_port, config.scale_baud_rate) == ("COM4", 2400)
    assert (config.scale_protocol, config.scale_unit) == ("continuous", "g")
    assert (config.scale_weight_tolerance_pct, config.scale_weight_tolerance_g) == (5, 80)


@pytest.mark.parametrize(
    ("line", "setting"),
    [
        ("scale_baud_rate = 9601", "scale_baud_rate"),
        ('scale_protocol = "toledo"', "scale_protocol"),
        ('scale_unit = "oz"', "scale_unit"),
        ("scale_timeout_s = 0", "scale_timeout_s"),
        ("scale_weight_tolerance_pct = -1", "scale_weight_tolerance_pct"),
        ('scale_serial_port = " "', "scale_serial_port"),
    ],
)
def test_wrong_scale_values_are_refused_by_name(tmp_path: Path, line: str, setting: str) -> None:
    with pytest.raises(ConfigError, match=f"'{setting}'"):
        load_config(write(tmp_path, line + "\n"))
