#!/usr/bin/env bash
# demo_test.sh CARDEX [PG_URL_FILE]: `cardex demo --no-serve` builds the
# demonstration (a small Lâm Đồng with three days lived), prints the logins,
# and a second run reuses it; then `cardex demo` serves it and a login works.
set -uo pipefail
cardex=$1
work=$(mktemp -d)
server_pid=
trap '[ -n "$server_pid" ] && kill $server_pid 2>/dev/null; rm -rf "$work"' EXIT
if [ $# -ge 2 ]; then
  admin=$(cat "$2")
  name="demo_$$_$RANDOM"
  psql -q "$admin" -c "CREATE DATABASE $name" || { echo "FAIL: cannot create database"; exit 1; }
  db="${admin%/*}/$name"
  query() { psql -qtA "$db" -c "$1"; }
else
  db="$work/demo.db"
  query() { sqlite3 "$db" "$1"; }
fi
fail() { echo "FAIL: $*"; exit 1; }

out=$("$cardex" --db "$db" demo --no-serve --members 8000 --today 2025-08-07 2>&1) || fail "demo: $out"
for want in "canbo +station_officer +CA.HAMTHUANNAM" "thanhtra +inspector" "tokiemtra +inspector" \
            "2025-08-04 – 2025-08-13" \
            "already submitted: [1-9]"; do
  echo "$out" | grep -qE "$want" || fail "demo output lacks /$want/: $out"
done
# The desk's harder paths, printed for a newcomer to try (issue 14): a
# member the registry contradicts, one with a wrong CCCD and the registry's
# own, one sent back with an open correction; all at canbo's station.
for want in "try at the desk \(canbo, CA.HAMTHUANNAM\)" "sai lệch với CSDL dân cư \(" \
            "số CCCD ghi sai: tìm bằng số CCCD theo CSDL [0-9]{12}" "đang chờ đơn vị sửa thông tin"; do
  echo "$out" | grep -qE "$want" || fail "demo output lacks /$want/: $out"
done
mismatch=$(echo "$out" | grep "sai lệch với CSDL" | awk '{print $1}')
[ "$(query "SELECT verdict FROM reconcile_results WHERE member_no = '$mismatch'")" = mismatch ] \
  || fail "member $mismatch is printed as a mismatch but is not one"
[ "$(query "SELECT count(*) FROM member_standard WHERE member_no = '$mismatch'")" = 0 ] \
  || fail "member $mismatch is already settled"
wrong=$(echo "$out" | grep "số CCCD ghi sai" | awk '{print $1}')
wrong_id=$(echo "$out" | grep "số CCCD ghi sai" | grep -oE '[0-9]{12}' | head -1)
[ "$(query "SELECT suggested_citizen_id FROM reconcile_results WHERE member_no = '$wrong'")" = "$wrong_id" ] \
  || fail "member $wrong: the printed registry CCCD is not its suggestion"
corrected=$(echo "$out" | grep "đang chờ đơn vị sửa" | awk '{print $1}')
[ "$(query "SELECT count(*) FROM corrections WHERE member_no = '$corrected' AND closed_at = ''")" -ge 1 ] \
  || fail "member $corrected has no open correction"
# No card was made for a member the registry contradicts.
[ "$(query "SELECT count(*) FROM cards c JOIN reconcile_results r ON r.member_no = c.member_no LEFT JOIN member_standard s ON s.member_no = c.member_no WHERE s.member_no IS NULL AND r.verdict NOT IN ('match', 'fixable')")" = 0 ] \
  || fail "a card was made for a member not cleanly standardised"
[ "$(query "SELECT count(*) FROM users")" = 7 ] || fail "expected 7 accounts"
[ "$(query "SELECT count(*) FROM working_groups")" = 2 ] || fail "expected 2 working groups"
[ "$(query "SELECT count(*) FROM follow_ups WHERE owner = 'tokiemtra' AND status = 'open'")" = 1 ] \
  || fail "the group member has no open follow-up"
submitted=$(query "SELECT count(*) FROM exchange WHERE state IN ('submitted', 'card_produced', 'card_delivered', 'handed_over')")
events=$(query "SELECT count(*) FROM exchange_events WHERE to_state = 'submitted'")
[ "$submitted" -gt 100 ] && [ "$submitted" = "$events" ] || fail "submitted $submitted, events $events"
[ "$(query "SELECT count(*) FROM exchange WHERE state = 'correction'")" -gt 0 ] || fail "no corrections"
handed=$(query "SELECT count(*) FROM exchange WHERE state = 'handed_over'")
[ "$handed" -gt 0 ] && [ "$handed" = "$(query "SELECT count(*) FROM retired_cards")" ] || fail "handed over $handed"
[ "$(query "SELECT count(*) FROM photos")" -ge "$submitted" ] || fail "photos missing"
"$cardex" --db "$db" audit verify >/dev/null 2>&1 || fail "the demo's audit chain does not verify"

out=$("$cardex" --db "$db" demo --no-serve --today 2025-08-07 2>&1) || fail "second run: $out"
echo "$out" | grep -q "already holds the demonstration" || fail "second run rebuilt: $out"
echo "$out" | grep -qE "^ +$mismatch .*sai lệch với CSDL dân cư" || fail "second run does not name the same members to try: $out"

"$cardex" --db "$db" demo --port 0 --quiet >"$work/serve.out" 2>&1 &
server_pid=$!
for _ in $(seq 50); do
  port=$(grep -oE 'http://127.0.0.1:[0-9]+/' "$work/serve.out" | head -1 | grep -oE '[0-9]+/$' | tr -d /)
  [ -n "$port" ] && break
  sleep 0.2
done
[ -n "$port" ] || fail "demo did not start serving: $(cat "$work/serve.out")"
reply=$(curl -s -X POST -H 'Content-Type: application/json' "http://127.0.0.1:$port/api/session" \
  -d '{"login":"canbo","password":"demo-cardex-2025"}')
echo "$reply" | grep -q '"role":"station_officer"' || fail "demo login: $reply"
jar="$work/cookies"
curl -s -c "$jar" -X POST -H 'Content-Type: application/json' "http://127.0.0.1:$port/api/session" \
  -d '{"login":"tokiemtra","password":"demo-cardex-2025"}' >/dev/null
page=$(curl -s -b "$jar" -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/groups/TKT01")
[ "$page" = 200 ] || fail "the group member cannot open the group's page: $page"
kill -TERM $server_pid
wait $server_pid || fail "demo did not stop cleanly on SIGTERM"
server_pid=
echo "demo_test: ok"
