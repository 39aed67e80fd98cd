#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for fault tests and benchmarks: three
# "machines", each a network namespace with its own address, running one
# etcd member, one Patroni and one PostgreSQL 15; synchronous replication
# (Patroni's synchronous_mode). A fourth namespace, the hub, joins them
# through a bridge and is where clients (cardex, the tests) run.
#
#   ha_cluster.sh start DIR        build and start it; writes into DIR:
#                                    url          multi-host URL, target_session_attrs=read-write
#                                    standby_url  the same, preferring a standby (stale reads)
#                                    netns        the hub namespace (ip netns exec "$(cat DIR/netns)" ...)
#                                    node1.yml..  Patroni configs (patronictl -c DIR/node1.yml ...)
#   ha_cluster.sh stop DIR         stop everything and remove DIR and the namespaces
#   ha_cluster.sh leader DIR       the leader's node number (1-3)
#   ha_cluster.sh postmaster DIR N node N's postmaster pid
#   ha_cluster.sh procs DIR N [NAME]  node N's processes (etcd, patroni, postgres; all)
#   ha_cluster.sh freeze DIR N     SIGSTOP every process of node N (a hung machine); thaw: SIGCONT
#   ha_cluster.sh cut DIR N        unplug node N's cable (a partition: it reaches no one); heal: plug it back
#   ha_cluster.sh etcd-leader DIR  the node whose etcd member leads
#   ha_cluster.sh etcd-kill DIR N  SIGKILL node N's etcd member; etcd-start: start it again
#   ha_cluster.sh switchover DIR   a planned switchover to the synchronous standby
#   ha_cluster.sh wait DIR         until a leader, a streaming sync standby and a replica are there
#
# The namespaces only exist inside this machine (10.200.0.0/24 on a bridge
# in the hub namespace); nothing touches the host's network. Durability is
# off (fsync=off): the data is worthless once the tests end; the cluster
# still acknowledges a commit only once the synchronous standby has it.
#
# Timing (docs/ha.md explains the production values): ttl 12 s,
# loop_wait 2 s, retry_timeout 5 s; HA_PRIMARY_START_TIMEOUT (default 0)
# is how long Patroni tries to restart a crashed primary in place before it
# fails over (0: fail over at once, which synchronous mode makes safe).
#
# Needs root (namespaces) and the Debian packages patroni, etcd-server,
# etcd-client, postgresql-15 (scripts/deps.sh).
set -euo pipefail

usage() {
  sed -n '/^#   ha_cluster.sh/,/^#$/p' "$0" >&2
  exit 2
}

