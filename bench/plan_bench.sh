#!/usr/bin/env bash
# The national reception plan (issue 4): `cardex plan` over a generated
# country, from the database to the schedule file, under /usr/bin/time.
#
#   bench/plan_bench.sh BUILD_DIR
#
# BENCH_PLAN_MEMBERS scales it (default 5,600,000, the national campaign;
# the registry holds 39/28 x members citizens, about the least `cardex gen`
# accepts: planning never reads it). The generated files and the imported
# SQLite database are cached under build/bench-plan/ (about 1 GB at full
# scale). Only units, members, stations and shifts are imported.
#
# Measures: wall time and peak RSS of the plan (loading, planning and
# writing the CSV: the target is under 30 s), the stations' efficiency (the
# finish against two lower bounds: the work bound ignores cells; the cell
# bound keeps each cell whole in one day, schedule.h says how), and
# in a second run the `--check` verification (violations must be 0) and the
# waiting-time simulation (`--simulate`, its 95th-percentile wait: target
# under 15 minutes). The time includes storing every appointment (with its
# invitation code) in the database. Prints a markdown table.
set -euo pipefail
build=${1:-build/release}
members=${BENCH_PLAN_MEMBERS:-5600000}
citizens=$(( (members * 39 + 27) / 28 ))
from=2025-08-05
to=2025-08-14
root=$(cd "$(dirname "$0")/.." && pwd)
cardex="$root/$build/cardex"
[ -x "$cardex" ] || cardex="$build/cardex"
work=${BENCH_DIR:-$root/build/bench-plan}
data="$work/data-$members"
db="$work/plan-$members.db"
mkdir -p "$work"

if [ ! -f "$data/shifts.csv" ]; then
  echo "generating $members members into $data" >&2
  "$cardex" gen --members "$members" --citizens "$citizens" --from "$from" --to "$to" --out "$data" >&2
  rm -f "$data/citizens.csv" "$data/truth.csv"  # planning reads neither
fi
if [ ! -f "$db.ready" ]; then
  echo "importing into $db" >&2
  rm -f "$db" "$db"-wal "$db"-shm
  "$cardex" --db "$db" init >/dev/null
  for kind in units members stations shifts; do
    "$cardex" --db "$db" import "$kind" "$data/$kind.csv" >/dev/null
  done
  touch "$db.ready"
fi

out="$work/schedule-$members.csv"
timing="$work/time-$members.txt"
# 1: the plan as a user runs it, timed.
set +e
/usr/bin/time -v "$cardex" --db "$db" plan --from "$from" --to "$to" --out "$out" --timings \
  >"$work/plan.out" 2>"$timing"
rc=$?
set -e
if [ $rc -gt 1 ]; then  # 1: some members left; anything else is a failure
  cat "$work/plan.out" "$timing" >&2
  exit 1
fi
# 2: the same plan verified by the independent checker and simulated.
set +e
"$cardex" --db "$db" plan --from "$from" --to "$to" --out "$out" --check --simulate --seed 1 --timings \
  --simulate-out "$work/waits-$members.csv" >"$work/check.out" 2>"$work/check.err"
set -e
violations=$(grep -c '^violation:' "$work/check.err" || true)

wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$timing")
wall_s=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
rss_mb=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$timing")
phases=$(grep '^timings' "$timing" | sed 's/^timings (s): \(load [0-9.]*, plan [0-9.]*\), check [0-9.]*, \(store [0-9.]* (csv [0-9.]* beside it)\).*/\1, \2/')
phases2=$(grep '^timings' "$work/check.err" | sed 's/^timings (s): .*\(check [0-9.]*\), \(store [0-9.]*\) (csv [0-9.]* beside it), \(simulate [0-9.]*\)/\1, \2, \3/')
cpu=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {printf "user %.1f s, system %.1f s", u, s}' "$timing")
planned=$(sed -n 's/^planned \([0-9]*\) of \([0-9]*\) members.*/\1 of \2/p' "$work/plan.out")
# "worst station efficiency W (mean M) against the work bound, W (mean M)
# against the cell bound"
efficiency='s/.*worst station efficiency \([0-9.]*\) (mean \([0-9.]*\)) against the work bound, \([0-9.]*\) (mean \([0-9.]*\)) against the cell bound.*/'
work_bound=$(sed -n "${efficiency}worst \\1, mean \\2/p" "$work/plan.out")
cell_bound=$(sed -n "${efficiency}worst \\3, mean \\4/p" "$work/plan.out")
finish=$(sed -n 's/.*last slot ends \([0-9T:-]*\).*/\1/p' "$work/plan.out")
sim_line=$(grep '^simulated' "$work/check.out" || echo "simulation failed")
p95=$(sed -n 's/.*wait mean \([0-9.]*\) min, p95 \([0-9.]*\) min.*/mean \1, p95 \2/p' "$work/check.out")
worst_day=$(sed -n 's/^station-day p95 wait: worst \([0-9.]*\) min.*mean \([0-9.]*\) min; \([0-9.]*\)% .*/worst \1, mean \2; \3 %/p' \
  "$work/check.out")
stations=$(($(wc -l <"$data/stations.csv") - 1))

echo
echo "| measure | value |"
echo "| --- | --- |"
echo "| instance | $members members, $stations stations, $from to $to (cardex gen, seed 1) |"
echo "| members planned | $planned |"
echo "| wall time: load, plan, store appointments and write CSV | ${wall_s} s (target < 30 s) |"
echo "| phases (s) | $phases; second run: $phases2 |"
echo "| CPU time | $cpu |"
echo "| peak RSS | ${rss_mb} MB |"
echo "| station efficiency against the work bound (cells ignored) | $work_bound |"
echo "| station efficiency against the cell bound (cells whole, one day) | $cell_bound |"
echo "| last slot ends | $finish |"
echo "| \`--check\` violations | $violations |"
echo "| simulated wait, all members at a counter (min) | $p95 |"
echo "| station-day p95 wait (min); share under 15 min | $worst_day |"
echo
echo "The time covers loading from SQLite, planning, storing every appointment"
echo "(the 'store' phase; the CSV is written on a second thread beside it). The"
echo "first run replaces the appointments of the run before (the table is full"
echo "from the second run of the script on). The simulation"
echo "leaves out home visits (no queue); defaults: 5 % no-shows, 10 % late by"
echo "an exponential 20 min, the others normal(-2, 5) min, service lognormal CV 0.3,"
echo "late members served up to 30 min after a shift closes."
echo "Simulation: $sim_line"
[ "$violations" -eq 0 ]
