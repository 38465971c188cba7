"""`wms-floor config show`: every effective setting, its value and where it came from.

Settings hold no secret (station.config refuses secret-looking keys; the token is in the OS
keyring), so every value is printed as it is.
"""

from __future__ import annotations

import json

from station.config_layers import EffectiveConfig


def show_settings(effective: EffectiveConfig) -> str:
    machine = effective.machine_file
    user = effective.user_file
    values = effective.config.model_dump(mode="json")
    width = max(map(len, values))
    lines = [
        "# later wins: default < machine file < user file < env (WMS_FLOOR_<SETTING>) "
        "< command line",
        f"# machine file: {machine}{'' if machine.is_file() else ' (none)'}",
        f"# user file:    {user}{'' if user.is_file() else ' (none)'}",
    ]
    for name in sorted(values):
        value = json.dumps(values[name], ensure_ascii=False)
        lines.append(f"{name:<{width}} = {value}    # {effective.sources[name]}")
    return "\n".join(lines)
