#!/usr/bin/env bash
# upgrade_test.sh CARDEX [PG_URL_FILE]: a database made at the previous
# schema version (tests/ops/fixtures/previous, made by make_fixture.sh) is
# upgraded by this cardex with its data intact: every table keeps its rows,
# the audit chain verifies, the schema is this binary's, and new writes work.
set -uo pipefail
cardex=$1
fixture=$(cd "$(dirname "$0")/fixtures/previous" && pwd)
work=$(mktemp -d)
fail() { echo "FAIL: $*"; exit 1; }
from=$(sed -n 's/^schema //p' "$fixture/expected.txt")
if [ $# -ge 2 ]; then
  admin=$(cat "$2")
  name="upgrade_$$_$RANDOM"
  psql -qX "$admin" -c "CREATE DATABASE $name" >/dev/null || fail "create database"
  db="${admin%/*}/$name"
  trap 'psql -qX "$admin" -c "DROP DATABASE IF EXISTS $name" >/dev/null 2>&1; rm -rf "$work"' EXIT
  psql -qX -v ON_ERROR_STOP=1 "$db" -f "$fixture/postgres.sql" >"$work/load.log" 2>&1 \
    || fail "loading the fixture: $(tail -5 "$work/load.log")"
  q() { psql -qtAX "$db" -c "$1"; }
else
  trap 'rm -rf "$work"' EXIT
  db="$work/upgrade.db"
  sqlite3 "$db" <"$fixture/sqlite.sql" || fail "loading the fixture"
  q() { sqlite3 "$db" "$1"; }
fi
[ "$(q "SELECT max(version) FROM schema_migrations")" = "$from" ] || fail "the fixture is not at schema $from"

# Any command migrates; audit verify also checks the chain made before.
"$cardex" --db "$db" audit verify >"$work/verify.log" 2>&1 || fail "audit verify after the upgrade: $(cat "$work/verify.log")"
to=$(q "SELECT max(version) FROM schema_migrations")
[ "$to" -gt "$from" ] || fail "not migrated: schema $to"
while read -r table rows; do
  [ "$table" = schema ] && continue
  [ "$table" = schema_migrations ] && continue
  got=$(q "SELECT count(*) FROM $table") || fail "table $table is gone"
  [ "$got" = "$rows" ] || fail "$table: $got rows after the upgrade, $rows before"
done <"$fixture/expected.txt"
[ "$(q "SELECT count(*) FROM exchange WHERE state = 'checked_in'")" -gt 0 ] || fail "the desk's check-ins are gone"
# The upgraded database takes writes and old accounts still log in.
printf 'upgrade-password-1\n' | "$cardex" --db "$db" user add after --role inspector >/dev/null || fail "user add"
"$cardex" --db "$db" user list | grep -q '^desk1,station_officer' || fail "old account missing"
"$cardex" --db "$db" audit verify >/dev/null 2>&1 || fail "audit verify after a new write"
echo "upgrade_test: schema $from -> $to ok"
