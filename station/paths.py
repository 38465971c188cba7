"""Where the station keeps its files by default (per-user platform directories)."""

from __future__ import annotations

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
