#!/usr/bin/env bash
# Card production (issue 5): `cardex card produce` and `card deliver` for the
# largest commune of the Lâm Đồng preset, Liên Hương (1,699 members, as in
# the 2025 report), on SQLite and on PostgreSQL.
#
#   bench/cards_bench.sh BUILD_DIR
#
# Every member of the commune is put in state `submitted` by SQL (the desk
# is HTTP-only), then produce (sign 1,699 payloads, insert cards, step each
# member through the exchange with its event and audit entries, all in one
# transaction) and deliver (the batch) are timed, wall clock, including the
# process start and opening the database. No other tool does this step, so
# the table compares the two engines. PostgreSQL is a throw-away server
# from scripts/pg_test_server.sh on loopback (fsync off).
# Prints a markdown table.
set -euo pipefail
build=${1:-build/release}
root=$(cd "$(dirname "$0")/.." && pwd)
cardex="$root/$build/cardex"
[ -x "$cardex" ] || cardex="$build/cardex"
work=${BENCH_DIR:-$root/build/bench-cards}
commune=LD.LIENHUONG
mkdir -p "$work"
pgdir="$work/pg"
trap '"$root/scripts/pg_test_server.sh" stop "$pgdir" >/dev/null 2>&1 || true' EXIT

if [ ! -f "$work/data/members.csv" ]; then
  "$cardex" gen --preset lam-dong --members 20000 --out "$work/data" >&2
fi

run_sql() {
  case "$1" in
    postgres://*|postgresql://*) psql -qAt "$1" -c "$2" ;;
    *) sqlite3 "$1" "$2" ;;
  esac
}

# seconds of wall time of a command (its output goes to stderr)
timed() {
  local start end
  start=$(date +%s.%N)
  "$@" >&2
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

measure() {  # ENGINE DB
  local engine=$1 db=$2
  "$cardex" --db "$db" init >&2
  "$cardex" --db "$db" import units "$work/data/units.csv" >&2
  "$cardex" --db "$db" import members "$work/data/members.csv" >&2
  run_sql "$db" "INSERT INTO exchange (member_no, unit_code, state, updated_at, updated_by, version) SELECT member_no, unit_code, 'submitted', '2025-08-09T01:00:00Z', 'desk', 5 FROM members WHERE unit_code LIKE '$commune.%'" >/dev/null
  local n produce deliver
  n=$(run_sql "$db" "SELECT count(*) FROM exchange WHERE state = 'submitted'")
  produce=$(timed "$cardex" --db "$db" card produce --commune "$commune" --issue-date 2025-08-20 --actor bench)
  deliver=$(timed "$cardex" --db "$db" card deliver --batch B000001 --actor bench)
  printf '| %s | %s | %.2f s (%.2f ms/card) | %.2f s (%.2f ms/card) |\n' "$engine" "$n" \
    "$produce" "$(echo "$produce * 1000 / $n" | bc -l)" "$deliver" "$(echo "$deliver * 1000 / $n" | bc -l)"
}

echo "| engine | members | card produce | card deliver |"
echo "| --- | --- | --- | --- |"
rm -f "$work/cards.db"*
measure SQLite "$work/cards.db"
"$root/scripts/pg_test_server.sh" start "$pgdir" >&2
admin=$(cat "$pgdir/url")
psql -q "$admin" -c "CREATE DATABASE bench_cards" >&2
measure PostgreSQL "${admin%/*}/bench_cards"
