#!/usr/bin/env bash
# Writes docs/lynccert.1, the man page, from the command tree: swift-argument-parser's
# generate-manual plugin (built from the checked-out dependency, so it works offline), with
# blank lines turned into .Pp (mdoc warns on empty input lines).
#   scripts/generate-manual.sh          regenerate docs/lynccert.1
#   scripts/generate-manual.sh --check  fail when docs/lynccert.1 is not what the commands say
set -euo pipefail
cd "$(dirname "$0")/.."
# The manual's date: fixed, so the page only changes when the commands do. Move it with the version.
date=2026-12-01
swift package plugin generate-manual --configuration debug --date "$date" >/dev/null
generated=.build/plugins/GenerateManual/outputs/lynccert/lynccert.1
sed 's/^$/.Pp/' "$generated" >.build/lynccert.1
if [ "${1:-}" = "--check" ]; then
    if ! diff -u docs/lynccert.1 .build/lynccert.1; then
        echo "docs/lynccert.1 is out of date: run scripts/generate-manual.sh and commit it" >&2
        exit 1
    fi
    echo "docs/lynccert.1 is current"
else
    cp .build/lynccert.1 docs/lynccert.1
    echo "wrote docs/lynccert.1"
fi
