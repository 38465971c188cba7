#!/usr/bin/env bash
# Sets up everything the project needs on a fresh Debian/Ubuntu machine with Python >= 3.11
# and git: the Debian packages (with --system), then a virtualenv in .venv with the project
# installed in editable mode. Safe to run again: it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--system" ]]; then
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  # postgresql: the OMS server's PostgreSQL tests; xvfb + xdotool: the real-window check;
  # xauth: xvfb-run (run-demo.sh without a screen) needs it, and xvfb only recommends it;
  # libglib2.0-0: Qt itself (any platform, offscreen too); the X/GL libraries: Qt's xcb
  # platform under Xvfb; libpulse0: Qt Multimedia (the good/bad scan sounds); fonts: readable
  # CJK screenshots; gnome-keyring + dbus: the unattended Secret Service keyring docs/keyring.md
  # documents, tried for real by tests/sync/test_keyring_at_work.py; dpkg-dev, wixl + msitools +
  # osslsigncode: the .deb, the MSI's structure and its signing (tests/packaging).
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    postgresql xvfb xauth xdotool x11-utils \
    libglib2.0-0 libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
    libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 \
    libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libpulse0 \
    fonts-noto-cjk gnome-keyring dbus dpkg-dev wixl msitools osslsigncode >/dev/null
fi

[[ -x .venv/bin/python ]] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'
# The UI translations (.qm, git-ignored) are compiled from resources/translations/*.ts.
bash scripts/build-translations.sh
