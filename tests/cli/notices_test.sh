#!/usr/bin/env bash
# notices_test.sh CARDEX
# `cardex notices` as an operator meets it with a gateway that takes files:
# a small province planned from the day after tomorrow; the notices are
# prepared once, refused as a batch in quiet hours, exported, and the
# gateway's delivery reports imported back: a bad report file changes
# nothing and names its lines, a good one imported twice counts once.
# No phone number is ever printed.
set -uo pipefail
cardex=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
passed=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { passed=$((passed + 1)); }
expect() {
  local code=$1 pattern=$2; shift 3
  local out status
  out=$("$@" 2>&1); status=$?
  if [ "$code" = nonzero ]; then
    [ $status -ne 0 ] || { fail "$* exited 0, expected failure"; return; }
  elif [ $status -ne "$code" ]; then
    fail "$* exited $status, expected $code: $out"; return
  fi
  echo "$out" | grep -qE "$pattern" || { fail "$* printed: $out (expected /$pattern/)"; return; }
  if echo "$out" | grep -qE '\+84[0-9]{9}|\b0[35789][0-9]{8}\b'; then fail "$* printed a phone number: $out"; return; fi
  ok
}

db="$work/cardex.db"
c() { "$cardex" --db "$db" "$@"; }
from=$(TZ=Asia/Ho_Chi_Minh date -d '+2 days' +%F)
to=$(TZ=Asia/Ho_Chi_Minh date -d '+11 days' +%F)
c gen --members 300 --citizens 600 --seed 5 --from "$from" --to "$to" --out "$work/data" >/dev/null || fail gen
c init >/dev/null || fail init
for kind in units members citizens stations shifts; do
  c import "$kind" "$work/data/$kind.csv" >/dev/null || fail "import $kind"
done
c plan --from "$from" --to "$to" --out "$work/schedule.csv" >/dev/null 2>&1 || fail plan

expect 0 'prepared [1-9][0-9]* notices: [1-9][0-9]* invitations, 0 reminders, 0 moved, 0 catch-up' -- c notices prepare
expect 0 'prepared 0 notices' -- c notices prepare
# 23:00 in Vietnam is 16:00 UTC: quiet hours, no batch.
night=$(TZ=UTC date -d '-1 day' +%F)T16:00:00Z
expect 0 'quiet hours \(21:00-07:00, Vietnam time\): no batch written' -- c notices export "$work/night.csv" --now "$night"
[ ! -e "$work/night.csv" ] && ok || fail "a batch was written in quiet hours"
expect 0 'wrote [1-9][0-9]* notices to' -- c notices export "$work/batch1.csv" --quiet-hours 00:00-00:00
expect 0 'no notice pending: no batch written' -- c notices export "$work/batch2.csv" --quiet-hours 00:00-00:00
head -1 "$work/batch1.csv" | grep -qx 'message_id,to,text,kind,send_from,send_until' && ok || fail "batch header: $(head -1 "$work/batch1.csv")"
ids=$(tail -n +2 "$work/batch1.csv" | cut -d, -f1 | head -3)
first=$(echo "$ids" | sed -n 1p); second=$(echo "$ids" | sed -n 2p); third=$(echo "$ids" | sed -n 3p)
printf 'message_id,status,reported_at\n%s,delivered,2026-01-01T10:00:00Z\n%s,lost,2026-01-01T10:00:00Z\n%s,delivered,soon\n' \
  "$first" "$second" "$third" > "$work/bad.csv"
expect nonzero "bad.csv:3: column status: 'lost' is neither delivered nor failed" -- c notices import-reports "$work/bad.csv"
expect nonzero "bad.csv:4: column reported_at: 'soon'" -- c notices import-reports "$work/bad.csv"
printf 'message_id,status,reported_at,error\n%s,delivered,2026-01-01T10:00:00Z,\n%s,failed,2026-01-01T10:01:00Z,absent subscriber\n' \
  "$first" "$second" > "$work/good.csv"
expect 0 'imported delivery reports: 1 delivered, 1 failed, 0 already known' -- c notices import-reports "$work/good.csv"
expect 0 'imported delivery reports: 0 delivered, 0 failed, 2 already known' -- c notices import-reports "$work/good.csv"
expect nonzero "quiet hours '25:00-07:00': expected HH:MM-HH:MM" -- c notices send --gateway-url http://127.0.0.1:9 --quiet-hours 25:00-07:00

echo "notices_test: $passed passed, $failures failed"
[ $failures -eq 0 ]
