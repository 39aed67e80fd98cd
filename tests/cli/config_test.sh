#!/usr/bin/env bash
# config_test.sh CARDEX: `cardex serve --config FILE` (docs/operations.md):
# the file's settings are used, flags override them, a bad file is refused
# with FILE:LINE and the reason; the log is one bounded line per request or
# event, with a level, in the chosen format, without paths or member data.
set -uo pipefail
cardex=$1
work=$(mktemp -d)
server_pid=
trap '[ -n "$server_pid" ] && kill $server_pid 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$cardex" --db "$work/c.db" init >/dev/null || fail "init"

# serve_with LOG ARGS...: starts the server, sets $port from its first line.
serve_with() {
  local log=$1
  shift
  "$cardex" "$@" >"$log" 2>&1 &
  server_pid=$!
  port=
  for _ in $(seq 100); do
    port=$(grep -oE 'http://127.0.0.1:[0-9]+/' "$log" | head -1 | grep -oE '[0-9]+/$' | tr -d /)
    [ -n "$port" ] && break
    kill -0 $server_pid 2>/dev/null || fail "server exited: $(cat "$log")"
    sleep 0.2
  done
  [ -n "$port" ] || fail "no port: $(cat "$log")"
}
stop() {
  kill -TERM $server_pid && wait $server_pid
  local rc=$?
  server_pid=
  [ $rc = 0 ] || fail "the server did not stop cleanly ($rc)"
}

cat >"$work/cardex.conf" <<CONF
# a comment
db = "$work/c.db"

[serve]
port = 0
threads = 3
log-format = logfmt
body-limit = 1048576
session-idle = 3600
CONF

# The file's settings: the database, the thread count, the log format.
serve_with "$work/a.log" serve --config "$work/cardex.conf"
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || fail "healthz"
curl -s "http://127.0.0.1:$port/api/members/10000001" >/dev/null
curl -s -X "$(printf 'X%.0s' $(seq 600))" "http://127.0.0.1:$port/healthz" >/dev/null
# A body above the file's 1 MiB limit is refused (4 MiB by default).
big=$(head -c 1200000 /dev/zero | tr '\0' a)
code=$(printf '%s' "$big" | curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary @- \
  "http://127.0.0.1:$port/api/session")
[ "$code" = 413 ] || fail "body-limit from the file not applied: $code"
stop
grep -q "level=info event=serving .*threads=3" "$work/a.log" || fail "file not applied: $(cat "$work/a.log")"
grep -q "db=$work/c.db" "$work/a.log" || fail "db from the file not used: $(cat "$work/a.log")"
grep -q 'level=info event=request method=GET route=/healthz status=200' "$work/a.log" \
  || fail "no logfmt request line: $(cat "$work/a.log")"
grep -q 'route=/api/members/{member_no}' "$work/a.log" || fail "route pattern missing: $(cat "$work/a.log")"
grep -q '10000001' "$work/a.log" && fail "a member number reached the log: $(cat "$work/a.log")"
grep -q 'level=info event=stopped' "$work/a.log" || fail "no stop event"
awk 'length($0) > 600 { exit 1 }' "$work/a.log" || fail "an unbounded log line: $(cat "$work/a.log")"
grep -vqE '^ts=[0-9T:Z-]+ level=(debug|info|warn|error) event=' "$work/a.log" \
  && fail "a line that is not logfmt: $(grep -vE '^ts=' "$work/a.log")"

# Flags override the file; JSON lines.
serve_with "$work/b.log" serve --config "$work/cardex.conf" --threads 2 --log-format json
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || fail "healthz (b)"
stop
grep -q '"level":"info","event":"serving".*"threads":2' "$work/b.log" || fail "flag did not override: $(cat "$work/b.log")"
grep -q '"event":"request","method":"GET","route":"/healthz","status":200' "$work/b.log" \
  || fail "no JSON request line: $(cat "$work/b.log")"

# A password in the database URL never reaches the log.
line=$("$cardex" --db 'postgresql://cardex:s3cret@127.0.0.1:1/none' serve --port 0 2>&1)
echo "$line" | grep -q 's3cret' && fail "password logged: $line"

# Bad files: FILE:LINE and the reason, exit 2, nothing served.
bad() {  # bad NAME EXPECTED_LINE REGEX CONTENT
  printf '%b' "$4" >"$work/$1.conf"
  out=$("$cardex" serve --config "$work/$1.conf" 2>&1)
  rc=$?
  [ $rc = 2 ] || fail "$1: exit $rc: $out"
  echo "$out" | grep -qE "^cardex: $work/$1.conf:$2: .*$3" || fail "$1: wanted $1.conf:$2 /$3/: $out"
}
bad unknown 4 '"threds" is not a setting of \[serve\]' 'db = "x.db"\n\n[serve]\nthreds = 3\n'
bad range 3 'threads.*not in range' '[serve]\nport = 0\nthreads = 999\n'
bad value 2 'Could not convert|port' '[serve]\nport = eighty\n'
bad top 1 '"colour" is not a setting at the top' 'colour = "red"\n'
bad noeq 2 'is not a setting' '[serve]\nport 8080\n'
out=$("$cardex" serve --config "$work/missing.conf" 2>&1) && fail "a missing file was accepted"
echo "$out" | grep -q "missing.conf" || fail "missing file not named: $out"

# Secrets from files: an unreadable password file stops the start.
out=$("$cardex" --db-password-file "$work/none" --db "$work/c.db" audit verify 2>&1) \
  && fail "a missing password file was accepted"
echo "$out" | grep -q "cannot read --db-password-file" || fail "password file: $out"
echo "config_test: ok"
