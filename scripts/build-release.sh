#!/usr/bin/env bash
# Builds the release lynccert and prints its path.
#
# The Swift runtime and Foundation are linked statically (--static-swift-stdlib): the binary runs
# on a Debian host without a Swift toolchain (it needs the libssl3, libldns3 and libxml2 packages
# and what they pull in, plus libcurl4 for `verify`), and it starts in about half the time, which
# every short command (plan, csr, export) feels.
set -euo pipefail
cd "$(dirname "$0")/.."
# lld: the toolchain's linker, which does not repeat glibc's link-time notes about functions
# inside the static Foundation archive.
swift build -c release --static-swift-stdlib -Xswiftc -use-ld=lld --product lynccert >&2
echo "$(swift build -c release --static-swift-stdlib -Xswiftc -use-ld=lld --show-bin-path)/lynccert"
