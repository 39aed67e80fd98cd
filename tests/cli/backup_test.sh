#!/usr/bin/env bash
# backup_test.sh CARDEX: `cardex backup` under desk load and `cardex restore`
# (docs/operations.md, "Back up and restore"). Two desks check members in
# over HTTP while the backup runs; the restored database passes `audit
# verify` and holds every check-in acknowledged before the backup began.
# Then what restore refuses: a file that is not SQLite, an SQLite file that is
# not Cardex, a newer schema, and replacing a database without --force.
set -uo pipefail
cardex=$1
work=$(mktemp -d)
server_pid= desk_pids=()
cleanup() {
  for p in "${desk_pids[@]}"; do kill "$p" 2>/dev/null; done
  [ -n "$server_pid" ] && kill $server_pid 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
db="$work/live.db"
q() { sqlite3 "$1" "$2"; }

"$cardex" --db "$db" demo --no-serve --members 8000 --today 2025-08-07 >/dev/null 2>&1 || fail "demo"
station=CA.HAMTHUANNAM
q "$db" "SELECT a.member_no FROM appointments a JOIN exchange e ON e.member_no = a.member_no
         WHERE a.station_code = '$station' AND a.mode = 'station' AND e.state = 'invited'
         ORDER BY a.member_no" >"$work/members"
[ "$(wc -l <"$work/members")" -ge 20 ] || fail "too few invited members at $station: $(wc -l <"$work/members")"

"$cardex" --db "$db" serve --port 0 --threads 2 --quiet >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  port=$(grep -oE 'http://127.0.0.1:[0-9]+/' "$work/serve.log" | head -1 | grep -oE '[0-9]+/$' | tr -d /)
  [ -n "$port" ] && break
  sleep 0.2
done
[ -n "$port" ] || fail "serve: $(cat "$work/serve.log")"
reply=$(curl -sS -D "$work/h" -H 'Content-Type: application/json' \
  -d '{"login":"canbo","password":"demo-cardex-2025"}' "http://127.0.0.1:$port/api/session")
cookie=$(grep -i '^set-cookie:' "$work/h" | sed -E 's/^[^:]*: *([^;]*).*/\1/' | tr -d '\r' | head -1)
csrf=$(echo "$reply" | sed -E 's/.*"csrf_token":"([^"]*)".*/\1/')
[ -n "$cookie" ] && [ -n "$csrf" ] || fail "login: $reply"

# desk N: checks in every other member (N = 0 or 1), one acknowledged
# member_no per line in acks.N, written only after the 200 arrived.
desk() {
  local n=$1 i=0 m code
  : >"$work/acks.$n"
  while read -r m; do
    i=$((i + 1))
    [ $((i % 2)) = "$n" ] || continue
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -b "$cookie" -H "X-CSRF-Token: $csrf" \
      -H "Idempotency-Key: backup-test-$m" -H 'Content-Type: application/json' -d '{}' \
      "http://127.0.0.1:$port/api/members/$m/check-in")
    [ "$code" = 200 ] && echo "$m" >>"$work/acks.$n"
  done <"$work/members"
}
desk 0 & desk_pids+=($!)
desk 1 & desk_pids+=($!)
acked() { cat "$work/acks.0" "$work/acks.1" 2>/dev/null | wc -l; }
for _ in $(seq 300); do [ "$(acked)" -ge 8 ] && break; sleep 0.1; done
[ "$(acked)" -ge 8 ] || fail "the desks made no progress: $(tail -3 "$work/serve.log")"

cat "$work/acks.0" "$work/acks.1" | sort >"$work/acked-before"
"$cardex" --db "$db" backup --out "$work/backup.db" >"$work/backup.out" 2>&1 || fail "backup: $(cat "$work/backup.out")"
# The desks were still writing when the backup began: members were left.
[ "$(wc -l <"$work/acked-before")" -lt "$(wc -l <"$work/members")" ] || fail "the desks had finished before the backup"
for p in "${desk_pids[@]}"; do wait "$p" 2>/dev/null; done
desk_pids=()
kill -TERM $server_pid; wait $server_pid; server_pid=
echo "backed up with $(wc -l <"$work/acked-before") check-ins acknowledged before, $(acked) in all"

# Restore into a new file: everything acknowledged before the backup is there.
"$cardex" --db "$work/restored.db" restore --from "$work/backup.db" >"$work/r.out" 2>&1 \
  || fail "restore: $(cat "$work/r.out")"
"$cardex" --db "$work/restored.db" audit verify >"$work/v.out" 2>&1 || fail "audit verify: $(cat "$work/v.out")"
q "$work/restored.db" "SELECT member_no FROM exchange WHERE state = 'checked_in'" | sort >"$work/restored-in"
missing=$(comm -23 "$work/acked-before" "$work/restored-in" | wc -l)
[ "$missing" = 0 ] || fail "$missing check-ins acknowledged before the backup are not in it"
[ "$(q "$work/restored.db" "PRAGMA journal_mode")" = wal ] || fail "the restored database is not in WAL mode"
# The live database was not harmed by the backup.
"$cardex" --db "$db" audit verify >/dev/null 2>&1 || fail "the live audit chain"

# Refusals.
out=$("$cardex" --db "$db" backup --out "$work/backup.db" 2>&1) && fail "a backup overwrote a file"
echo "$out" | grep -q "exists" || fail "overwrite: $out"
refuse() {  # refuse REGEX FROM [ARGS...]
  local want=$1 from=$2
  shift 2
  out=$("$cardex" --db "$work/target.db" restore --from "$from" "$@" 2>&1) && fail "restored $from: $out"
  echo "$out" | grep -qE "$want" || fail "restore $from: wanted /$want/: $out"
}
head -c 8192 /dev/urandom >"$work/noise.bin"
refuse "not a Cardex backup" "$work/noise.bin"
sqlite3 "$work/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1)"
refuse "not a Cardex backup" "$work/other.db"
cp "$work/backup.db" "$work/newer.db"
sqlite3 "$work/newer.db" "INSERT INTO schema_migrations (version) VALUES (9999)"
refuse "newer than this cardex" "$work/newer.db"
refuse "no such file" "$work/absent.db"
true >"$work/target.db"
"$cardex" --db "$work/target.db" restore --from "$work/backup.db" >/dev/null 2>&1 || fail "restore into an empty file"
refuse "already holds a Cardex database" "$work/backup.db"
"$cardex" --db "$work/target.db" restore --from "$work/backup.db" --force >/dev/null 2>&1 || fail "restore --force"
echo "backup_test: ok"
