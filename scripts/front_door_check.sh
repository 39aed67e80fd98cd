#!/usr/bin/env bash
# The front-door check: the README's two commands on a bare Debian 12, from
# nothing to a served demo and a green test run. Run it inside such a machine:
#   /work/shared/tools/fresh-machine.sh /tmp/fresh 'bash scripts/front_door_check.sh'
# `./make demo` runs in the background until /healthz and the login page answer,
# then is stopped; `./make test` must pass with no test skipped (the Makefile
# fails on a skip). Exit 0 only when both held.
set -uo pipefail
cd "$(dirname "$0")/.."
port=${FRONT_DOOR_PORT:-8099}
log=$(mktemp /tmp/front-door-demo.XXXXXX)
t0=$(date +%s)
echo "front door: ./make demo (PORT=$port), log in $log"
PORT=$port setsid ./make demo >"$log" 2>&1 &
pgid=$!
served=""
# Building from nothing takes long on a busy machine: wait while make runs,
# up to FRONT_DOOR_MINUTES of wall-clock time (not a count of polls).
deadline=$(( $(date +%s) + ${FRONT_DOOR_MINUTES:-300} * 60 ))
while [ "$(date +%s)" -lt "$deadline" ]; do
  if ! kill -0 "$pgid" 2>/dev/null; then break; fi
  if command -v curl >/dev/null && curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 \
     && curl -fsS "http://127.0.0.1:$port/login" | grep -q '<form'; then
    served=1; break
  fi
  sleep 1
done
kill -TERM -- "-$pgid" 2>/dev/null; wait "$pgid" 2>/dev/null
if [ -z "$served" ]; then
  echo "front door: FAILED: ./make demo did not serve the demo; its log ends:"; tail -40 "$log"; exit 1
fi
t1=$(date +%s)
echo "front door: ./make demo served http://127.0.0.1:$port/ after $((t1 - t0)) s"
grep -E "^ *(login|Đăng nhập|[a-z_]+ +/)" "$log" | head -5 || true
echo "front door: ./make test"
if ! ./make test; then echo "front door: FAILED: ./make test"; exit 1; fi
t2=$(date +%s)
echo "front door: PASSED (demo $((t1 - t0)) s, test $((t2 - t1)) s)"
