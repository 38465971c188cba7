#!/usr/bin/env bash
# Sets everything up, then runs the station against a local reference OMS with demo data.
# Extra arguments go to `wms-floor --demo` (e.g. --demo-dir DIR to keep the demo's data).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --system
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "No screen here: running the station on a virtual screen (Xvfb). Stop it with Ctrl+C." >&2
  exec xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/wms-floor --demo "$@"
fi
exec .venv/bin/wms-floor --demo "$@"
