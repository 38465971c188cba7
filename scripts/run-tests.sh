#!/usr/bin/env bash
# Sets up everything (Debian packages included) and runs the whole check: lint, types, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --system
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
# A throwaway PostgreSQL cluster so the OMS server tests also run against PostgreSQL.
pg_env=$(bash scripts/start-test-postgres.sh)
eval "$pg_env"
trap 'bash scripts/start-test-postgres.sh --stop "$OMS_TEST_POSTGRES_DIR"' EXIT
.venv/bin/python -m pytest "$@"
