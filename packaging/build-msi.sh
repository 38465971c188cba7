#!/usr/bin/env bash
# Builds wms-floor.msi from a one-folder bundle with wixl (msitools), on Linux:
#
#   bash packaging/build-msi.sh [BUNDLE_DIR] [OUT_MSI]
#
# On Linux the bundle is the Linux one, so the MSI built here only checks the package's
# structure (tables, per-machine, UpgradeCode, properties, custom action); it does not run
# on Windows. The release MSI is built from the Windows bundle on a Windows runner
# (.github/workflows/release.yml) from the same sources.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bundle="$(realpath "${1:-$root/dist/wms-floor}")"
out="$(realpath -m "${2:-$root/dist/wms-floor.msi}")"
exe="$bundle/wms-floor.exe"
[[ -f "$exe" ]] || exe="$bundle/wms-floor"
[[ -f "$exe" ]] || { echo "no bundle at $bundle (build it first)" >&2; exit 2; }
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$root/station/__init__.py")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$root/packaging/msi/wix_files.py" "$bundle" > "$work/bundle-files.wxs"
mkdir -p "$(dirname "$out")"
# wixl wants relative file paths: run it from the filesystem root.
(cd / && wixl -a x64 -D Version="$version" -D BundleDir="${bundle#/}" -D Exe="${exe#/}" \
  -o "$out" "$root/packaging/msi/wms-floor.wxs" "$work/bundle-files.wxs" 2> >(grep -v "property named 'Secure'" | grep -v '^$' >&2))
echo "$out"
