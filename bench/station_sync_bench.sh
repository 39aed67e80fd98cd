#!/usr/bin/env bash
# station_sync_bench.sh CARDEX DELAY_RELAY [MEMBERS]: a busy station's
# outage (issue 20, docs/benchmarks.md "Station sync").
#   1. the desk's latency at the station: a step on the station's own server,
#      offline (central stopped) and online (central up, the station syncing
#      every second), against the desk on the central as before;
#   2. sync throughput: MEMBERS (500) members received offline (4 steps and
#      a photo each: 2,000 steps), pushed when the line is back, over
#      loopback and through a relay adding 50 ms each way (100 ms a round
#      trip; the kernel here has no netem), against the same steps sent by
#      a desk online one request each over the same relay.
set -uo pipefail
cardex=$1 relay=$2 count=${3:-500}
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
st=CA.HAMTHUANNAM day=2025-08-07
serve() {  # DB LOG [PORT] [SYNC_EVERY]: sets port, served_pid
  "$cardex" --db "$1" serve --port "${3:-0}" --quiet --station-sync-interval "${4:-0}" >"$2" 2>&1 &
  served_pid=$!; pids+=("$served_pid"); port=
  for _ in $(seq 150); do
    port=$(grep -oE 'http://127.0.0.1:[0-9]+/' "$2" | head -1 | grep -oE '[0-9]+/$' | tr -d /)
    [ -n "$port" ] && break; sleep 0.2
  done
  [ -n "$port" ] || fail "serve $1: $(cat "$2")"
}
stop() { kill -TERM "$1"; wait "$1" 2>/dev/null; }
login() {  # PORT JAR: sets csrf
  csrf=$(curl -s -c "$2" -X POST -H 'Content-Type: application/json' "http://127.0.0.1:$1/api/session" \
    -d '{"login":"canbo","password":"demo-cardex-2025"}' | grep -oE '"csrf_token":"[^"]+"' | cut -d'"' -f4)
  [ -n "$csrf" ] || fail "login on $1"
}
n=0
# receive PORT JAR MEMBER...: the four steps and a photo of each; appends
# each request's seconds to $work/times
receive() {
  local port=$1 jar=$2; shift 2
  for m in "$@"; do
    for path in check-in photo confirm submit; do
      n=$((n + 1))
      if [ $path = photo ]; then
        { printf '\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x01\x2c\x00\x00\x01\x90\x08\x02\x00\x00\x00\x00\x00\x00\x00'
          head -c 30000 /dev/urandom; } >"$work/p.png"
        curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -b "$jar" -X PUT -H "X-CSRF-Token: $csrf" \
          -H "Idempotency-Key: bench-$$-$n" -H 'Content-Type: image/png' --data-binary @"$work/p.png" \
          "http://127.0.0.1:$port/api/members/$m/photo"
      else
        curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -b "$jar" -X POST -H "X-CSRF-Token: $csrf" \
          -H "Idempotency-Key: bench-$$-$n" -H 'Content-Type: application/json' -d '{}' \
          "http://127.0.0.1:$port/api/members/$m/$path"
      fi
    done
  done >>"$work/times"
}
summary() {  # FILE: "mean p50 p95 ms" of the 200s
  grep '^200 ' "$1" | awk '{print $2 * 1000}' | sort -n | awk '{a[NR]=$1; s+=$1} END {
    printf "%.1f %.1f %.1f %d", s/NR, a[int(NR*0.5)+1], a[int(NR*0.95)+1], NR}'
}

"$cardex" --db "$work/central.db" demo --no-serve --members 8000 --today $day >/dev/null 2>&1 || fail demo
serve "$work/central.db" "$work/c.log"; cport=$port; cpid=$served_pid
"$cardex" --db "$work/central.db" station credential $st >"$work/cred" 2>/dev/null
"$cardex" --db "$work/station.db" station join --central "http://127.0.0.1:$cport" \
  --credential-file "$work/cred" --from $day --days 2 >/dev/null || fail join
