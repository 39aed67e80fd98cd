#!/usr/bin/env bash
# Outage figures on the Patroni + etcd cluster (issue 18): each fault struck
# REPS times in a row under eight desk clients, by the fault test itself
# (tests/http/ha_fault_test.cc, CARDEX_HA_REPEAT), which also checks every
# strike (no acknowledged step lost or applied twice, audit chain, roll-ups).
# The outage is the longest stretch without an acknowledged step after the
# fault, as a desk sees it. Prints a markdown table: per fault, the
# repetitions, p50, p95 (nearest rank) and the worst.
#
#   bench/ha_outage_bench.sh BUILD_DIR
#
# Environment (defaults):
#   BENCH_HA_REPS (5)        strikes per fault
#   BENCH_HA_FAULTS (all)    a gtest filter of faults, e.g. "PostmasterKilled:PlannedSwitchover"
#   BENCH_HA_DIR (BUILD_DIR/ha-bench)  the cluster's directory
#
# Needs root (network namespaces) and the packages of scripts/deps.sh. The
# cluster's settings are those of scripts/ha_cluster.sh (ttl 12 s,
# loop_wait 2 s, retry_timeout 5 s, primary_start_timeout 0); the server's
# --db-timeout is 5 s.
set -euo pipefail
build=${1:-build/release}
root=$(cd "$(dirname "$0")/.." && pwd)
[[ "$build" = /* ]] || build="$root/$build"
test_bin="$build/tests/http/http_ha_fault_test"
[ -x "$test_bin" ] || { echo "missing $test_bin (build the target http_ha_fault_test)" >&2; exit 2; }
reps=${BENCH_HA_REPS:-5}
dir=${BENCH_HA_DIR:-$build/ha-bench}
filter="HaFaultTest.*"
[ -n "${BENCH_HA_FAULTS:-}" ] && filter="HaFaultTest.${BENCH_HA_FAULTS//:/:HaFaultTest.}"

trap '"$root/scripts/ha_cluster.sh" stop "$dir" >/dev/null 2>&1 || true' EXIT
"$root/scripts/ha_cluster.sh" start "$dir" >&2
log="$dir.log"
CARDEX_SOURCE_DIR="$root" CARDEX_HA_DIR="$dir" CARDEX_HA_REPEAT="$reps" \
  "$test_bin" --gtest_filter="$filter" 2>&1 | tee "$log" >&2 || true

echo
echo "$reps strikes per fault; 8 desk clients; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| fault | strikes | outage p50 s | outage p95 s | worst s | longest request s |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for fault in postmaster-kill switchover freeze partition etcd-leader; do
  grep "ha fault $fault:" "$log" >/dev/null || continue
  grep "ha fault $fault:" "$log" | sed -E 's/.*outage ([0-9.]+) s.*longest request ([0-9.]+) s.*/\1 \2/' |
    sort -n | awk -v f="$fault" '
      { o[NR] = $1; if ($2 > r) r = $2 }
      END {
        p50 = o[int((NR + 1) / 2)]; i95 = int(0.95 * NR + 0.999); if (i95 < 1) i95 = 1
        printf "| %s | %d | %.2f | %.2f | %.2f | %.2f |\n", f, NR, p50, o[i95], o[NR], r
      }'
done
echo
echo "Checks (every strike: nothing acknowledged lost, nothing applied twice, audit chain, roll-ups):"
grep -E "^\[  (PASSED|FAILED) |Failure" "$log" || true
