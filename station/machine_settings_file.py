"""Writes the machine-wide settings file from an installer's properties.

The Windows MSI runs ``wms-floor machine-settings --oms-url URL --warehouse WH`` (as SYSTEM,
after copying the files) so that ``msiexec /i wms-floor.msi /qn OMS_URL=... WAREHOUSE=...``
leaves ``%ProgramData%\\wms-floor\\config.toml``; on Linux the same command writes
``/etc/wms-floor/config.toml``. Only the writing lives here: how the station layers that file
under a user's own settings is the settings loader's business. The URL is checked as the
station checks it, so a typo fails the install instead of a station at start.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from station.paths import default_system_config_path
from sync.oms_url import InsecureOmsUrl, check_oms_url


def machine_settings_path() -> Path:
    """The file the station reads first (station.paths), so what is written here is read."""
    return default_system_config_path()


def settings_text(oms_url: str | None, warehouse: str | None) -> str:
    # A JSON string is a valid TOML basic string (same quotes and escapes).
    lines = ["# Written by the wms-floor installer (machine-wide settings)."]
    if oms_url:
        lines.append(f"oms_url = {json.dumps(oms_url)}")
    if warehouse:
        lines.append(f"warehouse_id = {json.dumps(warehouse)}")
    return "\n".join(lines) + "\n"


def machine_settings_command(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="wms-floor machine-settings",
        description=(
            "Write the machine-wide settings file (run by the installer: the MSI's OMS_URL and "
            f"WAREHOUSE properties). Default file here: {machine_settings_path()}. Nothing is "
            "written when neither value is given, so a repair or upgrade keeps the file."
        ),
    )
    parser.add_argument("--oms-url", default="", help="the OMS's base URL (https://...)")
    parser.add_argument("--warehouse", default="", help="the warehouse this machine works in")
    parser.add_argument("--path", type=Path, help="file to write (default: above)")
    args = parser.parse_args(argv)
    oms_url, warehouse = args.oms_url.strip(), args.warehouse.strip()
    if not (oms_url or warehouse):
        print("machine settings unchanged (no OMS URL or warehouse given)")
        return 0
    if oms_url:
        try:
            oms_url = check_oms_url(oms_url, allow_insecure_http=False)
        except InsecureOmsUrl as exc:
            print(f"wms-floor machine-settings: {exc}", file=sys.stderr)
            return 2
    path = args.path or machine_settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(settings_text(oms_url, warehouse), encoding="utf-8")
    print(f"machine settings written to {path}")
    return 0