stop "$cpid"
mapfile -t todo < <(sqlite3 "$work/station.db" "SELECT a.member_no FROM appointments a LEFT JOIN exchange e
  ON e.member_no = a.member_no WHERE e.member_no IS NULL ORDER BY a.slot_start, a.member_no")
[ "${#todo[@]}" -ge $((count + 60)) ] || fail "only ${#todo[@]} members to receive"
cp "$work/central.db" "$work/central_lat.db"

# 1. Desk latency at the station, offline: the outage's receptions.
serve "$work/station.db" "$work/s.log"; sport=$port; spid=$served_pid
login "$sport" "$work/jar"
: >"$work/times"; receive "$sport" "$work/jar" "${todo[@]:0:$count}"
offline=$(summary "$work/times"); stop "$spid"
cp "$work/station.db" "$work/station_lat.db"

# 2a. Sync over loopback.
serve "$work/central.db" "$work/c2.log" "$cport"; cpid=$served_pid
start=$(date +%s.%N)
out=$("$cardex" --db "$work/station.db" station sync --push-only 2>&1) || fail "sync: $out"
end=$(date +%s.%N)
steps=$(echo "$out" | grep -oE 'pushed [0-9]+' | grep -oE '[0-9]+')
direct=$(echo "$start $end $steps" | awk '{printf "%.1f %.0f", $2-$1, $3/($2-$1)}')

# 1b. Desk latency at the station, online and syncing every second.
serve "$work/station.db" "$work/s2.log" 0 1; sport=$port; spid=$served_pid
login "$sport" "$work/jar"
: >"$work/times"; receive "$sport" "$work/jar" "${todo[@]:$count:30}"
online=$(summary "$work/times"); stop "$spid"
# 1c. The desk on the central, as before the station mode (loopback).
login "$cport" "$work/jarc"
: >"$work/times"; receive "$cport" "$work/jarc" "${todo[@]:$((count + 30)):30}"
central=$(summary "$work/times"); stop "$cpid"

# 2b. The same outbox through 100 ms of round trip.
serve "$work/central_lat.db" "$work/c3.log" "$cport"; cpid=$served_pid
rport=$((cport + 1))
"$relay" "$rport" "$cport" 50 2>/dev/null & pids+=($!)
sleep 0.3
sqlite3 "$work/station_lat.db" "UPDATE station_self SET central_url = 'http://127.0.0.1:$rport'"
start=$(date +%s.%N)
out=$("$cardex" --db "$work/station_lat.db" station sync --push-only --timeout-ms 60000 2>&1) || fail "sync: $out"
end=$(date +%s.%N)
steps=$(echo "$out" | grep -oE 'pushed [0-9]+' | grep -oE '[0-9]+')
latent=$(echo "$start $end $steps" | awk '{printf "%.1f %.0f", $2-$1, $3/($2-$1)}')
# 2c. The alternative: the same kind of steps sent online, one request each, through the relay.
login "$rport" "$work/jarr"
: >"$work/times"; start=$(date +%s.%N)
receive "$rport" "$work/jarr" "${todo[@]:$count:25}"
end=$(date +%s.%N)
one_by_one=$(echo "$start $end" | awk '{printf "%.0f", 100/($2-$1)}')
stop "$cpid"

echo "station sync after an outage: $count members, $((count * 4)) steps, $count photos of 30 KB"
printf '%-58s %10s %10s\n' "sync (push of the outbox)" "seconds" "steps/s"
printf '%-58s %10s %10s\n' "loopback" $direct
printf '%-58s %10s %10s\n' "100 ms round trip (relay, 50 ms each way)" $latent
printf '%-58s %10s %10s\n' "desk steps one request each, 100 ms round trip (100 steps)" "-" "$one_by_one"
echo
printf '%-58s %8s %8s %8s %6s\n' "desk step latency (ms)" mean p50 p95 n
printf '%-58s %8s %8s %8s %6s\n' "station's own server, offline" $offline
printf '%-58s %8s %8s %8s %6s\n' "station's own server, online, syncing every second" $online
printf '%-58s %8s %8s %8s %6s\n' "the central's server over loopback (no station mode)" $central
