#!/usr/bin/env bash
# `make bench`: every benchmark, each printing its table. Results and the
# command that made them are kept in docs/benchmarks.md.
set -euo pipefail
build=${1:-build/release}
root=$(cd "$(dirname "$0")/.." && pwd)
echo "## Import (bench/import_bench.sh)"
bash "$root/bench/import_bench.sh" "$build" "${BENCH_MEMBERS:-1000000}" "${BENCH_CITIZENS:-10000000}"
echo
echo "## One bad row among a million (bench/import_refusal.sh)"
data="$root/build/bench-import/data-${BENCH_MEMBERS:-1000000}-${BENCH_CITIZENS:-10000000}"
bash "$root/bench/import_refusal.sh" "$build" "$data"
echo
echo "## National reception plan (bench/plan_bench.sh)"
bash "$root/bench/plan_bench.sh" "$build"
echo
echo "## The planner against an exact MIP on small instances (bench/plan_vs_mip.cc)"
"$root/$build/bench/plan_vs_mip" --time-limit "${BENCH_MIP_SECONDS:-60}" --work "$root/build/bench-mip"
echo
echo "## Reconcile against the registry (bench/reconcile_bench.sh)"
bash "$root/bench/reconcile_bench.sh" "$build" "${BENCH_MEMBERS:-1000000}" "${BENCH_RECONCILE_CITIZENS:-20000000}"
echo
echo "## Exports for people against CSV (bench/export_speed.cc)"
"$root/$build/bench/export_speed" --rows "${BENCH_EXPORT_ROWS:-1000000}"
echo "## Desk journeys (bench/desk_bench.sh)"
bash "$root/bench/desk_bench.sh" "$build"
echo "## Card production, one commune (bench/cards_bench.sh)"
bash "$root/bench/cards_bench.sh" "$build"
echo "## Progress roll-ups against the SQL aggregate (bench/progress_bench.sh)"
bash "$root/bench/progress_bench.sh" "$build" "${BENCH_MEMBERS:-1000000}"
for b in "$root/$build"/bench/*_bench; do
  [ -x "$b" ] || continue
  echo
  echo "## $(basename "$b")"
  "$b" --benchmark_min_time=1
done
