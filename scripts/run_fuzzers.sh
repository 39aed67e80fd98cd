#!/usr/bin/env bash
# Runs every libFuzzer target in BUILD_DIR for SECONDS each, starting from
# the seed corpus in fuzz/corpus/NAME (if any). Exits non-zero on a crash.
set -euo pipefail
build=$(cd "${1:?usage: run_fuzzers.sh BUILD_DIR SECONDS}" && pwd)
seconds=${2:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
status=0
for target in $(find "$build" -maxdepth 2 -name "*_fuzz" -type f -perm -u+x | sort); do
  [ -x "$target" ] || continue
  name=$(basename "$target")
  work=$(mktemp -d)
  seeds=()
  [ -d "$root/fuzz/corpus/$name" ] && seeds+=("$root/fuzz/corpus/$name")
  echo "fuzz: $name for ${seconds}s"
  if ! (cd "$work" && "$target" -max_total_time="$seconds" -print_final_stats=0 \
        -artifact_prefix="$work/" "$work" "${seeds[@]}" >"$work/log" 2>&1); then
    echo "fuzz: $name FAILED; last lines of its log:"
    tail -40 "$work/log"
    mkdir -p "$root/build/fuzz-artifacts" && cp "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$root/build/fuzz-artifacts/" 2>/dev/null || true
    status=1
  else
    runs=$(grep -oE "^#[0-9]+" "$work/log" | tail -1)
    echo "fuzz: $name ok (${runs:-#?} inputs)"
  fi
  rm -rf "$work"
done
exit $status
