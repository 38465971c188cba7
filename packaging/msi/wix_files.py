r"""Writes the WiX fragment listing every file of the one-folder bundle (what WiX's `heat dir`
does), for packaging/msi/wms-floor.wxs:

    python packaging/msi/wix_files.py dist/wms-floor > build/bundle-files.wxs
    (then -D BundleDir=dist/wms-floor for wixl, -dBundleDir=dist\wms-floor for candle)

Component GUIDs are derived from each file's path inside the bundle (uuid5), so they stay the
same from one release to the next: Windows Installer then upgrades a file in place instead of
leaving the old one behind. The main executable (wms-floor.exe, or wms-floor in a Linux bundle
used to check the package's structure) is left out: the main source lists it, with its
shortcut and the custom action that writes the machine-wide settings.
"""

from __future__ import annotations

import hashlib
import sys
import uuid
from pathlib import Path
from xml.sax.saxutils import quoteattr

NAMESPACE = uuid.UUID("0b6f5f7e-2f4e-4c1e-9a0c-5d3f77f1a0c1")  # wms-floor's, fixed forever
MAIN_EXECUTABLES = {"wms-floor.exe", "wms-floor"}


def _id(prefix: str, relative: str) -> str:
    """A WiX identifier (letters, digits, dots, underscores; at most 72 characters)."""
    return f"{prefix}_{hashlib.sha1(relative.encode()).hexdigest()}"


def fragment(bundle: Path, source: str = "$(var.BundleDir)/") -> str:
    """``source`` prefixes each file's path inside the bundle (wixl wants relative paths:
    pass -D BundleDir=... to it, or -dBundleDir=... to candle)."""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">',
        "  <Fragment>",
    ]
    components: list[str] = []

    def walk(folder: Path, ref: str, depth: int) -> None:
        pad = "  " * depth
        for path in sorted(folder.iterdir()):
            relative = path.relative_to(bundle).as_posix()
            if path.is_dir():
                dir_id = _id("d", relative)
                lines.append(f"{pad}<Directory Id={quoteattr(dir_id)} Name={quoteattr(path.name)}>")
                walk(path, dir_id, depth + 1)
                lines.append(f"{pad}</Directory>")
            elif relative not in MAIN_EXECUTABLES:
                comp_id = _id("c", relative)
                guid = str(uuid.uuid5(NAMESPACE, relative)).upper()
                components.append(comp_id)
                lines.append(
                    f'{pad}<Component Id={quoteattr(comp_id)} Guid={quoteattr(guid)} Win64="yes">'
                    f"<File Id={quoteattr(_id('f', relative))} Name={quoteattr(path.name)} "
                    f'Source={quoteattr(source + relative)} KeyPath="yes" /></Component>'
                )

    lines.append('    <DirectoryRef Id="INSTALLDIR">')
    walk(bundle, "INSTALLDIR", 3)
    lines.append("    </DirectoryRef>")
    lines.append('    <ComponentGroup Id="BundleFiles">')
    lines.extend(f'      <ComponentRef Id="{comp}" />' for comp in components)
    lines.append("    </ComponentGroup>")
    lines.extend(["  </Fragment>", "</Wix>", ""])
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(fragment(Path(sys.argv[1])))
