#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 cluster on 127.0.0.1:55432, then stops it.
set -euo pipefail
PGBIN=/usr/lib/postgresql/15/bin
D=$(mktemp -d)
chown postgres:postgres "$D"
runuser -u postgres -- "$PGBIN/initdb" -D "$D" -U postgres --auth=trust -E UTF8 >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$D" -o "-p 55432 -k /tmp -c listen_addresses=127.0.0.1" \
  -l "$D/server.log" -w start >/dev/null
stop() { runuser -u postgres -- "$PGBIN/pg_ctl" -D "$D" -m fast stop >/dev/null || true; rm -rf "$D"; }
trap stop EXIT
echo "Running against PostgreSQL 15: $*"
DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres "$@"
