#!/usr/bin/env bash
# cli_registry_test.sh CARDEX FAKE_REGISTRY_SERVICE
# `cardex reconcile --registry-url` as a user runs it: the same report as
# the imported citizens give, the calls printed, a second run from the
# cache, and the service down: a failure that names the members not
# checked, nothing stored.
set -uo pipefail
cardex=$1 fake=$2
work=$(mktemp -d)
fifo="$work/stdin"
cleanup() { exec 3>&- 2>/dev/null; [ -n "${pid:-}" ] && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"$cardex" gen --members 400 --citizens 4000 --seed 5 --out "$work/gen" > /dev/null || { echo "FAIL: gen"; exit 1; }
for db in extract service; do
  "$cardex" --db "$work/$db.db" init > /dev/null
  "$cardex" --db "$work/$db.db" import units "$work/gen/units.csv" > /dev/null
  "$cardex" --db "$work/$db.db" import members "$work/gen/members.csv" > /dev/null
done
"$cardex" --db "$work/extract.db" import citizens "$work/gen/citizens.csv" > /dev/null
"$cardex" --db "$work/extract.db" reconcile --full --out "$work/extract.csv" > /dev/null \
  || fail "reconcile against the extract"

# The fake serves the extract's citizens until its stdin (a fifo) closes.
start_fake() {
  rm -f "$fifo"; mkfifo "$fifo"
  "$fake" "$work/extract.db" "$@" < "$fifo" > "$work/fake.out" &
  pid=$!
  exec 3> "$fifo"
  for _ in $(seq 100); do grep -q '^url ' "$work/fake.out" && break; sleep 0.1; done
  url=$(sed -n 's/^url //p' "$work/fake.out")
  [ -n "$url" ] || { echo "FAIL: the fake service did not start"; exit 1; }
}
stop_fake() { exec 3>&-; wait "$pid"; pid=; }

start_fake
out=$("$cardex" --db "$work/service.db" reconcile --full --out "$work/service.csv" \
      --registry-url "$url" 2>&1) || fail "reconcile through the service: $out"
grep -qE 'registry service: [1-9][0-9]* calls' <<< "$out" || fail "no calls printed: $out"
cmp -s "$work/extract.csv" "$work/service.csv" || fail "the reports differ"
out=$("$cardex" --db "$work/service.db" reconcile --full --out "$work/cached.csv" \
      --registry-url "$url" 2>&1) || fail "second run: $out"
grep -qE 'registry service: 0 calls' <<< "$out" || fail "the second run asked again: $out"
cmp -s "$work/extract.csv" "$work/cached.csv" || fail "the cached report differs"
stop_fake

# Down: every answer older than the cut-off, the service answering 503.
start_fake --down
out=$("$cardex" --db "$work/service.db" reconcile --full --out "$work/down.csv" \
      --registry-url "$url" --registry-attempts 2 --registry-cache-since 9999-01-01T00:00:00Z \
      --unchecked "$work/unchecked.csv" 2>&1) && fail "reconcile succeeded with the service down"
grep -qE '[1-9][0-9]* members could not be checked \(listed in .*unchecked.csv\); no verdict was stored' <<< "$out" \
  || fail "no statement of the members not checked: $out"
[ "$(head -1 "$work/unchecked.csv")" = "member_no,question" ] || fail "unchecked list header"
[ "$(wc -l < "$work/unchecked.csv")" -gt 300 ] || fail "unchecked list too short"
[ -e "$work/down.csv" ] && fail "a report was written"
stop_fake

if [ $failures -gt 0 ]; then echo "$failures failures"; exit 1; fi
echo "cli_registry: all passed"
