#!/usr/bin/env bash
# Progress figures: the roll-ups against the SQL aggregate over the members
# (bench/progress_speed.cc), on a generated campaign where part of the
# members went through the desk.
#
#   bench/progress_bench.sh BUILD_DIR [MEMBERS]
#
# Makes the data (cardex gen, lam-dong preset), imports units and members
# into a fresh SQLite database, puts ~80% of the members in an exchange state
# by SQL (checked_in, submitted, handed_over, closed/deceased), then runs
# progress_speed, which rebuilds the roll-ups and reads them. Prints markdown.
set -euo pipefail
build=${1:-build/release}
members=${2:-1000000}
root=$(cd "$(dirname "$0")/.." && pwd)
cardex=$root/$build/cardex
bench=$root/$build/bench/progress_speed
[ -x "$cardex" ] && [ -x "$bench" ] || { echo "build cardex and progress_speed under $build first" >&2; exit 2; }
work=${BENCH_DIR:-$root/build/bench-progress}
mkdir -p "$work"
data=$work/data-$members
if [ ! -s "$data/members.csv" ]; then
  "$cardex" gen --preset lam-dong --members "$members" --citizens "$((members * 2))" --out "$data" > /dev/null
fi
db=$work/progress-$members.db
rm -f "$db" "$db-wal" "$db-shm"
"$cardex" --db "$db" import units "$data/units.csv" > /dev/null
"$cardex" --db "$db" import members "$data/members.csv" > /dev/null
sqlite3 "$db" "INSERT INTO exchange (member_no, unit_code, state, reason, updated_at, updated_by, version)
  SELECT member_no, unit_code,
         CASE WHEN h < 30 THEN 'handed_over' WHEN h < 60 THEN 'submitted'
              WHEN h < 79 THEN 'checked_in' ELSE 'closed' END,
         CASE WHEN h >= 79 THEN 'deceased' ELSE '' END, '2025-08-05T01:00:00Z', 'bench', 1
  FROM (SELECT member_no, unit_code, abs(random()) % 100 AS h FROM members) WHERE h < 80"
"$bench" --db "$db" "${@:3}"
