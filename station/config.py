"""Station settings: declared once, typed, with defaults and descriptions.

IT staff write a TOML file (one per station, usually rolled out by their deployment tool);
the station only reads it. A wrong value is refused with the setting named and nothing is
started. Secrets never live here: the OMS token is in the OS keyring (see sync/credentials).
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from station.paths import default_config_path, default_db_path
from sync.oms_url import InsecureOmsUrl, check_oms_url

CONFIG_VERSION = 1

# Tracking-number formats of the carriers the demo OMS uses (SF Express, ZTO, YTO); a station
# working with other carriers adds them under [carrier_tracking_patterns] in its settings.
DEFAULT_TRACKING_PATTERNS = {
    "SF": r"SF\d{13}",
    # 12, 14 or 15 digits: never 13, so an EAN-13 product code cannot pass for one.
    "ZTO": r"[567]\d{11}|[567]\d{13,14}",
    "YTO": r"YT\d{13}",
}
CONFIG_ENV_VAR = "WMS_FLOOR_CONFIG"

# Keys that look like secrets are refused outright, so nobody is tempted to put one here.
_SECRET_WORDS = ("token", "password", "secret", "api_key", "enrolment_key")


class ConfigError(Exception):
    """The settings file cannot be used; the message names the file and the setting."""


class StationConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    config_version: int = Field(CONFIG_VERSION, description="Settings schema version.")
    db_path: Path = Field(
        default_factory=default_db_path,
        description="The station's SQLite store (the source of truth for floor work).",
    )
    oms_url: str | None = Field(
        None, description="Base URL of the central OMS, e.g. https://oms.example.com."
    )
    warehouse_id: str | None = Field(None, description="The warehouse this station works in.")
    station_name: str = Field("", max_length=100, description="Shown to supervisors at the OMS.")
    ca_bundle: Path | None = Field(
        None, description="Extra CA bundle for the OMS's TLS certificate (verified always)."
    )
    push_batch_size: int = Field(500, ge=1, le=1000, description="Events per push request.")
    sync_interval_s: float = Field(5.0, ge=1, le=3600, description="Seconds between syncs.")
    live_feed_wait_s: int = Field(
        25,
        ge=0,
        le=30,
        description="Seconds a feed request stays open at the OMS (live feed); 0: poll only.",
    )
    reconcile_every_h: float = Field(24.0, ge=0.1, le=24 * 31, description="Full stock check.")
    sync_history_days: float = Field(
        90.0,
        ge=1,
        le=3650,
        description="Days the OMS's answered events (and the stock card's movements) and the "
        "applied feed log are kept; older ones are pruned once a day. Unsent events never are.",
    )
    language: Literal["system", "en", "zh_CN"] = Field("system", description="UI language.")
    scanner_prefix: str = Field("", max_length=8, description="Characters a scanner sends first.")
    scanner_suffix: str = Field("\r", max_length=8, description="Characters ending a scan.")
    scanner_max_key_interval_ms: int = Field(
        30, ge=5, le=200, description="Keys closer than this are a scanner burst, not typing."
    )
    scanner_serial_port: str | None = Field(
        None, description="COM/tty port of a serial scanner, e.g. COM3 or /dev/ttyACM0."
    )
    idle_logout_min: float = Field(10.0, ge=1, le=24 * 60, description="Idle minutes to log out.")
    count_difference_threshold: int = Field(
        5, ge=0, le=1_000_000, description="Count differences above this need a supervisor."
    )
    stock_action_approval_threshold: int = Field(
        10,
        ge=0,
        le=1_000_000,
        description="An operator's freeze, unfreeze, damage, write-off or found goods of more "
        "units than this needs a supervisor's badge and PIN (supervisors book any quantity).",
    )
    over_receipt_tolerance_pct: int = Field(
        0,
        ge=0,
        le=1000,
        description="Receiving more of a line than expected + this percentage needs a supervisor.",
    )
    carrier_tracking_patterns: dict[str, str] = Field(
        default_factory=lambda: dict(DEFAULT_TRACKING_PATTERNS),
        description="Per carrier code, the regular expression a scanned tracking number must "
        "match in full; carriers not listed accept any code that is not an item, bin, order, "
        "badge or command.",
    )
    log_dir: Path | None = Field(None, description="Where logs go; default: the user log dir.")
    allow_insecure_http: bool = Field(
        False,
        description=(
            "Test labs only: accept a plain http:// OMS URL on another computer (the token "
            "then crosses the network in clear; logged as INSECURE at every start)."
        ),
    )

    @field_validator("carrier_tracking_patterns")
    @classmethod
    def _patterns_compile(cls, value: dict[str, str]) -> dict[str, str]:
        for carrier, pattern in value.items():
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(
                    f"{carrier}: {pattern!r} is not a regular expression ({exc})"
                ) from exc
        return value

    @model_validator(mode="after")
    def _oms_url_is_safe(self) -> StationConfig:
        if self.oms_url is not None:
            try:
                url = check_oms_url(self.oms_url, allow_insecure_http=self.allow_insecure_http)
            except InsecureOmsUrl as exc:
                raise ValueError(f"oms_url: {exc}") from None
            object.__setattr__(self, "oms_url", url)
        return self


def _upgrade(raw: dict[str, Any]) -> dict[str, Any]:
    """Bring an older settings file up to CONFIG_VERSION; each step is one small function."""
    version = raw.get("config_version", CONFIG_VERSION)
    if not isinstance(version, int) or version > CONFIG_VERSION:
        raise ConfigError(
            f"config_version {version!r} is newer than this station understands "
            f"({CONFIG_VERSION}); install the matching station version."
        )
    # No older versions exist yet; the first upgrade step goes here.
    return {**raw, "config_version": CONFIG_VERSION}


def _refuse_secrets(raw: dict[str, Any], path: Path) -> None:
    for key in raw:
        if any(word in key.lower() for word in _SECRET_WORDS):
            raise ConfigError(
                f"{path}: '{key}' looks like a secret. Secrets are kept in the OS keyring, "
                "never in the settings file; remove it and enrol with `wms-floor enroll`."
            )


def load_config(path: Path | None = None) -> StationConfig:
    """Read the settings file (or defaults when there is none) and validate every value."""
    if path is None:
        env_path = os.environ.get(CONFIG_ENV_VAR)
        path = Path(env_path) if env_path else default_config_path()
        if not path.exists():
            return StationConfig()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"Settings file {path} does not exist.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Settings file {path} cannot be read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Settings file {path} is not valid TOML: {exc}") from exc
    _refuse_secrets(raw, path)
    try:
        return StationConfig.model_validate(_upgrade(raw))
    except ValidationError as exc:
        problems = "; ".join(
            f"'{'.'.join(str(part) for part in error['loc'])}': {error['msg']}"
            for error in exc.errors()
        )
        raise ConfigError(f"Settings file {path} has wrong values: {problems}") from exc
