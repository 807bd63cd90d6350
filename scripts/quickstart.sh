#!/usr/bin/env bash
# Fresh Debian machine → a certificate, DNS and publishing plan for the bundled contoso example.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
bin=$(scripts/build-release.sh)
"$bin" --version
"$bin" init --example contoso .build/contoso.yaml --force >/dev/null
# Exit 1 means the plan holds error-level findings; the example holds none.
"$bin" plan .build/contoso.yaml
