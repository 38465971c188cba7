"""Where the station's data files are: the source tree, or the PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def sounds_dir() -> Path:
    return resources_dir() / "sounds"


def translations_dir() -> Path:
    return resources_dir() / "translations"
