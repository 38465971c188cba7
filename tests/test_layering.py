"""The core packages never import Qt: they must run in the sync worker, scripts and the server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CORE_PACKAGES = ["app", "station", "devices", "local_db", "sync", "oms_contract"]


def test_core_packages_import_without_qt() -> None:
    # A fresh interpreter where any PySide6 import fails: importing every core module must work.
    probe = f"""
import importlib, pkgutil, sys

class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError("Qt is not allowed in the core packages: " + name)
        return None

sys.meta_path.insert(0, BlockQt())
for package_name in {CORE_PACKAGES!r}:
    package = importlib.import_module(package_name)
    for module in pkgutil.walk_packages(package.__path__, package_name + "."):
        if ".migrations" in module.name:
            continue
        importlib.import_module(module.name)
print("ok")
"""
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_package_edges_hold() -> None:
    # The contracts in pyproject.toml ([tool.importlinter]): domain, station, sync, ui, server.
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout
