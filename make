#!/bin/sh
# The front door on a machine that has nothing yet: `./make demo`, `./make test`.
# A bare Debian 12 ships without make; this installs it (apt-get, with sudo
# when not root) and hands over to the Makefile, whose targets install every
# other package they need (scripts/deps.sh). Once make is installed, plain
# `make demo` / `make test` do the same.
set -eu
cd "$(dirname "$0")"
if ! command -v make >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "./make: make is missing and this user is not root and has no sudo;" >&2
      echo "        as root: apt-get install make" >&2
      exit 1
    fi
    sudo=sudo
  fi
  echo "./make: installing make (apt-get install make)"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends make >/dev/null
fi
exec make "$@"
