"""Where each setting comes from: defaults, then the machine file, the user file, the
environment and the command line; a later layer wins, one whole value at a time.

    1. default        declared in station.config
    2. machine file   /etc/wms-floor/config.toml, %ProgramData%\\wms-floor\\config.toml
                      (WMS_FLOOR_SYSTEM_CONFIG names another one; tests use it)
    3. user file      --config FILE, else WMS_FLOOR_CONFIG, else the user config dir's
    4. environment    WMS_FLOOR_<SETTING>, e.g. WMS_FLOOR_LOG_LEVEL=DEBUG
    5. command line   --db FILE, --set SETTING=VALUE

IT rolls the machine file out to every station; a user file or the environment adjusts one
station or one test run. A wrong value names the setting and the layer it came from, and
nothing is started.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, get_origin

from pydantic import ValidationError

from station.config import (
    _SECRET_WORDS,
    CONFIG_ENV_VAR,
    CONFIG_VERSION,
    ConfigError,
    StationConfig,
    read_settings_file,
)
from station.paths import default_config_path, default_system_config_path

SYSTEM_CONFIG_ENV_VAR: Final = "WMS_FLOOR_SYSTEM_CONFIG"
ENV_PREFIX: Final = "WMS_FLOOR_"

DEFAULT: Final = "default"
MACHINE_FILE: Final = "machine file"
USER_FILE: Final = "user file"
ENVIRONMENT: Final = "env"
COMMAND_LINE: Final = "command line"


@dataclass(frozen=True)
class Source:
    kind: str  # one of the five constants above
    where: str = ""  # the file, the variable or the option

    def __str__(self) -> str:
        return f"{self.kind} {self.where}" if self.where else self.kind


@dataclass(frozen=True)
class EffectiveConfig:
    config: StationConfig
    sources: Mapping[str, Source]
    machine_file: Path
    user_file: Path


def system_config_path() -> Path:
    override = os.environ.get(SYSTEM_CONFIG_ENV_VAR)
    return Path(override) if override else default_system_config_path()


def user_config_path(explicit: Path | None) -> tuple[Path, bool]:
    """The user file and whether it was named (a named file must exist)."""
    if explicit is not None:
        return explicit, True
    env_path = os.environ.get(CONFIG_ENV_VAR)
    # WMS_FLOOR_CONFIG naming a missing file means defaults (as before #15).
    return (Path(env_path) if env_path else default_config_path()), False


def env_var(setting: str) -> str:
    return ENV_PREFIX + setting.upper()


def text_value(setting: str, text: str) -> Any:
    """A value typed as text (environment, --set): tables are JSON, the rest pydantic parses."""
    field = StationConfig.model_fields.get(setting)
    if field is not None and get_origin(field.annotation) is dict:
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text  # refused by validation, with the setting named
    return text


def _environment() -> dict[str, tuple[Any, str]]:
    found: dict[str, tuple[Any, str]] = {}
    for name, text in os.environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        setting = name[len(ENV_PREFIX) :].lower()
        if any(word in setting for word in _SECRET_WORDS):
            raise ConfigError(
                f"Environment variable {name} looks like a secret. Secrets are kept in the OS "
                "keyring, never in settings; unset it and enrol with `wms-floor enroll`."
            )
        # Other WMS_FLOOR_ variables (CONFIG, SYSTEM_CONFIG, STARTUP_PROBE, ...) are not settings.
        if setting in StationConfig.model_fields and text != "":
            found[setting] = (text_value(setting, text), name)
    return found


def _setting_of(error: Mapping[str, Any]) -> str:
    loc = error.get("loc") or ()
    if loc:
        return str(loc[0])
    # A model-wide check says which setting first: "Value error, oms_url: ...".
    match = re.search(r"(?:error, )?([a-z_]+):", str(error.get("msg", "")))
    return match.group(1) if match else "?"


def _refusal(exc: ValidationError, sources: Mapping[str, Source]) -> ConfigError:
    problems = []
    for error in exc.errors():
        setting = _setting_of(error)
        source = sources.get(setting, Source(DEFAULT))
        where = {
            MACHINE_FILE: f"settings file {source.where}",
            USER_FILE: f"settings file {source.where}",
            ENVIRONMENT: f"environment variable {source.where}",
            COMMAND_LINE: f"command-line option {source.where}",
        }.get(source.kind, "the default")
        path = ".".join(str(part) for part in error.get("loc") or ()) or setting
        problems.append(f"'{path}' (from {where}): {error['msg']}")
    return ConfigError("Wrong settings, nothing started: " + "; ".join(problems))


def load_effective_config(
    user_file: Path | None = None, command_line: Mapping[str, tuple[Any, str]] | None = None
) -> EffectiveConfig:
    """``command_line`` maps a setting to its value and the option that gave it."""
    values: dict[str, Any] = {}
    sources: dict[str, Source] = {}

    def layer(kind: str, found: Mapping[str, tuple[Any, str]]) -> None:
        for setting, (value, where) in found.items():
            values[setting] = value
            sources[setting] = Source(kind, where)

    machine = system_config_path()
    if machine.is_file():
        raw = read_settings_file(machine)
        layer(MACHINE_FILE, {key: (value, str(machine)) for key, value in raw.items()})
    user, named = user_config_path(user_file)
    if named or user.exists():
        raw = read_settings_file(user)
        layer(USER_FILE, {key: (value, str(user)) for key, value in raw.items()})
    layer(ENVIRONMENT, _environment())
    layer(COMMAND_LINE, dict(command_line or {}))
    values["config_version"] = CONFIG_VERSION  # each file was upgraded on its own
    sources.pop("config_version", None)
    try:
        config = StationConfig.model_validate(values)
    except ValidationError as exc:
        raise _refusal(exc, sources) from exc
    every = {name: sources.get(name, Source(DEFAULT)) for name in StationConfig.model_fields}
    return EffectiveConfig(config, every, machine, user)
