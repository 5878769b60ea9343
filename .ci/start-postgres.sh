#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster for the tests, trusting local connections.
# Idempotent: a cluster already answering on the port is left as it is.
# Prints the server's URL (for TEST_DATABASE_URL) as its last line.
set -euo pipefail

PORT="${PGPORT_TEST:-54329}"
PGDATA="${PGDATA_TEST:-/tmp/mycelium-pg/data}"
SOCKDIR="${PGSOCK_TEST:-/tmp/mycelium-pg/sock}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
URL="postgres://postgres@127.0.0.1:${PORT}/postgres"

if [ -z "$BIN" ]; then
  echo "start-postgres: no PostgreSQL server binaries under /usr/lib/postgresql" >&2
  exit 1
fi
if "$BIN/pg_isready" -q -U postgres -h 127.0.0.1 -p "$PORT"; then
  echo "$URL"
  exit 0
fi

# PostgreSQL refuses to run as root: the cluster belongs to the postgres system user.
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
owner=(); [ "$(id -u)" = 0 ] && owner=(-o postgres -g postgres)
install -d "${owner[@]}" -m 700 "$PGDATA"
install -d "${owner[@]}" -m 755 "$SOCKDIR"
if [ ! -f "$PGDATA/PG_VERSION" ]; then
  run "$BIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 >/dev/null
fi
run "$BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 \
  -o "-p $PORT -k $SOCKDIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
echo "$URL"
