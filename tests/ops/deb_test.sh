#!/usr/bin/env bash
# deb_test.sh BUILD_DIR: the Debian package (make deb) in a bare Debian 12
# root where systemd does not run, as fresh-machine.sh makes one. Needs root,
# debootstrap and the Debian mirror (CI; ctest label "package").
#   1. builds the package twice: an older version, then the current one;
#   2. installs the older one into a copy of a minbase root (apt resolves the
#      dependencies dpkg-shlibdeps declared): the service user, the state
#      directory, the conffile, the man page and the unit are there;
#   3. runs the unit's ExecStart as the service user; /healthz answers; SIGTERM
#      stops it cleanly; an account made with the command line is stored;
#   4. upgrades to the current package: the edited conffile and the data stay,
#      the service starts again;
#   5. `systemd-analyze verify` passes on the unit (systemd installed in the root);
#   6. removes the package: binary gone, configuration, data and user kept.
# PKG_TEST_BASE (default BUILD_DIR/pkg-root-base): the pristine root, made once.
set -uo pipefail
build=$(cd "$1" && pwd)
root_src=$(cd "$(dirname "$0")/../.." && pwd)
base=${PKG_TEST_BASE:-$build/pkg-root-base}
work=$(mktemp -d /tmp/cardex-deb.XXXXXX)
root="$work/root"
server_pid=
fail() { echo "FAIL: $*"; exit 1; }
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  for d in dev/pts dev sys proc; do umount "$root/$d" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] || fail "needs root (chroot, dpkg)"
# Names of users and groups are the root's own: ask inside it.
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive "$@"; }

# 1. Two packages.
for v in 0.0.1 ""; do
  out="$work/deb${v:+-old}"
  CARDEX_PACKAGE_VERSION=$v CARDEX_PACKAGE_DIR="$out" cpack --config "$build/CPackConfig.cmake" -B "$out" >"$work/cpack.log" 2>&1 \
    || fail "cpack: $(tail -20 "$work/cpack.log")"
done
old=$(ls "$work"/deb-old/cardex_*_amd64.deb) new=$(ls "$work"/deb/cardex_*_amd64.deb)
[ -f "$old" ] && [ -f "$new" ] || fail "no packages: $(ls -R "$work")"
dpkg-deb -f "$new" Depends | grep -q "libsqlite3-0" || fail "dependencies not from dpkg-shlibdeps: $(dpkg-deb -f "$new" Depends)"
dpkg-deb -c "$new" | grep -q "usr/share/man/man1/cardex.1.gz" || fail "no man page"
dpkg-deb -I "$new" conffiles | grep -qx "/etc/cardex/cardex.conf" || fail "cardex.conf is no conffile"
echo "packages: $(basename "$old") $(basename "$new")"

# 2. A bare root, then the older package.
if [ ! -x "$base/bin/bash" ]; then
  mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  debootstrap --variant=minbase bookworm "$base.tmp" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || fail "debootstrap: $(tail -5 "$work/debootstrap.log")"
  cp /etc/apt/sources.list.d/debian.sources "$base.tmp/etc/apt/sources.list.d/"
  rm -f "$base.tmp/etc/apt/sources.list"
  mv "$base.tmp" "$base"
fi
cp -a "$base" "$root"
for d in proc sys dev dev/pts; do mount --bind "/$d" "$root/$d"; done
cp "$old" "$new" "$root/tmp/"
in_root apt-get update -qq >/dev/null || fail "apt-get update in the root"
in_root apt-get install -y -qq "/tmp/$(basename "$old")" >"$work/install.log" 2>&1 \
  || fail "install: $(tail -20 "$work/install.log")"
in_root getent passwd cardex | grep -q ":/var/lib/cardex:/usr/sbin/nologin" || fail "no service user"
[ "$(in_root stat -c %U /var/lib/cardex)" = cardex ] || fail "state directory not the user's"
[ -f "$root/etc/cardex/cardex.conf" ] || fail "no configuration"
[ "$(in_root stat -c '%U:%G %a' /etc/cardex/cardex.conf)" = "root:cardex 640" ] || fail "conffile mode"
[ -f "$root/lib/systemd/system/cardex.service" ] || fail "no unit"

