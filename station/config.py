"""Station settings: declared once, typed, with defaults and descriptions.

IT staff write a TOML file (one per station, usually rolled out by their deployment tool);
the station only reads it. A wrong value is refused with the setting named and nothing is
started. Secrets never live here: the OMS token is in the OS keyring (see sync/credentials).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from station.config_fleet import FleetSettings
from station.paths import default_db_path
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


class StationConfig(FleetSettings):
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
    # --- backups and personal data (#15) ---
    backup_dir: Path | None = Field(
        None,
        description="Where the store's backups go (daily and before a schema migration); "
        "default: a 'backups' folder beside the store.",
    )
    backup_keep_days: float = Field(
        14.0, ge=1, le=3650, description="Days a backup is kept (the newest always is)."
    )
    personal_data_days: float = Field(
        30.0,
        ge=1,
        le=3650,
        description="Days after an order shipped or was cancelled that its consignee's name, "
        "phone and address are purged from the store.",
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
    offline_unclaimed_start: bool = Field(
        False,
        description="Offline, an operator may start an order no station holds the claim of "
        "(#14). Off: refused with why; when two stations then work one order, the OMS keeps "
        "the claim holder's work and the other puts its goods back.",
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
    # --- the pack station's scale (#16) -------------------------------------------------------
    scale_serial_port: str | None = Field(
        None,
        description="COM/tty port of a serial scale, e.g. COM4 or /dev/ttyUSB0; none: the "
        "packer types the weight.",
    )
    scale_baud_rate: Literal[1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] = Field(
        9600, description="The scale's baud rate (8 data bits, no parity, 1 stop bit)."
    )
    scale_protocol: Literal["mtsics", "continuous"] = Field(
        "mtsics",
        description="mtsics: Mettler Toledo MT-SICS (the station asks SI); continuous: the "
        "scale sends ST,GS,+  0.705kg lines by itself.",
    )
    scale_unit: Literal["kg", "g", "lb"] = Field(
        "kg", description="The unit the scale weighs in (a reading in another unit is a fault)."
    )
    scale_timeout_s: float = Field(
        2.0, ge=0.2, le=60, description="Seconds without an answer before the scale is at fault."
    )
    scale_weight_tolerance_pct: int = Field(
        10,
        ge=0,
        le=1000,
        description="A weighed package may differ from its SKUs' unit weights by this "
        "percentage (or scale_weight_tolerance_g, whichever is larger).",
    )
    scale_weight_tolerance_g: int = Field(
        50, ge=0, le=100_000, description="The smallest tolerance, in grams (the box, the fill)."
    )

    @field_validator("scale_serial_port")
    @classmethod
    def _scale_port_named(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("name the scale's port (e.g. COM4), or leave the setting out")
        return value

    # --- end of the scale's settings -----------------------------------------------------------
    # --- label printer (issue #16): one block, kept together -------------------------------
    label_printer: Literal["none", "zpl", "pdf"] = Field(
        "none",
        description="Label printer: 'zpl' (Zebra-class, raw TCP), 'pdf' (a system printer), "
        "or 'none' (packing asks for the carrier's label only, as before).",
    )
    label_printer_host: str | None = Field(None, description="ZPL printer's host name or IP.")
    label_printer_port: int = Field(9100, ge=1, le=65535, description="ZPL printer's TCP port.")
    label_printer_timeout_s: float = Field(
        5.0, ge=0.5, le=60, description="Seconds to wait for the printer at each step."
    )
    label_printer_dpi: Literal[203, 300] = Field(203, description="ZPL printer's resolution.")
    label_printer_host_status: bool = Field(
        True,
        description="Ask the ZPL printer's host status (~HS) before printing (paper out, head "
        "open); turn off for printers that do not answer it.",
    )
    label_printer_zpl_font: str = Field(
        "0",
        max_length=64,
        description="ZPL font: '0' (built in, no Chinese) or a printer font such as "
        "E:ANMDS.TTF for Chinese consignees.",
    )
    label_printer_system_name: str | None = Field(
        None, description="'pdf': the system printer's name (default: the default printer)."
    )
    gs1_company_prefix: str | None = Field(
        None,
        pattern=r"^\d{6,12}$",
        description="GS1 company prefix (6 to 12 digits) for the SSCC labels.",
    )
    sscc_extension_digit: int = Field(0, ge=0, le=9, description="The SSCC's extension digit.")
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

    @field_validator("ca_bundle")
    @classmethod
    def _ca_bundle_exists(cls, value: Path | None) -> Path | None:
        # Found now rather than at the first TLS handshake, hours later.
        if value is not None and not value.is_file():
            raise ValueError(f"CA bundle {value} is not a file")
        return value

    @model_validator(mode="after")
    def _label_printer_complete(self) -> StationConfig:
        if self.label_printer != "none" and self.gs1_company_prefix is None:
            raise ValueError("label_printer: set gs1_company_prefix for the SSCC labels")
        if self.label_printer == "zpl" and not self.label_printer_host:
            raise ValueError("label_printer 'zpl': set label_printer_host")
        return self

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


def read_settings_file(path: Path) -> dict[str, Any]:
    """One settings file's values, upgraded, secrets refused (not yet validated)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"Settings file {path} does not exist.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Settings file {path} cannot be read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Settings file {path} is not valid TOML: {exc}") from exc
    _refuse_secrets(raw, path)
    return _upgrade(raw)


def load_config(path: Path | None = None) -> StationConfig:
    """The effective settings (machine file, user file ``path``, environment), each validated
    with the setting and where it came from named (station.config_layers)."""
    # Imported here: the layers module builds on this module's model and file reader.
    from station.config_layers import load_effective_config  # noqa: PLC0415

    return load_effective_config(path).config
