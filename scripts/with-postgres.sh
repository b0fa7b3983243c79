#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 cluster on a free loopback port, then stops it
# and removes its directory, whether the command (or the server's start) succeeded or not.
set -euo pipefail
PGBIN=/usr/lib/postgresql/15/bin
D=$(mktemp -d)
stop() {
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$D" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$D"
}
trap stop EXIT
PORT=${PGPORT_FOR_TESTS:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
chown postgres:postgres "$D"
runuser -u postgres -- "$PGBIN/initdb" -D "$D" -U postgres --auth=trust -E UTF8 >/dev/null
if ! runuser -u postgres -- "$PGBIN/pg_ctl" -D "$D" -o "-p $PORT -k $D -c listen_addresses=127.0.0.1" \
  -l "$D/server.log" -w start >/dev/null; then
  echo "PostgreSQL did not start; its log:" >&2
  cat "$D/server.log" >&2 || true
  exit 1
fi
echo "Running against PostgreSQL 15 on port $PORT: $*"
DATABASE_URL=postgres://postgres@127.0.0.1:$PORT/postgres "$@"