port=$((20000 + RANDOM % 40000))
sed -i "s/^port = 8080/port = $port/" "$root/etc/cardex/cardex.conf"
exec_start=$(sed -n 's/^ExecStart=//p' "$root/lib/systemd/system/cardex.service")
[ -n "$exec_start" ] || fail "no ExecStart"
# run_service: the unit's command line as its user and in its directory.
# setpriv execs (as systemd's User= does), so SIGTERM reaches cardex itself;
# runuser would stay as a parent and answer the signal for it.
run_service() {
  chroot "$root" /usr/bin/setpriv --reuid=cardex --regid=cardex --init-groups \
    /bin/sh -c "cd /var/lib/cardex && exec $exec_start" \
    >"$work/service.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 150); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
  done
  fail "the service did not answer /healthz: $(cat "$work/service.log")"
}
stop_service() {
  kill -TERM "$server_pid"
  wait "$server_pid" || fail "the service did not stop cleanly on SIGTERM: $(tail -3 "$work/service.log")"
  server_pid=
  grep -q '"event":"stopped"' "$work/service.log" || fail "no stop event: $(cat "$work/service.log")"
}
run_service
stop_service
printf 'correct horse battery\n' | chroot "$root" /usr/sbin/runuser -u cardex -- \
  /usr/bin/cardex --config /etc/cardex/cardex.conf user add opsadmin --role administrator >/dev/null \
  || fail "user add as the service user"
[ "$(in_root stat -c %U /var/lib/cardex/cardex.db)" = cardex ] || fail "the database is not the service user's"

# 4. Upgrade.
in_root apt-get install -y -qq "/tmp/$(basename "$new")" >"$work/upgrade.log" 2>&1 \
  || fail "upgrade: $(tail -20 "$work/upgrade.log")"
[ "$(in_root dpkg-query -W -f='${Version}' cardex)" != 0.0.1 ] || fail "not upgraded"
grep -q "^port = $port" "$root/etc/cardex/cardex.conf" || fail "the edited configuration was replaced"
chroot "$root" /usr/sbin/runuser -u cardex -- /usr/bin/cardex --config /etc/cardex/cardex.conf user list \
  | grep -q '^opsadmin,' || fail "the data did not survive the upgrade"
run_service
stop_service

# 5. The unit, verified by systemd itself.
in_root apt-get install -y -qq --no-install-recommends systemd >"$work/systemd.log" 2>&1 \
  || fail "installing systemd in the root: $(tail -5 "$work/systemd.log")"
in_root systemd-analyze verify --man=no /lib/systemd/system/cardex.service >"$work/verify.log" 2>&1 \
  || fail "systemd-analyze verify: $(cat "$work/verify.log")"
[ -s "$work/verify.log" ] && { echo "systemd-analyze verify said:"; cat "$work/verify.log"; }
# The hardening, as systemd scores it (0 best, 10 worst; "OK" is below 2.0... ).
exposure=$(in_root systemd-analyze security --offline=yes /lib/systemd/system/cardex.service 2>/dev/null \
  | sed -nE 's/.*Overall exposure level for cardex.service: ([0-9.]+).*/\1/p')
echo "systemd-analyze security: exposure $exposure"
awk -v e="${exposure:-10}" 'BEGIN { exit !(e <= 2.0) }' || fail "the unit's exposure is $exposure (more than 2.0)"

# 6. Removal keeps the configuration, the data and the user.
in_root apt-get remove -y -qq cardex >"$work/remove.log" 2>&1 || fail "remove: $(tail -20 "$work/remove.log")"
[ ! -e "$root/usr/bin/cardex" ] || fail "binary left after removal"
[ -f "$root/etc/cardex/cardex.conf" ] || fail "configuration removed"
[ -f "$root/var/lib/cardex/cardex.db" ] || fail "data removed"
in_root getent passwd cardex >/dev/null || fail "user removed"
echo "deb_test: ok"
