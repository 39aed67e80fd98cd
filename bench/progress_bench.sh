#!/usr/bin/env bash
# Progress figures: the roll-ups against the SQL over the members
# (bench/progress_speed.cc), on a generated campaign where part of the
# members went through the desk, on SQLite and on PostgreSQL.
#
#   bench/progress_bench.sh BUILD_DIR [MEMBERS] [progress_speed options...]
#   BENCH_PG=0      skips PostgreSQL
#   BENCH_SQLITE=0  skips SQLite
#
# Above 2,000,000 members the SQL over the members takes seconds a run, so
# unless the options name --sql-runs the script passes --sql-runs 3,3,10
# (province, commune, cell; the roll-up reads keep their 1000 runs): a
# national run (5,600,000) then takes minutes per engine, plus the load.
#
# Makes the data once (cardex gen, lam-dong preset; kept under
# build/bench-progress/data-MEMBERS), imports units and members into a fresh
# database per engine (SQLite: a template kept beside the data and copied per
# run; PostgreSQL: a throw-away server, scripts/pg_test_server.sh), puts ~80%
# of the members in an exchange state by SQL (checked_in, submitted,
# handed_over, closed/deceased) with the events of the received ones spread
# over 2025-08-05..14 (the day-by-day curve), then runs progress_speed, which
# rebuilds the roll-ups and reads them. Prints markdown.
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
  echo "generating $members members" >&2
  "$cardex" gen --preset lam-dong --members "$members" --citizens "$((members * 2))" --out "$data" > /dev/null
fi

opts=("${@:3}")
if [ "$members" -gt 2000000 ] && [[ " ${opts[*]} " != *" --sql-runs "* ]]; then
  opts+=(--sql-runs 3,3,10)
fi

pg_dir=""
cleanup() {
  [ -n "$pg_dir" ] && bash "$root/scripts/pg_test_server.sh" stop "$pg_dir" >/dev/null 2>&1
  true
}
trap cleanup EXIT

# exchange_sql H DAY: the exchange rows and the received ones' events; H is
# the engine's expression for a random 0..99, DAY for a random step time on
# 2025-08-05..14. The random draws are materialized once per member (an
# inlined subquery would draw again at every use).
exchange_sql() {
  local h=$1 day=$2
  cat <<EOF
INSERT INTO exchange (member_no, unit_code, state, reason, updated_at, updated_by, version)
  WITH t AS MATERIALIZED (SELECT member_no, unit_code, $h AS h FROM members)
  SELECT member_no, unit_code,
         CASE WHEN h < 30 THEN 'handed_over' WHEN h < 60 THEN 'submitted'
              WHEN h < 79 THEN 'checked_in' ELSE 'closed' END,
         CASE WHEN h >= 79 THEN 'deceased' ELSE '' END, '2025-08-05T01:00:00Z', 'bench', 1
  FROM t WHERE h < 80;
INSERT INTO exchange_events (member_no, unit_code, from_state, to_state, reason, station_code, at, actor)
  SELECT member_no, unit_code, 'confirmed', 'submitted', '', '', $day, 'bench'
  FROM exchange WHERE state IN ('submitted', 'handed_over');
INSERT INTO exchange_events (member_no, unit_code, from_state, to_state, reason, station_code, at, actor)
  SELECT member_no, unit_code, 'card_delivered', 'handed_over', '', '', '2025-08-14T09:00:00Z', 'bench'
  FROM exchange WHERE state = 'handed_over';
INSERT INTO settings (key, value) VALUES ('plan_window_from', '2025-08-05'), ('plan_window_to', '2025-08-14');
EOF
}

load() {
  local spec=$1
  "$cardex" --db "$spec" init > /dev/null
  "$cardex" --db "$spec" import units "$data/units.csv" > /dev/null
  "$cardex" --db "$spec" import members "$data/members.csv" > /dev/null
}

if [ "${BENCH_SQLITE:-1}" != 0 ]; then
  template=$data/progress-template.db
  if [ ! -e "$template.done" ]; then
    echo "loading SQLite" >&2
    rm -f "$template" "$template-wal" "$template-shm"
    load "$template"
    exchange_sql "abs(random()) % 100" "printf('2025-08-%02dT02:00:00Z', 5 + abs(random()) % 10)" |
      sqlite3 -bail "$template"
    sqlite3 "$template" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
    touch "$template.done"
  fi
  db=$work/progress-$members.db
  rm -f "$db" "$db-wal" "$db-shm"
  cp "$template" "$db"
  echo "### SQLite"
  echo
  "$bench" --db "$db" "${opts[@]}"
  echo
fi

if [ "${BENCH_PG:-1}" != 0 ]; then
  pg_dir=$work/pg
  bash "$root/scripts/pg_test_server.sh" start "$pg_dir" >&2
  admin=$(cat "$pg_dir/url")
  psql -q "$admin" -c "CREATE DATABASE progress" > /dev/null
  pgspec="${admin%/*}/progress"
  echo "loading PostgreSQL" >&2
  load "$pgspec"
  exchange_sql "floor(random() * 100)::int" \
    "'2025-08-' || lpad((5 + floor(random() * 10)::int)::text, 2, '0') || 'T02:00:00Z'" |
    psql -q -v ON_ERROR_STOP=1 "$pgspec" > /dev/null
  psql -q "$pgspec" -c "VACUUM ANALYZE" > /dev/null
  echo "### PostgreSQL"
  echo
  "$bench" --db "$pgspec" "${opts[@]}"
fi
