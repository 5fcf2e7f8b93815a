#!/usr/bin/env bash
# Run a command with EVALCENTER_TEST_DATABASE_URL pointing at a throwaway PostgreSQL database,
# created before and dropped after.   usage: with-postgres.sh ADMIN_URL COMMAND...
set -euo pipefail
admin_url=$1; shift
db="evalcenter_test_$$_$(date +%s)"
base=${admin_url%/*}
psql() { command psql -v ON_ERROR_STOP=1 -q "$admin_url" -c "$1"; }
if ! command psql "$admin_url" -Atc 'select 1' >/dev/null 2>&1; then
  echo "PostgreSQL is not reachable at $admin_url" >&2
  exit 1
fi
psql "CREATE DATABASE \"$db\""
trap 'psql "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)"' EXIT
EVALCENTER_TEST_DATABASE_URL="$base/$db" EVALCENTER_TEST_PG_ADMIN_URL="$admin_url" "$@"
