#!/usr/bin/env bash
# A throw-away streaming standby of a test PostgreSQL server (the pg_server
# fixture's, scripts/pg_test_server.sh), for the tests of the reads that go
# to a standby (tests/http/standby_reads_test.cc).
#
#   pg_test_standby.sh start DIR PRIMARY_URL   pg_basebackup -R of the primary
#                                              (loopback, trust), started on a
#                                              free 127.0.0.1 port written to
#                                              DIR/port once it accepts reads
#   pg_test_standby.sh stop DIR                stop it (immediately) and remove DIR
#   pg_test_standby.sh halt DIR                stop it, keep DIR (the standby is gone)
#   pg_test_standby.sh freeze|thaw DIR         SIGSTOP / SIGCONT its postmaster and
#                                              every process of it (a hung machine)
#
# As root every server command runs as the `postgres` user, like
# pg_test_server.sh; the data then lives in a /tmp directory it owns.
set -euo pipefail

usage() {
  echo "usage: $0 start DIR PRIMARY_URL | stop DIR | halt DIR | freeze DIR | thaw DIR" >&2
  exit 2
}

[[ $# -ge 2 ]] || usage
action=$1
dir=$(realpath -m -- "$2")
[[ -n "$dir" && "$dir" != "/" ]] || usage

bindir=
for d in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
  if [[ -x "$d/pg_basebackup" && -x "$d/pg_ctl" ]]; then bindir=$d; break; fi
done
[[ -n "$bindir" ]] || { echo "pg_test_standby: no pg_basebackup/pg_ctl found" >&2; exit 1; }

if [[ $(id -u) -eq 0 ]]; then
  as_owner() { runuser -u postgres -- "$@"; }
else
  as_owner() { "$@"; }
fi

data_of() { cat "$dir/base" 2>/dev/null; }

halt() {
  local base
  base=$(data_of) || return 0
  [[ -n "$base" && -f "$base/data/postmaster.pid" ]] || return 0
  as_owner "$bindir/pg_ctl" -D "$base/data" stop -m immediate -w -t 30 >/dev/null 2>&1 || true
}

stop() {
  [[ -e "$dir" ]] || return 0
  halt
  local base
  base=$(data_of) || true
  [[ -n "$base" && "$base" == /tmp/cardex-standby.* ]] && rm -rf -- "$base"
  rm -rf -- "$dir"
}

# signal SIG: to the standby's postmaster and its children, by their ids.
signal() {
  local base pid
  base=$(data_of)
  pid=$(head -n 1 "$base/data/postmaster.pid")
  [[ "$pid" =~ ^[0-9]+$ ]] || { echo "pg_test_standby: no postmaster" >&2; exit 1; }
  # Children first when stopping (none forks a new one meanwhile), the
  # postmaster first when continuing.
  if [[ $1 == STOP ]]; then
    kill -STOP $(pgrep -P "$pid") 2>/dev/null || true
    kill -STOP "$pid"
  else
    kill -CONT "$pid"
    kill -CONT $(pgrep -P "$pid") 2>/dev/null || true
  fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  local primary=$1
  stop
  mkdir -p -- "$dir"
  local base
  base=$(mktemp -d /tmp/cardex-standby.XXXXXX)
  echo "$base" >"$dir/base"
  [[ $(id -u) -eq 0 ]] && chown postgres: "$base"
  # -R writes primary_conninfo and standby.signal; -X stream copies the WAL
  # the backup needs; a fast checkpoint starts it at once.
  if ! as_owner "$bindir/pg_basebackup" -d "$primary" -D "$base/data" -R -X stream -c fast \
      >"$dir/basebackup.log" 2>&1; then
    echo "pg_test_standby: pg_basebackup failed:" >&2
    cat "$dir/basebackup.log" >&2
    exit 1
  fi
  mkdir -p "$base/sock"
  [[ $(id -u) -eq 0 ]] && chown postgres: "$base/sock"
  cat >>"$base/data/postgresql.conf" <<EOF
# pg_test_standby.sh: a disposable standby.
unix_socket_directories = '$base/sock'
hot_standby = on
EOF
  local attempt port
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$(( 20000 + RANDOM % 40000 ))
    port_in_use "$port" && continue
    if as_owner "$bindir/pg_ctl" -D "$base/data" -l "$base/server.log" -o "-p $port" \
        -w -t 60 start >/dev/null 2>&1; then
      local i
      for i in $(seq 1 300); do
        if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U cardex -d postgres; then
          echo "$port" >"$dir/port"
          echo "pg_test_standby: standby at 127.0.0.1:$port"
          return 0
        fi
        sleep 0.1
      done
      echo "pg_test_standby: the standby does not answer on port $port" >&2
      cat "$base/server.log" >&2
      exit 1
    fi
    if ! grep -q -e 'could not bind' -e 'already in use' "$base/server.log" 2>/dev/null; then
      echo "pg_test_standby: pg_ctl start failed:" >&2
      cat "$base/server.log" >&2 || true
      exit 1
    fi
    : >"$base/server.log"
  done
  echo "pg_test_standby: no free port found" >&2
  exit 1
}

case "$action" in
  start) [[ $# -eq 3 ]] || usage; start "$3" ;;
  stop) stop ;;
  halt) halt ;;
  freeze) signal STOP ;;
  thaw) signal CONT ;;
  *) usage ;;
esac