[[ $# -ge 2 ]] || usage
action=$1
dir=$(realpath -m -- "$2")
[[ -n "$dir" && "$dir" != "/" ]] || usage

bindir=/usr/lib/postgresql/15/bin
# The system Python (Patroni's), not a shim on PATH: it starts in milliseconds.
py=/usr/bin/python3
subnet=10.200.0
hub_ip=$subnet.1
node_ip() { echo "$subnet.$((10 + $1))"; }

prefix() { cat "$dir/prefix"; }
hub() { echo "$(prefix)h"; }
ns() { echo "$(prefix)$1"; }
in_hub() { ip netns exec "$(hub)" "$@"; }

need() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || [[ -x "$tool" ]] || {
      echo "ha_cluster: $tool not found; run scripts/deps.sh (patroni, etcd-server, etcd-client)" >&2
      exit 1
    }
  done
}

cluster_json() {
  local i
  for i in 1 2 3; do
    if in_hub curl -s -m 2 "http://$(node_ip "$i"):8008/cluster" 2>/dev/null; then return 0; fi
  done
  return 1
}

# The node whose Patroni says, about itself, that it runs the primary and
# holds the leader key (GET /primary answers 200 only there). Not /cluster:
# that is one node's cached view of etcd, which a node thawed or healed a
# moment ago may still serve stale, so a fault test would strike a replica.
leader() {
  local i
  for i in 1 2 3; do
    if [[ $(in_hub curl -s -m 2 -o /dev/null -w '%{http_code}' "http://$(node_ip "$i"):8008/primary" 2>/dev/null) == 200 ]]; then
      echo "$i"
      return 0
    fi
  done
}

# A leader running, a sync standby streaming from it (the state in which
# a commit is acknowledged) and the third member back as a replica.
healthy() {
  cluster_json 2>/dev/null | "$py" -c '
import json, sys
ms = json.load(sys.stdin)["members"]
lead = [m for m in ms if m["role"] == "leader" and m["state"] == "running"]
sync = [m for m in ms if m["role"] == "sync_standby" and m["state"] in ("streaming", "running")]
rest = [m for m in ms if m["role"] == "replica" and m["state"] in ("streaming", "running")]
sys.exit(0 if lead and sync and len(lead) + len(sync) + len(rest) == 3 else 1)' 2>/dev/null
}

# wait_healthy SECONDS
wait_healthy() {
  local until=$((SECONDS + $1))
  while ((SECONDS < until)); do
    healthy && return 0
    sleep 0.2
  done
  echo "ha_cluster: no leader with a synchronous standby" >&2
  cluster_json >&2 || true
  return 1
}

stop_cluster() {
  [[ -d "$dir" ]] || return 0
  if [[ -f "$dir/prefix" ]]; then
    local n pid
    # Patroni first (it stops its PostgreSQL), then whatever is left.
    for n in 1 2 3; do
      [[ -f "$dir/patroni$n.pid" ]] && kill -CONT "$(cat "$dir/patroni$n.pid")" 2>/dev/null || true
      [[ -f "$dir/patroni$n.pid" ]] && kill -TERM "$(cat "$dir/patroni$n.pid")" 2>/dev/null || true
    done
    for n in 1 2 3; do
      for pid in $(ip netns pids "$(ns "$n")" 2>/dev/null); do kill -CONT "$pid" 2>/dev/null || true; done
    done
    sleep 1
    for n in 1 2 3 h; do
      for pid in $(ip netns pids "$(ns "$n")" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
      ip netns del "$(ns "$n")" 2>/dev/null || true
    done
  fi
  if [[ -f "$dir/basedir" ]]; then rm -rf -- "$(cat "$dir/basedir")"; fi
  rm -rf -- "$dir"
}

make_network() {
  local h n
  h=$(hub)
  ip netns add "$h"
  ip -n "$h" link set lo up
  ip -n "$h" link add br0 type bridge
  ip -n "$h" addr add "$hub_ip/24" dev br0
  ip -n "$h" link set br0 up
  for n in 1 2 3; do
    ip netns add "$(ns "$n")"
    ip -n "$(ns "$n")" link set lo up
    ip link add "$(prefix)v$n" netns "$(ns "$n")" type veth peer name "$(prefix)b$n" netns "$h"
    ip -n "$(ns "$n")" link set "$(prefix)v$n" name eth0
    ip -n "$(ns "$n")" addr add "$(node_ip "$n")/24" dev eth0
    ip -n "$(ns "$n")" link set eth0 up
    ip -n "$h" link set "$(prefix)b$n" master br0
    ip -n "$h" link set "$(prefix)b$n" up
  done
}

start_etcd() {
  local n=$1 base=$2 initial=""
  local i
  for i in 1 2 3; do initial+="${initial:+,}e$i=http://$(node_ip "$i"):2380"; done
  mkdir -p "$base/etcd$n"
  chown postgres: "$base/etcd$n"
  chmod 700 "$base/etcd$n"
  ip netns exec "$(ns "$n")" runuser -u postgres -- setsid etcd --name "e$n" \
    --data-dir "$base/etcd$n" \
    --listen-client-urls "http://$(node_ip "$n"):2379" \
    --advertise-client-urls "http://$(node_ip "$n"):2379" \
    --listen-peer-urls "http://$(node_ip "$n"):2380" \
    --initial-advertise-peer-urls "http://$(node_ip "$n"):2380" \
    --initial-cluster "$initial" --initial-cluster-state new \
    --initial-cluster-token cardex-ha --heartbeat-interval 100 --election-timeout 1000 \
    --enable-v2=true \
    >"$dir/etcd$n.log" 2>&1 </dev/null &
  echo $! >"$dir/etcd$n.pid"
}

write_patroni_config() {
  local n=$1 base=$2 ip
  ip=$(node_ip "$n")
  cat >"$dir/node$n.yml" <<EOF
scope: cardex
name: pg$n
restapi:
  listen: $ip:8008
  connect_address: $ip:8008
# etcd's v2 protocol, not etcd3: Debian 12's Patroni 3.0.2 renews an expired
# leader key over etcd3 with an unconditional put, so a primary thawed after
# a fail-over takes the key back from the new one (docs/ha.md, "Patroni 3.0.2
# and etcd3"). Over v2 the renewal compares the key's value first.
etcd:
  hosts: $(node_ip 1):2379,$(node_ip 2):2379,$(node_ip 3):2379
bootstrap:
  dcs:
    ttl: 12
    loop_wait: 2
    retry_timeout: 5
    maximum_lag_on_failover: 1048576
    primary_start_timeout: ${HA_PRIMARY_START_TIMEOUT:-0}
    synchronous_mode: true
    synchronous_mode_strict: true
    synchronous_node_count: 1
    postgresql:
      use_pg_rewind: true
      remove_data_directory_on_rewind_failure: true
      remove_data_directory_on_diverged_timelines: true
      parameters:
        wal_level: replica
        hot_standby: "on"
        wal_log_hints: "on"
        max_wal_senders: 10
        max_replication_slots: 10
        max_connections: 200
        fsync: "off"
        wal_keep_size: 256MB
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
  pg_hba:
    - local all all trust
    - host all all $subnet.0/24 trust
    - host replication replicator $subnet.0/24 trust
    - host all all 127.0.0.1/32 trust
postgresql:
  listen: $ip:5432
  connect_address: $ip:5432
  data_dir: $base/pg$n/data
  bin_dir: $bindir
  pgpass: $base/pg$n/pgpass
  authentication:
    superuser:
      username: cardex
      password: cardex
    replication:
      username: replicator
      password: replicator
    rewind:
      username: cardex
      password: cardex
  parameters:
    unix_socket_directories: $base/pg$n
tags:
  nofailover: false
  noloadbalance: false
EOF
  mkdir -p "$base/pg$n"
  chown postgres: "$base/pg$n"
  chmod 700 "$base/pg$n"
}

start_patroni() {
  local n=$1
  ip netns exec "$(ns "$n")" runuser -u postgres -- setsid patroni "$dir/node$n.yml" \
    >"$dir/patroni$n.log" 2>&1 </dev/null &
  echo $! >"$dir/patroni$n.pid"
}

start_cluster() {
  [[ $(id -u) -eq 0 ]] || { echo "ha_cluster: needs root (network namespaces)" >&2; exit 1; }
  need ip etcd etcdctl patroni patronictl curl "$bindir/postgres"
  id postgres >/dev/null 2>&1 || { echo "ha_cluster: needs the 'postgres' system user" >&2; exit 1; }
  stop_cluster
  mkdir -p "$dir"
  chmod 755 "$dir"
  # Interface names are short (15 bytes): a random prefix per cluster.
  printf 'cx%04x' $((RANDOM % 65536)) >"$dir/prefix"
  echo "$(hub)" >"$dir/netns"
  # The postgres user must reach its data: keep it in /tmp.
  local base
  base=$(mktemp -d /tmp/cardex-ha.XXXXXX)
  chmod 755 "$base"
  echo "$base" >"$dir/basedir"
  make_network
  local n
  for n in 1 2 3; do start_etcd "$n" "$base"; done
  for n in 1 2 3; do write_patroni_config "$n" "$base"; done
  chmod 644 "$dir"/node*.yml
  # Node 1 first, so that it bootstraps; the others copy it.
  start_patroni 1
  for n in $(seq 1 300); do
    [[ -n "$(leader 2>/dev/null)" ]] && break
    sleep 0.2
  done
  start_patroni 2
  start_patroni 3
  wait_healthy 300 || { tail -30 "$dir"/patroni*.log >&2; exit 1; }
  local hosts="" i
  for i in 1 2 3; do hosts+="${hosts:+,}$(node_ip "$i"):5432"; done
  local lead
  lead=$(leader)
  in_hub "$bindir/psql" -q -h "$(node_ip "$lead")" -U cardex -d postgres -c "CREATE DATABASE cardex" >/dev/null
  echo "postgresql://cardex@$hosts/cardex?target_session_attrs=read-write&connect_timeout=2" >"$dir/url"
  echo "postgresql://cardex@$hosts/cardex?target_session_attrs=prefer-standby&connect_timeout=2" >"$dir/standby_url"
  echo "ha_cluster: ready; leader pg$lead; clients run in namespace $(hub): $(cat "$dir/url")"
}

postmaster_pid() {
  local base
  base=$(cat "$dir/basedir")
  head -1 "$base/pg$1/data/postmaster.pid" 2>/dev/null
}

# procs N [NAME]: the processes of machine N (named NAME: etcd, patroni,
# postgres), all of them without a name.
procs() {
  local pid
  for pid in $(ip netns pids "$(ns "$1")" 2>/dev/null); do
    if [[ -z "${2:-}" || "$(cat "/proc/$pid/comm" 2>/dev/null)" == "$2" ]]; then echo "$pid"; fi
  done
}

case "$action" in
  start) start_cluster ;;
  start-for-test)
    # The ctest fixture: exit 77 (skipped) where a cluster cannot run.
    if [[ $(id -u) -ne 0 ]] || ! command -v patroni >/dev/null || ! command -v etcd >/dev/null ||
        ! ip netns add "cxprobe$$" 2>/dev/null; then
      echo "ha_cluster: cannot run here (needs root, network namespaces, patroni, etcd): skipped" >&2
      exit 77
    fi
    ip netns del "cxprobe$$"
    start_cluster ;;
  stop) stop_cluster ;;
  leader) leader ;;
  wait) wait_healthy 180 ;;
  postmaster) postmaster_pid "$3" ;;
  procs) procs "$3" "${4:-}" ;;
  freeze) procs "$3" | xargs -r kill -STOP ;;
  thaw) procs "$3" | xargs -r kill -CONT ;;
  cut) ip -n "$(hub)" link set "$(prefix)b$3" down ;;
  heal) ip -n "$(hub)" link set "$(prefix)b$3" up ;;
  etcd-kill) procs "$3" etcd | xargs -r kill -KILL ;;
  etcd-start) start_etcd "$3" "$(cat "$dir/basedir")" ;;
  switchover)
    lead=$(leader)
    in_hub patronictl -c "$dir/node$lead.yml" switchover --leader "pg$lead" --force >/dev/null ;;
  etcd-leader)
    for n in 1 2 3; do
      if in_hub etcdctl --endpoints "http://$(node_ip "$n"):2379" endpoint status -w json 2>/dev/null |
          "$py" -c 'import json,sys; s=json.load(sys.stdin)[0]["Status"]; sys.exit(0 if s["leader"]==s["header"]["member_id"] else 1)' 2>/dev/null; then
        echo "$n"
        break
      fi
    done ;;
  *) usage ;;
esac
