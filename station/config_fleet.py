"""Settings IT needs to roll a fleet of stations out (#15): the network's proxy and the logs.

Declared apart from :class:`station.config.StationConfig` (which inherits them), so the
settings other parts add to that class merge without touching these.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, field_validator

# `proxy = "direct"`: never a proxy, whatever the environment says.
PROXY_DIRECT = "direct"
_PROXY_SCHEMES = ("http", "https", "socks5")


class FleetSettings(BaseModel):
    proxy: str | None = Field(
        None,
        description="Proxy to the OMS: unset = the system's (HTTPS_PROXY/NO_PROXY), "
        "'direct' = none, or a URL such as http://proxy.example.com:3128.",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", description="Lowest level written to the log file."
    )
    log_file_max_mb: int = Field(
        5, ge=1, le=1000, description="The log file is rotated when it reaches this size (MB)."
    )
    log_files_kept: int = Field(
        5, ge=1, le=100, description="Rotated log files kept besides the current one."
    )

    @field_validator("log_level", mode="before")
    @classmethod
    def _level_in_capitals(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("proxy")
    @classmethod
    def _proxy_is_a_url(cls, value: str | None) -> str | None:
        if value is None or value == PROXY_DIRECT:
            return value
        parts = urlsplit(value)
        if parts.scheme not in _PROXY_SCHEMES or not parts.hostname:
            raise ValueError(
                f"{value!r} is neither 'direct' nor a proxy URL "
                f"({', '.join(_PROXY_SCHEMES)}://host:port)"
            )
        if parts.username or parts.password:
            # A password in the settings would be a secret in a plain file.
            raise ValueError("a proxy URL with a user name or password is not accepted here")
        return value
