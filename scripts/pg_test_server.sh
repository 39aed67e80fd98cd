#!/usr/bin/env bash
# A throw-away PostgreSQL server for tests.
#
#   pg_test_server.sh start DIR   initdb in DIR, start on a free 127.0.0.1 port,
#                                 write the admin URL to DIR/url
#   pg_test_server.sh stop DIR    stop the server and remove DIR
#
# The ctest fixture pg_server calls both (tests/CMakeLists.txt). Durability is
# switched off (fsync=off): the data is worthless once the tests end.
#
# initdb refuses to run as root, so as root the cluster belongs to the
# `postgres` system user (from the Debian package) and every server command
# runs through `runuser -u postgres --`. A stale DIR from an interrupted run is
# stopped and wiped before a new start.
set -euo pipefail

usage() {
  echo "usage: $0 start DIR | stop DIR" >&2
  exit 2
}

[[ $# -eq 2 ]] || usage
action=$1
dir=$2
[[ -n "$dir" && "$dir" != "/" ]] || usage
dir=$(realpath -m -- "$dir")

find_bindir() {
  local d
  for d in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
    if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then
      echo "$d"
      return
    fi
  done
  if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
    dirname "$(command -v pg_ctl)"
    return
  fi
  echo "pg_test_server: no PostgreSQL server binaries (initdb, pg_ctl) found;" \
    "install the postgresql package (scripts/deps.sh)" >&2
  exit 1
}

bindir=$(find_bindir)

# as_owner CMD...: runs CMD as the user who owns the cluster.
if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || {
    echo "pg_test_server: running as root needs the 'postgres' system user" >&2
    exit 1
  }
  as_owner() { runuser -u postgres -- "$@"; }
else
  as_owner() { "$@"; }
fi

# The cluster (data/ and server.log) lives in DIR unless DIR/basedir names
# another place (as root, when the postgres user cannot write into DIR).
base_dir_of() {
  if [[ -f "$1/basedir" ]]; then cat "$1/basedir"; else echo "$1"; fi
}

stop_server() {
  local base data
  [[ -e "$dir" ]] || return 0
  base=$(base_dir_of "$dir")
  data="$base/data"
  if [[ -f "$data/postmaster.pid" ]]; then
    as_owner "$bindir/pg_ctl" -D "$data" stop -m fast -w -t 30 >/dev/null 2>&1 ||
      as_owner "$bindir/pg_ctl" -D "$data" stop -m immediate -w -t 30 >/dev/null 2>&1 || true
  fi
  if [[ "$base" != "$dir" ]]; then rm -rf -- "$base"; fi
  if [[ -f "$dir/sockdir" ]]; then rm -rf -- "$(cat "$dir/sockdir")"; fi
  rm -rf -- "$dir"
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start_server() {
  stop_server
  mkdir -p -- "$dir"
  local base="$dir"
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$dir"
    if ! as_owner test -w "$dir"; then
      # A parent directory shuts the postgres user out: keep the cluster in /tmp.
      base=$(mktemp -d /tmp/cardex-pg.XXXXXX)
      chown postgres: "$base"
      echo "$base" >"$dir/basedir"
    fi
  fi
  local data="$base/data" log="$base/server.log" sock="$base/sock"
  # A unix socket path is limited to 107 bytes.
  if (( ${#sock} > 90 )); then
    sock=$(mktemp -d /tmp/cardex-pg-sock.XXXXXX)
    echo "$sock" >"$dir/sockdir"
  else
    mkdir -p "$sock"
  fi
  [[ $(id -u) -eq 0 ]] && chown postgres: "$sock"

  local locale=C.UTF-8
  locale -a 2>/dev/null | grep -qix 'c.utf-\?8' || locale=C
  if ! as_owner "$bindir/initdb" -D "$data" -A trust -U cardex -E UTF8 \
      --locale="$locale" --no-sync >"$dir/initdb.log" 2>&1; then
    echo "pg_test_server: initdb failed:" >&2
    cat "$dir/initdb.log" >&2
    exit 1
  fi
  cat >>"$data/postgresql.conf" <<EOF
# pg_test_server.sh: a disposable test server.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sock'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF

  local attempt port
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$(( 20000 + RANDOM % 40000 ))
    port_in_use "$port" && continue
    if as_owner "$bindir/pg_ctl" -D "$data" -l "$log" -o "-p $port" \
        -w -t 60 start >/dev/null 2>&1; then
      local i
      for i in $(seq 1 100); do
        if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U cardex -d postgres; then
          echo "postgresql://cardex@127.0.0.1:$port/postgres" >"$dir/url"
          echo "pg_test_server: ready at postgresql://cardex@127.0.0.1:$port/postgres"
          return 0
        fi
        sleep 0.1
      done
      echo "pg_test_server: server started but does not answer on port $port" >&2
      cat "$log" >&2
      exit 1
    fi
    # Lost a race for the port? Try another; any other failure is fatal.
    if ! grep -q -e 'could not bind' -e 'already in use' "$log" 2>/dev/null; then
      echo "pg_test_server: pg_ctl start failed (attempt $attempt):" >&2
      cat "$log" >&2 || true
      exit 1
    fi
    as_owner "$bindir/pg_ctl" -D "$data" stop -m immediate >/dev/null 2>&1 || true
    : >"$log"
  done
  echo "pg_test_server: no free port found after 10 attempts" >&2
  exit 1
}

case "$action" in
  start) start_server ;;
  stop) stop_server ;;
  *) usage ;;
esac
