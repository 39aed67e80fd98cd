#!/usr/bin/env bash
# Installs every Debian package Cardex needs to build, test and benchmark.
# Idempotent: packages already present are skipped by apt; safe to run repeatedly.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git
  clang libclang-rt-14-dev           # libFuzzer targets and sanitizers
  # libraries (see docs/architecture.md for what each is for)
  libsqlite3-dev sqlite3
  libpq-dev postgresql postgresql-contrib
  libicu-dev
  libcli11-dev libfmt-dev
  libxlsxwriter-dev libcairo2-dev libpango1.0-dev libqrencode-dev fonts-dejavu-core  # exports
  libgtest-dev libgmock-dev libbenchmark-dev
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev   # server: Beast/Asio, JSON, URL
  libsodium-dev                      # Argon2id passwords, random tokens, Ed25519 card signatures
  libssl-dev                         # the registry service client's TLS (Boost.Asio ssl)
  libxlsxwriter-dev                  # XLSX reports and invitation lists
  libcairo2-dev libpango1.0-dev fonts-dejavu-core   # printable PDF (DejaVu has Vietnamese glyphs)
  libqrencode-dev                    # QR codes on invitations
  libzbar-dev                        # QR codes read at the desk from camera frames (browsers without BarcodeDetector)
  zlib1g-dev                         # PNG portraits in the demonstration
  libzip-dev libexpat1-dev           # member lists uploaded as XLSX: the zip and the sheet's XML
  # tools used by tests and benchmarks
  hyperfine procps bc time curl
  unzip poppler-utils zbar-tools     # exports read back: XLSX parts, PDF text and pixels, QR scans
  glpk-utils coinor-cbc              # exact MIP solvers for bench/plan_vs_mip
  wrk nginx-light                    # desk load benchmark and its static-file ceiling
  nodejs chromium                    # browser tests: playwright-core (npm, below) drives Debian's chromium
  patroni etcd-server etcd-client    # the HA cluster of the fault tests (scripts/ha_cluster.sh, docs/ha.md)
  iproute2                           # its network namespaces
  poppler-utils                      # pdftotext: tests read back the PDF reports
  # running it as a service (docs/operations.md) and the tests of that
  help2man                           # the man page, from --help (make deb)
  openssl                            # the nginx TLS test's self-signed certificate
  debootstrap                        # the package test's bare Debian root
)

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
updated=""
install() {
  echo "deps: installing $*"
  [ -n "$updated" ] || { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq; updated=1; }
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#packages[@]} packages present"
else
  install "${missing[@]}"
fi
# npm installs the browser tests' playwright-core. Debian's nodejs does not
# include it (the `npm` package does); a nodejs from elsewhere (NodeSource, as
# on CI's machines) bundles it and conflicts with Debian's npm: install it only
# when the command is missing.
command -v npm >/dev/null || install npm
