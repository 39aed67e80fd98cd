#!/usr/bin/env bash
# pg_pitr_test.sh CARDEX: docs/operations.md's PostgreSQL backup on a
# throw-away server: WAL archiving on, a base backup (pg_basebackup), more
# writes, then a point-in-time restore to a moment between two of them. The
# restored database holds what was written before the moment, not what came
# after, and its audit chain verifies.
set -uo pipefail
cardex=$1
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV | head -1)
[ -x "$bindir/initdb" ] || { echo "FAIL: no PostgreSQL server binaries (scripts/deps.sh: postgresql)"; exit 1; }
work=$(mktemp -d /tmp/cardex-pitr.XXXXXX)
chmod 755 "$work"
if [ "$(id -u)" = 0 ]; then as_pg() { runuser -u postgres -- "$@"; }; owner=postgres; else as_pg() { "$@"; }; owner=$(id -un); fi
mkdir -p "$work/wal" "$work/sock" && chown "$owner" "$work" "$work/wal" "$work/sock"
data="$work/data"
pg_ctl() { as_pg "$bindir/pg_ctl" -D "$data" -l "$work/server.log" -w "$@" >/dev/null; }
trap 'pg_ctl stop -m immediate 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; tail -5 "$work/server.log" 2>/dev/null; exit 1; }
port=$((20000 + RANDOM % 40000))

as_pg "$bindir/initdb" -D "$data" -U postgres --auth=trust >/dev/null || fail initdb
cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$work/sock'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $work/wal/%f && cp %p $work/wal/%f'
fsync = off
CONF
pg_ctl start || fail "start"
url="postgresql://postgres@127.0.0.1:$port/cardex"
as_pg "$bindir/psql" -qX -h 127.0.0.1 -p "$port" -U postgres -c "CREATE DATABASE cardex" postgres >/dev/null || fail "createdb"
q() { "$bindir/psql" -qtAX "$url" -c "$1"; }
add_user() { printf 'pitr-password-1\n' | "$cardex" --db "$url" user add "$1" --role inspector >/dev/null || fail "user add $1"; }

"$cardex" --db "$url" init >/dev/null || fail "cardex init"
add_user before_base
as_pg "$bindir/pg_basebackup" -h 127.0.0.1 -p "$port" -U postgres -D "$work/base" -Ft -z -Xfetch -c fast \
  || fail "pg_basebackup"
add_user after_base
sleep 1.1
target=$(q "SELECT now()")
sleep 1.1
add_user after_target
# The segment holding the last write is archived before the server stops.
seg=$(q "SELECT pg_walfile_name(pg_switch_wal())")
for _ in $(seq 300); do [ -f "$work/wal/$seg" ] && break; sleep 0.1; done
[ -f "$work/wal/$seg" ] || fail "WAL segment $seg not archived"
pg_ctl stop -m fast || fail "stop"

# The point-in-time restore, as docs/operations.md describes it.
rm -rf "$data"
as_pg mkdir -m 0700 "$data"
as_pg tar -xzf "$work/base/base.tar.gz" -C "$data" || fail "untar base"
cat >>"$data/postgresql.conf" <<CONF
restore_command = 'cp $work/wal/%f %p'
recovery_target_time = '$target'
recovery_target_action = 'promote'
CONF
as_pg touch "$data/recovery.signal"
pg_ctl start || fail "start in recovery"
for _ in $(seq 300); do
  [ "$(q "SELECT pg_is_in_recovery()" 2>/dev/null)" = f ] && break
  sleep 0.1
done
[ "$(q "SELECT pg_is_in_recovery()")" = f ] || fail "still in recovery"
users=$("$cardex" --db "$url" user list | tail -n +2 | cut -d, -f1 | sort | paste -sd' ')
[ "$users" = "after_base before_base" ] || fail "restored to the wrong moment: users $users (target $target)"
"$cardex" --db "$url" audit verify >/dev/null || fail "audit verify after the restore"
echo "pg_pitr_test: ok (restored to $target: $users)"
