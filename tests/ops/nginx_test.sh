#!/usr/bin/env bash
# nginx_test.sh CARDEX: the shipped nginx site (packaging/nginx/cardex) in
# front of `cardex serve --secure-cookies`, with a self-signed certificate:
# HTTPS reaches Cardex, HTTP is redirected, HSTS is sent, the session cookie
# is Secure, bodies above Cardex's limit are refused by nginx (413) and those
# below it pass, and the client address and scheme are forwarded (checked
# against an nginx echo upstream, with a forged X-Forwarded-For). The site file
# is used as shipped but for its ports, certificate paths and upstream.
set -uo pipefail
cardex=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
server_pid= nginx_pid=
trap '[ -n "$server_pid" ] && kill $server_pid 2>/dev/null; [ -n "$nginx_pid" ] && kill $nginx_pid 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; [ -f "$work/error.log" ] && tail -5 "$work/error.log"; exit 1; }
command -v nginx >/dev/null || fail "nginx is not installed (scripts/deps.sh: nginx-light)"
command -v openssl >/dev/null || fail "openssl is not installed (scripts/deps.sh)"
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$work/cardex.key" -out "$work/cardex.pem" 2>/dev/null || fail "openssl"

"$cardex" --db "$work/c.db" init >/dev/null || fail init
printf 'correct horse battery\n' | "$cardex" --db "$work/c.db" user add root --role administrator >/dev/null \
  || fail "user add"
"$cardex" --db "$work/c.db" serve --port 0 --secure-cookies >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  cport=$(grep -oE 'http://127.0.0.1:[0-9]+/' "$work/serve.log" | head -1 | grep -oE '[0-9]+/$' | tr -d /)
  [ -n "$cport" ] && break
  sleep 0.2
done
[ -n "$cport" ] || fail "cardex did not start: $(cat "$work/serve.log")"

https=$(free_port) http=$(free_port) echo_port=$(free_port) echo_https=$(free_port)
# site FILE UPSTREAM_PORT HTTPS HTTP: the shipped site with the test's ports and paths.
site() {
  sed -e "s|server 127.0.0.1:8080;|server 127.0.0.1:$2;|" \
      -e "s|listen 443 ssl http2;|listen 127.0.0.1:$3 ssl http2;|" -e "s|listen 80;|listen 127.0.0.1:$4;|" \
      -e '/listen \[::\]/d' -e "s|/etc/ssl/certs/cardex.pem|$work/cardex.pem|" \
      -e "s|/etc/ssl/private/cardex.key|$work/cardex.key|" -e "s|upstream cardex|upstream $5|" \
      -e "s|proxy_pass http://cardex;|proxy_pass http://$5;|" -e "s|shared:cardex_tls|shared:$5_tls|" \
      "$root/packaging/nginx/cardex" >"$1"
}
site "$work/site.conf" "$cport" "$https" "$http" cardex
site "$work/echo-site.conf" "$echo_port" "$echo_https" "$(free_port)" echo
# As root, nginx's workers would run as nobody and could not use $work.
[ "$(id -u)" = 0 ] && user_line="user root root;" || user_line=""
cat >"$work/nginx.conf" <<CONF
$user_line
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $work/body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  include $work/site.conf;
  include $work/echo-site.conf;
  # The echo upstream: what a proxied request carried.
  server {
    listen 127.0.0.1:$echo_port;
    location / { return 200 "xff=\$http_x_forwarded_for proto=\$http_x_forwarded_proto host=\$http_host\n"; }
  }
}
CONF
nginx -t -c "$work/nginx.conf" -p "$work" -g "daemon off;" 2>"$work/nginx-t.log" || fail "nginx -t: $(cat "$work/nginx-t.log")"
nginx -c "$work/nginx.conf" -p "$work" -g "daemon off;" 2>>"$work/error.log" &
nginx_pid=$!
base="https://localhost:$https"
tls() { curl -sS --cacert "$work/cardex.pem" --resolve "localhost:$https:127.0.0.1" "$@"; }
for _ in $(seq 50); do tls -o /dev/null "$base/healthz" 2>/dev/null && break; sleep 0.1; done

# TLS reaches Cardex; the certificate is checked (no -k).
[ "$(tls -o /dev/null -w '%{http_code}' "$base/healthz")" = 200 ] || fail "healthz over TLS"
tls -D "$work/h" -o /dev/null "$base/healthz"
grep -qi '^strict-transport-security: max-age=31536000' "$work/h" || fail "no HSTS: $(cat "$work/h")"
# Plain HTTP is sent to HTTPS.
code=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$http/desk")
case "$code" in "301 https://"*/desk) ;; *) fail "http not redirected: $code" ;; esac
# The session cookie is Secure over TLS.
tls -D "$work/login" -o /dev/null -H 'Content-Type: application/json' \
  -d '{"login":"root","password":"correct horse battery"}' "$base/api/session"
grep -i '^set-cookie:' "$work/login" | grep -q '; Secure' || fail "cookie not Secure: $(cat "$work/login")"
# The body limit: above 4 MiB nginx refuses; just below, Cardex answers.
head -c $((4 * 1024 * 1024 + 10)) /dev/zero >"$work/big"
[ "$(tls -o /dev/null -w '%{http_code}' --data-binary @"$work/big" "$base/api/session")" = 413 ] \
  || fail "a body above the limit was not refused"
head -c $((4 * 1024 * 1024 - 4096)) /dev/zero >"$work/fits"
code=$(tls -o /dev/null -w '%{http_code}' --data-binary @"$work/fits" "$base/api/session")
[ "$code" != 413 ] && [ "$code" -lt 500 ] || fail "a body within the limit got $code"
# The client address and scheme are forwarded, a forged X-Forwarded-For replaced.
echo_reply=$(curl -sS --cacert "$work/cardex.pem" --resolve "localhost:$echo_https:127.0.0.1" \
  -H 'X-Forwarded-For: 6.6.6.6' "https://localhost:$echo_https/x")
[ "$echo_reply" = "xff=127.0.0.1 proto=https host=localhost" ] || fail "forwarded: $echo_reply"
kill $server_pid; wait $server_pid; server_pid=
echo "nginx_test: ok"
