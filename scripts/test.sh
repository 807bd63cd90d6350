#!/usr/bin/env bash
# The whole test suite. Tests start their own servers (NSD, nginx, a Python stand-in web site) on
# 127.0.0.1 with ports they pick; nothing here talks to any other address.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# Formatting: the committed .swift-format, strictly (a lint warning fails the run).
swift format lint --strict --configuration .swift-format --recursive Sources Tests Fuzz Package.swift
# The build stays warning-free: Swift warnings are errors in our own targets (SwiftPM leaves remote
# packages out of -warnings-as-errors), and any other warning printed (C, linker) fails the run too.
log=$(mktemp)
swift build --build-tests -Xswiftc -warnings-as-errors 2>&1 | tee "$log"
if grep -q ': warning: ' "$log"; then
    echo "the build printed warnings (above); lynccert builds warning-free" >&2
    rm -f "$log"
    exit 1
fi
rm -f "$log"
# The committed man page must say what the commands say.
scripts/generate-manual.sh --check
# A short fuzzing run of each harness (docs/development.md, "Fuzzing"); FUZZ_SECONDS=0 skips it.
if [ "${FUZZ_SECONDS:-30}" != 0 ]; then
    scripts/fuzz.sh "${FUZZ_SECONDS:-30}"
fi
swift test --skip-build "$@"
