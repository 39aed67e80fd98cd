#!/usr/bin/env bash
# Import speed: `cardex import` (every row validated, upsert by key) against
# the databases' own bulk loaders on the same files in the same run:
# `sqlite3 .import` into an equivalent table and PostgreSQL `COPY`.
#
#   bench/import_bench.sh BUILD_DIR [MEMBERS] [CITIZENS]
#
# Prints a markdown table (rows/s and cardex's share of the loader's speed).
set -euo pipefail
build=${1:-build/release}
members=${2:-1000000}
citizens=${3:-10000000}
root=$(cd "$(dirname "$0")/.." && pwd)
cardex="$root/$build/cardex"
[ -x "$cardex" ] || cardex="$build/cardex"
work=${BENCH_DIR:-$root/build/bench-import}
data="$work/data-$members-$citizens"
mkdir -p "$work"

if [ ! -f "$data/citizens.csv" ]; then
  echo "generating $members members and $citizens citizens into $data" >&2
  "$cardex" gen --members "$members" --citizens "$citizens" --out "$data" >&2
fi

now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc -l; }

# The reference tables are equivalent to Cardex's own (src/store/migrations.cc):
# the same keys, key types and secondary indexes, so both sides maintain the
# same B-trees. The loaders take the text as it is (no validation).
sqlite_members_ddl="CREATE TABLE members(member_no TEXT PRIMARY KEY, citizen_id TEXT, full_name TEXT,
  birth_date TEXT, gender TEXT, unit_code TEXT, status TEXT, phone TEXT, home_visit TEXT) WITHOUT ROWID;
  CREATE INDEX members_citizen_id ON members (citizen_id);
  CREATE INDEX members_unit_code ON members (unit_code);"
sqlite_citizens_ddl="CREATE TABLE citizens(citizen_id INTEGER PRIMARY KEY, full_name TEXT, birth_date TEXT,
  gender TEXT, origin TEXT, deceased_on TEXT);"
pg_members_ddl="CREATE TABLE members(member_no TEXT COLLATE \"C\" PRIMARY KEY, citizen_id TEXT COLLATE \"C\",
  full_name TEXT, birth_date TEXT, gender TEXT, unit_code TEXT COLLATE \"C\", status TEXT, phone TEXT,
  home_visit TEXT);
  CREATE INDEX members_citizen_id ON members (citizen_id);
  CREATE INDEX members_unit_code ON members (unit_code);"
pg_citizens_ddl="CREATE TABLE citizens(citizen_id BIGINT PRIMARY KEY, full_name TEXT, birth_date TEXT,
  gender TEXT, origin TEXT, deceased_on TEXT);"

declare -A T
run_sqlite() {
  local db="$work/cardex.db"
  rm -f "$db" "$db"-wal "$db"-shm
  "$cardex" --db "$db" init >/dev/null
  "$cardex" --db "$db" import units "$data/units.csv" >/dev/null
  for kind in members citizens; do
    local t0; t0=$(now)
    "$cardex" --db "$db" import "$kind" "$data/$kind.csv" >/dev/null
    T[sqlite_cardex_$kind]=$(elapsed "$t0")
  done
  local ref="$work/reference.db"
  rm -f "$ref" "$ref"-wal "$ref"-shm
  sqlite3 "$ref" "PRAGMA journal_mode=WAL;" "PRAGMA synchronous=NORMAL;" "$sqlite_members_ddl" "$sqlite_citizens_ddl" >/dev/null
  for kind in members citizens; do
    local t0; t0=$(now)
    sqlite3 "$ref" "PRAGMA synchronous=NORMAL;" ".import --csv --skip 1 $data/$kind.csv $kind"
    T[sqlite_ref_$kind]=$(elapsed "$t0")
  done
  rm -f "$db"* "$ref"*
}

run_pg() {
  local pgdir="$work/pg"
  "$root/scripts/pg_test_server.sh" start "$pgdir" >/dev/null
  trap '"$root/scripts/pg_test_server.sh" stop "$pgdir" >/dev/null 2>&1 || true' EXIT
  local admin; admin=$(cat "$pgdir/url")
  local base=${admin%/*}
  psql -q "$admin" -c "CREATE DATABASE bench_cardex" -c "CREATE DATABASE bench_ref" >/dev/null
  local url="$base/bench_cardex"
  "$cardex" --db "$url" init >/dev/null
  "$cardex" --db "$url" import units "$data/units.csv" >/dev/null
  for kind in members citizens; do
    local t0; t0=$(now)
    "$cardex" --db "$url" import "$kind" "$data/$kind.csv" >/dev/null
    T[pg_cardex_$kind]=$(elapsed "$t0")
  done
  psql -q "$base/bench_ref" -c "$pg_members_ddl" -c "$pg_citizens_ddl" >/dev/null
  for kind in members citizens; do
    local t0; t0=$(now)
    psql -q "$base/bench_ref" -c "\\copy $kind FROM '$data/$kind.csv' WITH (FORMAT csv, HEADER true)" >/dev/null
    T[pg_ref_$kind]=$(elapsed "$t0")
  done
  "$root/scripts/pg_test_server.sh" stop "$pgdir" >/dev/null
  trap - EXIT
}

run_sqlite
run_pg

rows_members=$members
rows_citizens=$citizens
echo
echo "| database | file | rows | cardex import (s) | cardex rows/s | bulk loader | loader (s) | loader rows/s | cardex / loader speed |"
echo "| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |"
for db in sqlite pg; do
  loader=$([ $db = sqlite ] && echo "sqlite3 .import" || echo "COPY")
  for kind in members citizens; do
    rows=$([ $kind = members ] && echo $rows_members || echo $rows_citizens)
    c=${T[${db}_cardex_$kind]}
    r=${T[${db}_ref_$kind]}
    printf "| %s | %s.csv | %d | %.1f | %.0f | %s | %.1f | %.0f | %.2f |\n" \
      "$([ $db = sqlite ] && echo SQLite || echo PostgreSQL)" "$kind" "$rows" "$c" \
      "$(echo "$rows / $c" | bc -l)" "$loader" "$r" "$(echo "$rows / $r" | bc -l)" \
      "$(echo "$r / $c" | bc -l)"
  done
done
