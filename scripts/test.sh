#!/usr/bin/env bash
# The whole test suite. Tests start their own servers (NSD, nginx, a Python stand-in web site) on
# 127.0.0.1 with ports they pick; nothing here talks to any other address.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --build-tests
# The committed man page must say what the commands say.
scripts/generate-manual.sh --check
swift test --skip-build "$@"
