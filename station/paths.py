"""Where the station keeps its files by default (per-user platform directories)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "wms-floor"
APP_AUTHOR = "wms-floor"


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)) / "station.sqlite3"


def default_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)) / "config.toml"


def default_log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def default_system_config_path() -> Path:
    """The machine-wide settings IT rolls out (read before the user's)."""
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / APP_NAME / "config.toml"
    if sys.platform == "darwin":
        return Path(platformdirs.site_config_dir(APP_NAME, APP_AUTHOR)) / "config.toml"
    return Path("/etc") / APP_NAME / "config.toml"
