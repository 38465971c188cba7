#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster (temp dir, free loopback port) for the OMS server
# tests and prints shell lines to eval:
#   export OMS_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:PORT/postgres
#   export OMS_TEST_POSTGRES_DIR=/tmp/oms-test-pg.XXXXXX
# Stop and delete it with: scripts/start-test-postgres.sh --stop "$OMS_TEST_POSTGRES_DIR"
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` OS user.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [[ -z "$bindir" ]]; then
  bindir=$(dirname "$(command -v initdb || command -v pg_ctl || echo /nonexistent/x)")
fi
if [[ ! -x "$bindir/initdb" ]]; then
  echo "start-test-postgres: no PostgreSQL server binaries found (apt-get install postgresql)" >&2
  exit 1
fi

as_db_user() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

if [[ "${1:-}" == "--stop" ]]; then
  dir="${2:?usage: $0 --stop DIR}"
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    as_db_user "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf -- "$dir"
  exit 0
fi

dir=$(mktemp -d /tmp/oms-test-pg.XXXXXX)
chmod 755 "$dir"
[[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

as_db_user "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 || {
  cat "$dir/initdb.log" >&2
  exit 1
}
# Durability is pointless for a throwaway test cluster; speed is not.
as_db_user "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -h 127.0.0.1 -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || {
  cat "$dir/server.log" >&2
  exit 1
}

echo "export OMS_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
echo "export OMS_TEST_POSTGRES_DIR=$dir"
