#!/usr/bin/env bash
# Desk journeys per second (issue 5): wrk on loopback drives complete desk
# journeys (bench/desk_journey.lua: lookup by invitation code → member view
# → check-in → photo → confirm → submit) against `cardex serve`, on SQLite
# (synchronous=NORMAL, the default, and FULL) and on PostgreSQL, and nginx
# serving a small static file in the same run as the ceiling of what the
# machine's loopback HTTP can do. Prints a markdown table, with the CPU
# per journey of cardex serve and, for PostgreSQL, of the database server.
#
#   bench/desk_bench.sh BUILD_DIR
#
# Environment (defaults):
#   BENCH_DESK_MEMBERS (200000)      members generated; enough for the run
#   BENCH_DESK_SECONDS (20)          each wrk run
#   BENCH_DESK_CONNECTIONS (64)      wrk connections
#   BENCH_DESK_WRK_THREADS (2)       wrk threads
#   BENCH_DESK_SERVER_THREADS (4)    cardex serve --threads
#   BENCH_DESK_STATIONS (18)         stations (one logged-in officer each)
#   BENCH_DESK_PHOTO_BYTES (30000)   size of each uploaded photo
#   BENCH_PG=0                       skips PostgreSQL
#   BENCH_SQLITE=0                   skips SQLite
#   BENCH_DESK_ROLLUPS (both)        `on`, `off` or `both`: serve with the
#                                    progress roll-ups kept current, with
#                                    them switched off (CARDEX_BENCH_NO_ROLLUPS,
#                                    to measure their cost), or each in turn
#   BENCH_DESK_SYNC (NORMAL FULL)    SQLite synchronous modes to run
#   BENCH_DIR (build/bench-desk)     work directory (data is kept for reruns)
#   BENCH_NGINX=0                    skips the nginx ceiling
#   BENCH_DESK_PACE (500)            journeys/s to offer in a second run of
#                                    each configuration ("" for none, or a
#                                    list): every connection waits a random
#                                    time (exponential) before each request,
#                                    so that 64 desks offer about that load,
#                                    and the latency is the one at that load
#                                    rather than at the most the machine
#                                    can take (the first run, unpaced)
#   BENCH_DESK_RESTART=0             skips timing a restart after SIGKILL
#   BENCH_DESK_SERVER_ENV            extra NAME=VALUE settings for the
#                                    server's environment (docs/settings.md)
#   BENCH_MEMBER_PAGE_RATE           requests/s of the members' public page
#                                    (issue 21, bench/member_page.lua) to
#                                    offer beside the desks ("" for none):
#                                    each SQLite configuration then runs
#                                    twice, desks alone and desks with the
#                                    members' page, and a second table gives
#                                    the page's own latency
#   BENCH_MEMBER_PAGE_CONNECTIONS (32) wrk connections of the member page
#   BENCH_DESK_WRK_PREFIX            a command wrk runs under, e.g.
#                                    "nice -n 19" to see how much of the
#                                    tail the client on the same cores costs
set -euo pipefail
build=${1:-build/release}
root=$(cd "$(dirname "$0")/.." && pwd)
[[ "$build" = /* ]] || build="$root/$build"
cardex="$build/cardex"
seed="$build/cardex_seed_users"
for b in "$cardex" "$seed"; do [ -x "$b" ] || { echo "missing $b (build first)" >&2; exit 2; }; done
members=${BENCH_DESK_MEMBERS:-200000}
seconds=${BENCH_DESK_SECONDS:-20}
conns=${BENCH_DESK_CONNECTIONS:-64}
wrk_threads=${BENCH_DESK_WRK_THREADS:-2}
server_threads=${BENCH_DESK_SERVER_THREADS:-4}
nstations=${BENCH_DESK_STATIONS:-18}
photo=${BENCH_DESK_PHOTO_BYTES:-30000}
work=${BENCH_DIR:-$root/build/bench-desk}
lua="$root/bench/desk_journey.lua"
member_lua="$root/bench/member_page.lua"
member_rate=${BENCH_MEMBER_PAGE_RATE:-}
member_conns=${BENCH_MEMBER_PAGE_CONNECTIONS:-32}
member_rows=()
password="correct horse battery"
mkdir -p "$work"

server_pid=""
nginx_pid=""
pg_dir=""
# Without `set -e`: a server that already died (kill fails) or exits
# non-zero (wait) would otherwise end the trap before the PostgreSQL server
# is stopped.
cleanup() {
  set +e
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null; wait "$nginx_pid" 2>/dev/null; fi
  if [ -n "$pg_dir" ]; then bash "$root/scripts/pg_test_server.sh" stop "$pg_dir" >/dev/null 2>&1; fi
  true
}
trap cleanup EXIT

free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

data="$work/data-$members"
if [ ! -f "$data/shifts.csv" ]; then
  echo "generating $members members into $data" >&2
  "$cardex" gen --members "$members" --citizens "$((members * 2))" --out "$data" >&2
fi

# prepare SPEC: a database with the plan stored and one station officer
# (desk-1 … desk-N) for each of the N stations with the most station
# appointments; writes $work/codes.SPECNAME and $work/stations.SPECNAME.
# QUERY is how to run SQL against it (sqlite3 or psql), NAME the label.
prepare() {
  local spec=$1 name=$2 query=$3
  echo "preparing $name" >&2
  "$cardex" --db "$spec" init >&2
  for kind in units members citizens stations shifts; do
    "$cardex" --db "$spec" import "$kind" "$data/$kind.csv" >/dev/null
  done
  "$cardex" --db "$spec" plan --from 2025-08-05 --to 2025-08-14 --out "$work/schedule.csv" >/dev/null
  roll_ups "$spec"
  $query "SELECT station_code FROM appointments WHERE mode = 'station' GROUP BY station_code
          ORDER BY count(*) DESC, station_code LIMIT $nstations" >"$work/stations.$name"
  local users=() i=0
  while read -r st; do
    i=$((i + 1))
    users+=("desk-$i:station_officer:$st")
  done <"$work/stations.$name"
  "$seed" "$spec" "$password" "${users[@]}"
  untouched_codes "$name" "$query"
  echo "$name: $(wc -l <"$work/codes.$name") invited members at $i stations" >&2
}

# untouched_codes NAME QUERY: $work/codes.NAME, the invited members of the
# benchmark's stations (stations.NAME) that no desk has touched yet, in slot
# order, as they would come to the desks.
untouched_codes() {
  local name=$1 query=$2 list
  list=$(sed "s/.*/'&'/" "$work/stations.$name" | paste -sd,)
  $query "SELECT a.member_no || ' ' || a.station_code || ' ' || a.invitation_code
          FROM appointments a WHERE a.mode = 'station' AND a.station_code IN ($list)
          AND NOT EXISTS (SELECT 1 FROM exchange e WHERE e.member_no = a.member_no)
          ORDER BY a.slot_start, a.member_no" >"$work/codes.$name"
}

# roll_ups SPEC: builds the progress roll-ups as a running campaign has
# them (the first progress report does it), so the desks keep them current.
roll_ups() {
  "$cardex" --db "$1" report progress --out "$work/progress.csv" >/dev/null
}

# start_cardex SPEC [ENV...]: serves SPEC on a free port ($port).
start_cardex() {
  local spec=$1
  shift
  port=$(free_port)
  env "$@" ${BENCH_DESK_SERVER_ENV:-} "$cardex" --db "$spec" serve --port "$port" --threads "$server_threads" --quiet \
    2>"$work/serve.log" &
  server_pid=$!
  for _ in $(seq 1 500); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    sleep 0.02
  done
  echo "cardex serve did not start:" >&2
  cat "$work/serve.log" >&2
  exit 1
}

stop_cardex() {
  kill "$server_pid"
  wait "$server_pid" || true
  server_pid=""
}

# login_all NAME: one session per station officer → $work/sessions
login_all() {
  local i=0 st reply cookie csrf
  : >"$work/sessions"
  while read -r st; do
    i=$((i + 1))
    reply=$(curl -fsS -D "$work/headers" -H 'Content-Type: application/json' \
      -d "{\"login\":\"desk-$i\",\"password\":\"$password\"}" "http://127.0.0.1:$port/api/session")
    # The session's cookie only: a login also sets the known-device one.
    cookie=$(grep -i '^set-cookie: *cardex_session=' "$work/headers" | sed -E 's/^[^:]*: *([^;]*).*/\1/' | tr -d '\r')
    csrf=$(echo "$reply" | sed -E 's/.*"csrf_token":"([^"]*)".*/\1/')
    echo "$st $cookie $csrf" >>"$work/sessions"
  done <"$work/stations.$1"
}

# Per-route mean server time from /metrics (ms), e.g. "lookup 1.2, ...".
# The whole /metrics text is kept in $work/metrics.LABEL (the server's own
# latency histograms by route, to set beside wrk's).
route_means() {
  curl -fsS "http://127.0.0.1:$port/metrics" | tee "$work/metrics.$1" | awk '
    /^cardex_http_request_duration_seconds_sum/ { match($0, /route="[^"]*"/); r = substr($0, RSTART + 7, RLENGTH - 8); sum[r] = $2 }
    /^cardex_http_request_duration_seconds_count/ { match($0, /route="[^"]*"/); r = substr($0, RSTART + 7, RLENGTH - 8); cnt[r] = $2 }
    END { for (r in cnt) if (cnt[r] > 0 && r ~ /desk|members/) { n = split(r, p, "/"); printf "%s %.1f; ", p[n], 1000 * sum[r] / cnt[r] } }'
}

# cpu_ticks PID: user + system CPU time the process used so far, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# db_ticks: the CPU ticks of the database server's processes (the
# postmaster $db_pid and its children: backends, WAL writer, checkpointer),
# 0 without one (SQLite works inside cardex serve). Backends that start
# during a run count from 0; none ends before the server stops.
db_pid=""
db_ticks() {
  [ -n "$db_pid" ] || { echo 0; return; }
  local p t=0
  for p in "$db_pid" $(ps -o pid= --ppid "$db_pid"); do
    t=$((t + $(cpu_ticks "$p" 2>/dev/null || echo 0)))
  done
  echo "$t"
}

# mint_passes SPEC QUERY: $work/passes, one member page pass per invited
# member (up to 2,000), signed under a pass secret the benchmark stores in
# the database (cardex/selfservice/pass.h: CODE.EXPIRY.HMAC-SHA-256 of
# "pass\nCODE.EXPIRY"): signing in 2,000 members through the page would
# meet its own sign-in throttle.
mint_passes() {
  local spec=$1 query=$2 secret expiry
  secret=$(openssl rand -hex 32)
  $query "DELETE FROM settings WHERE key = 'member_pass_secret';
          INSERT INTO settings (key, value) VALUES ('member_pass_secret', '$secret')" >/dev/null
  expiry=$(( $(date +%s) + 86400 ))
  : >"$work/passes"
  $query "SELECT invitation_code FROM appointments WHERE mode = 'station' ORDER BY member_no LIMIT 2000" |
    while read -r code; do
      mac=$(printf 'pass\n%s' "$code.$expiry" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$secret" | sed 's/.*= //')
      echo "cardex_member=$code.$expiry.$mac" >>"$work/passes"
    done
  echo "minted $(wc -l <"$work/passes") member page passes" >&2
}

rows=()
think_ms=0
with_members=0
# think_for JOURNEYS_PER_S: the mean wait before each request (ms) at which
# the connections offer about that many journeys a second (6 requests
# each), less a millisecond for the answer itself.
think_for() { awk -v c="$conns" -v j="$1" 'BEGIN { t = c * 1000 / (6 * j) - 1; printf "%.2f", t < 0.1 ? 0.1 : t }'; }
# run_cardex SPEC NAME LABEL [ENV...]
run_cardex() {
  local spec=$1 name=$2 label=$3
  shift 3
  start_cardex "$spec" "$@"
  login_all "$name"
  local out cpu0 cpu1 db0 db1
  cpu0=$(cpu_ticks "$server_pid")
  db0=$(db_ticks)
  local member_pid="" member_out="" member_log
  member_log="$work/wrk-member.$(echo "$label" | tr -c 'A-Za-z0-9=.\n-' _).log"
  if [ "$with_members" = 1 ]; then
    local member_think
    member_think=$(awk -v c="$member_conns" -v r="$member_rate" 'BEGIN { printf "%.2f", c * 1000 / r - 0.5 }')
    MEMBER_THINK_MS="$member_think" wrk -t 1 -c "$member_conns" -d "${seconds}s" --timeout 10s -s "$member_lua" \
      "http://127.0.0.1:$port" -- "$work/passes" >"$member_log" 2>&1 &
    member_pid=$!
  fi
  out=$(DESK_THINK_MS="$think_ms" ${BENCH_DESK_WRK_PREFIX:-} wrk -t "$wrk_threads" -c "$conns" -d "${seconds}s" --timeout 10s -s "$lua" \
    "http://127.0.0.1:$port" -- "$work/codes.$name" "$work/sessions" "$wrk_threads" "$photo" |
    tee "$work/wrk.$label.log" | grep '^RESULT' || true)
  cpu1=$(cpu_ticks "$server_pid")
  db1=$(db_ticks)
  if [ -n "$member_pid" ]; then
    wait "$member_pid" || true
    member_out=$(grep '^RESULT' "$member_log" || true)
    [ -n "$member_out" ] || { echo "the member page's wrk gave no result:" >&2; cat "$member_log" >&2; }
    mf() { echo "$member_out" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
    member_rows+=("| $label | $member_rate | $(mf requests_per_s) | $(mf p50_ms) | $(mf p90_ms) | $(mf p99_ms) | $(mf max_ms) | $(($(mf non2xx) + $(mf socket_errors))) |")
  fi
  local means
  means=$(route_means "$(echo "$label" | tr -c 'A-Za-z0-9=.\n-' _)" || echo "(no /metrics answer)")
  stop_cardex
  [ -n "$out" ] || { echo "wrk gave no result; see $work/wrk.$label.log" >&2; cat "$work/wrk.$label.log" >&2; exit 1; }
  echo "$label: $out" >&2
  echo "  load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  echo "  server mean ms per step: $means" >&2
  local f
  f() { echo "$out" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
  # The server's CPU per journey: what the load of a shared machine
  # changes least (journeys/s and the tail follow the CPU left over).
  # For PostgreSQL the database's own processes do much of the work that
  # SQLite does inside the server: their CPU is a column of its own.
  per_journey() {
    awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v j="$(f journeys)" \
      'BEGIN { printf "%.2f", (j > 0 ? 1000 * t / hz / j : 0) }'
  }
  local cpu_ms db_ms=""
  cpu_ms=$(per_journey "$((cpu1 - cpu0))")
  [ -z "$db_pid" ] || db_ms=$(per_journey "$((db1 - db0))")
  rows+=("| $label | $(f journeys_per_s) | $(f requests_per_s) | $(f p50_ms) | $(f p99_ms) | $(f max_ms) | $(($(f non2xx) + $(f socket_errors))) | $(f journeys) | $cpu_ms | $db_ms |")
  [ "$(f exhausted)" = 0 ] || echo "WARNING: $label ran out of invited members; raise BENCH_DESK_MEMBERS" >&2
}

case "${BENCH_DESK_ROLLUPS:-both}" in
  on) rollup_modes=(on) ;;
  off) rollup_modes=(off) ;;
  both) rollup_modes=(on off) ;;
  *) echo "BENCH_DESK_ROLLUPS must be on, off or both" >&2; exit 2 ;;
esac
# rollup_env MODE: the server's environment for it; rollup_label MODE
rollup_env() { [ "$1" = off ] && echo "CARDEX_BENCH_NO_ROLLUPS=1" || echo "CARDEX_BENCH_NO_ROLLUPS=0"; }
rollup_label() { [ "$1" = off ] && echo ", roll-ups off" || echo ""; }
# restart_after_kill SPEC LABEL [ENV...]: serves SPEC under the journeys'
# load, kills the server with SIGKILL in the middle of it, and times the
# restart until /healthz answers (issue 5 asks for under a second). The
# restarted server checks nothing more than at any start: SQLite recovers
# the WAL at its first read.
restart_rows=()
restart_after_kill() {
  local spec=$1 name=$2 label=$3
  shift 3
  start_cardex "$spec" "$@"
  login_all "$name"
  DESK_THINK_MS=0 wrk -t "$wrk_threads" -c "$conns" -d 4s --timeout 10s -s "$lua" \
    "http://127.0.0.1:$port" -- "$work/codes.$name" "$work/sessions" "$wrk_threads" "$photo" \
    >/dev/null 2>&1 &
  local wrk_pid=$!
  sleep 2
  kill -KILL "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
  wait "$wrk_pid" 2>/dev/null || true
  local t0 t1
  t0=$(date +%s.%N)
  start_cardex "$spec" "$@"
  t1=$(date +%s.%N)
  stop_cardex
  restart_rows+=("| $label | $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') |")
}
# --- SQLite ---
if [ "${BENCH_SQLITE:-1}" != 0 ]; then
  template="$work/template.db"
  if [ ! -f "$template" ] || [ ! -f "$work/codes.sqlite" ]; then
    rm -f "$template" "$template-wal" "$template-shm"
    prepare "$template" sqlite "sqlite3 $template"
fi
roll_ups "$template"  # a template made before the roll-ups existed gets them
[ -z "$member_rate" ] || mint_passes "$template" "sqlite3 $template"
sqlite3 "$template" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
for sync in ${BENCH_DESK_SYNC:-NORMAL FULL}; do
  for mode in "${rollup_modes[@]}"; do
    for pace in "" ${BENCH_DESK_PACE-500}; do
      for with_members in 0 $([ -n "$member_rate" ] && echo 1); do
        db="$work/run.db"
        rm -f "$db" "$db-wal" "$db-shm"
        cp "$template" "$db"
        think_ms=$([ -n "$pace" ] && think_for "$pace" || echo 0)
        run_cardex "$db" sqlite "cardex, SQLite (synchronous=$sync)$(rollup_label "$mode")${pace:+, offered $pace journeys/s}$([ "$with_members" = 1 ] && echo ", with the member page at $member_rate a second")" \
          "CARDEX_SQLITE_SYNCHRONOUS=$sync" "$(rollup_env "$mode")"
      done
      with_members=0
    done
  done
done
if [ "${BENCH_DESK_RESTART:-1}" != 0 ]; then
  db="$work/run.db"
  rm -f "$db" "$db-wal" "$db-shm"
  cp "$template" "$db"
  restart_after_kill "$db" sqlite "cardex, SQLite" "CARDEX_SQLITE_SYNCHRONOUS=NORMAL"
fi

fi

# --- PostgreSQL ---
if [ "${BENCH_PG:-1}" != 0 ]; then
  pg_dir="$work/pg"
  bash "$root/scripts/pg_test_server.sh" start "$pg_dir" >&2
  admin=$(cat "$pg_dir/url")
  # pg_test_server.sh turns durability off for tests; a benchmark wants it
  # on. synchronous_commit=off is PostgreSQL's match for SQLite's WAL with
  # synchronous=NORMAL (a crash of the machine may lose the last commits,
  # never consistency); =on matches synchronous=FULL.
  psql -q "$admin" -c "ALTER SYSTEM SET fsync = on" -c "ALTER SYSTEM SET full_page_writes = on" \
    -c "SELECT pg_reload_conf()" >/dev/null
  psql -q "$admin" -c "CREATE DATABASE desk" >/dev/null
  pgspec="${admin%/*}/desk"
  prepare "$pgspec" pg "psql -qAt $pgspec -c"
  # What autovacuum gives a database that has been running for a while:
  # planner statistics and a visibility map for the freshly loaded tables.
  # Only those: statistics saying "empty" for the tables the desks fill
  # (exchange, idempotency_keys, photos...) would make the server's
  # prepared statements plan sequential scans of them, which autovacuum
  # corrects only a while into the day (it analyzes a table after about
  # 10 % of new rows, and never analyzes one that nothing has written).
  loaded=$(psql -qAt "$pgspec" -c "SELECT string_agg(quote_ident(relname), ', ')
                                   FROM pg_stat_user_tables WHERE n_live_tup > 0")
  psql -q "$pgspec" -c "VACUUM ANALYZE $loaded" -c "CHECKPOINT" >/dev/null
  pg_base=$pg_dir
  [ -f "$pg_dir/basedir" ] && pg_base=$(cat "$pg_dir/basedir")
  db_pid=$(head -n 1 "$pg_base/data/postmaster.pid")
  for sc in off on; do
    psql -q "$admin" -c "ALTER SYSTEM SET synchronous_commit = $sc" -c "SELECT pg_reload_conf()" >/dev/null
    for mode in "${rollup_modes[@]}"; do
      for pace in "" ${BENCH_DESK_PACE-500}; do
        think_ms=$([ -n "$pace" ] && think_for "$pace" || echo 0)
        run_cardex "$pgspec" pg "cardex, PostgreSQL (synchronous_commit=$sc)$(rollup_label "$mode")${pace:+, offered $pace journeys/s}" \
          "$(rollup_env "$mode")"
        # The next run needs members nobody touched.
        untouched_codes pg "psql -qAt $pgspec -c"
        echo "pg: $(wc -l <"$work/codes.pg") invited members left untouched" >&2
      done
    done
  done
  [ "${BENCH_DESK_RESTART:-1}" = 0 ] || restart_after_kill "$pgspec" pg "cardex, PostgreSQL"
  db_pid=""
fi

# print_table [NGINX_ROW]
print_table() {
  echo
  echo "wrk -t $wrk_threads -c $conns -d ${seconds}s on 127.0.0.1; cardex serve --threads $server_threads;" \
    "$(nproc) cores; photo $photo bytes; $members members generated"
  echo
  echo "| server | journeys/s | requests/s | p50 ms | p99 ms | max ms | errors | journeys | server CPU ms/journey | PostgreSQL CPU ms/journey |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for r in "${rows[@]}"; do echo "$r"; done
  [ -z "${1:-}" ] || echo "$1"
  if [ "${#member_rows[@]}" -gt 0 ]; then
    echo
    echo "The members' public page (GET /member/appointment with a pass; bench/member_page.lua," \
      "wrk -t 1 -c $member_conns, open load at the offered rate) beside the desks of the same run:"
    echo
    echo "| run | offered req/s | req/s | p50 ms | p90 ms | p99 ms | max ms | errors |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for r in "${member_rows[@]}"; do echo "$r"; done
  fi
  if [ "${#restart_rows[@]}" -gt 0 ]; then
    echo
    echo "| restart after SIGKILL mid-load | seconds until /healthz answers |"
    echo "| --- | ---: |"
    for r in "${restart_rows[@]}"; do echo "$r"; done
  fi
  echo
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# --- nginx: the ceiling ---
if [ "${BENCH_NGINX:-1}" = 0 ]; then
  print_table
  exit 0
fi
nginx_dir="$work/nginx"
rm -rf "$nginx_dir"
mkdir -p "$nginx_dir/www" "$nginx_dir/logs"
printf '{"members":[{"member_no":"0000000","state":"invited"}]}\n' >"$nginx_dir/www/index.json"
nport=$(free_port)
cat >"$nginx_dir/nginx.conf" <<EOF
$( [ "$(id -u)" = 0 ] && echo "user root;" )
worker_processes 2;
pid $nginx_dir/nginx.pid;
error_log $nginx_dir/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $nginx_dir/tmp;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nport;
    root $nginx_dir/www;
  }
}
EOF
nginx -p "$nginx_dir" -c "$nginx_dir/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
for _ in $(seq 1 200); do
  curl -fs "http://127.0.0.1:$nport/index.json" >/dev/null 2>&1 && break
  sleep 0.02
done
cat >"$work/plain.lua" <<'EOF'
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests_per_s=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.status + e.connect + e.read + e.write + e.timeout))
end
EOF
nout=$(wrk -t "$wrk_threads" -c "$conns" -d "${seconds}s" -s "$work/plain.lua" \
  "http://127.0.0.1:$nport/index.json" | grep '^RESULT')
kill "$nginx_pid"
wait "$nginx_pid" 2>/dev/null || true
nginx_pid=""
g() { echo "$nout" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
print_table "| nginx, static file (ceiling) | | $(g requests_per_s) | $(g p50_ms) | $(g p99_ms) | $(g max_ms) | $(g errors) | | | |"
