#!/usr/bin/env bash
# Installs the Debian packages lynccert builds and tests with, when any is missing.
#   build:  libssl-dev (OpenSSL 3), libldns-dev (ldns 1.8), libcurl4-openssl-dev (libcurl 7.85+), pkg-config
#   tests:  openssl (CLI cross-checks), nsd + nsd-checkzone (DNS server), nginx (TLS server),
#           bind9-utils (named-checkzone: the bind export loads in BIND),
#           ldnsutils (drill), chromium (renders the verify --report page headless),
#           python3 (the stand-in Lync web site of the verify tests), groff-base + man-db (the man page
#           renders without warnings),
#           pebble + pebble-challtestsrv (the ACME test CA of the issue tests), curl (fetches its root),
#           bind9 (named + tsig-keygen: the RFC 2136 server of the DNS-01 tests)
set -euo pipefail

packages=(libssl-dev libldns-dev libcurl4-openssl-dev pkg-config openssl nsd bind9 bind9-utils nginx ldnsutils ca-certificates chromium python3 groff-base man-db pebble curl)
if [ "${1:-}" = "--bench" ]; then
    packages+=(dnsperf hyperfine python3-cryptography python3-dnspython valgrind)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    # Packages may try to start their services; lynccert's tests start their own on loopback.
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
