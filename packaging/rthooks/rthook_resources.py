"""Runtime hook: tell the station where the bundle unpacked its data files."""

import os
import sys

# PyInstaller's one-folder bundle keeps data files under sys._MEIPASS.
bundle_dir = getattr(sys, "_MEIPASS", None)
if bundle_dir is not None:
    os.environ.setdefault("WMS_FLOOR_RESOURCES", os.path.join(bundle_dir, "resources"))
