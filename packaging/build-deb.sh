#!/usr/bin/env bash
# Builds the Linux package wms-floor_<version>_<arch>.deb from the PyInstaller bundle with
# Debian's own tools (dpkg-deb), no debhelper needed:
#
#   bash packaging/build-deb.sh [BUNDLE_DIR] [OUT_DIR]
#
# BUNDLE_DIR defaults to dist/wms-floor (pyinstaller --noconfirm build_installer.spec),
# OUT_DIR to dist/. The package installs the bundle under /opt/wms-floor, a /usr/bin/wms-floor
# command, a desktop entry, and /etc/wms-floor/config.toml (machine-wide settings, a dpkg
# conffile: `dpkg -r` keeps it, `dpkg -P` removes it). The station's own data (store, logs,
# keyring entry) lives in each user's home and is never touched by the package.
# DEB_COMPRESSION and DEB_LEVEL pick dpkg-deb's compressor (default gzip level 1: fast in CI, any
# dpkg installs it; DEB_COMPRESSION=xz DEB_LEVEL=6 for a smaller release file).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bundle="$(realpath "${1:-$root/dist/wms-floor}")"
out="$(realpath -m "${2:-$root/dist}")"
[[ -x "$bundle/wms-floor" ]] || { echo "no bundle at $bundle (build it first)" >&2; exit 2; }

version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$root/station/__init__.py")
arch=$(dpkg --print-architecture)
here="$root/packaging/deb"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

install -d "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
  "$stage/etc/wms-floor" "$stage/DEBIAN"
cp -a "$bundle" "$stage/opt/wms-floor"
install -m 0755 "$here/wms-floor.sh" "$stage/usr/bin/wms-floor"
install -m 0644 "$here/wms-floor.desktop" "$stage/usr/share/applications/wms-floor.desktop"
install -m 0644 "$here/config.toml" "$stage/etc/wms-floor/config.toml"
install -m 0755 "$here/postinst" "$here/postrm" "$stage/DEBIAN/"
echo /etc/wms-floor/config.toml > "$stage/DEBIAN/conffiles"
size_kb=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size_kb/" \
  "$here/control.in" > "$stage/DEBIAN/control"

mkdir -p "$out"
deb="$out/wms-floor_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-gzip}" -z"${DEB_LEVEL:-1}" --build "$stage" "$deb" >/dev/null
echo "$deb"
