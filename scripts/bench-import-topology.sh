#!/usr/bin/env bash
# Benchmark: lynccert import-topology on a real sample and on the same sample padded to 50 MB
# with unknown elements (the importer skips them; libxml2 streams the document).
# Usage: scripts/bench-import-topology.sh [path/to/lynccert]   (default: builds the release one
# with scripts/build-release.sh). Needs hyperfine (scripts/install-deps.sh --bench).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-}"
if [[ -z "$bin" ]]; then bin="$(scripts/build-release.sh 2>/dev/null)"; fi
sample=Tests/TopologyImportTests/Samples/AutomatedLab-SfBAutomatedLab-Contoso.tbxml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$sample" "$work/padded.tbxml" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8-sig").read()
head, tail = text.split("<CentralSites>", 1)
pad = ('<Padding xmlns="urn:example:padding" a="b"><Inner>some text</Inner></Padding>' * 80 + " " * 2000 + "\n")
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write(head)
    written = 0
    while written < 50 * 1024 * 1024:
        out.write(pad)
        written += len(pad)
    out.write("<CentralSites>" + tail)
PY
ls -l "$work/padded.tbxml"
hyperfine --warmup 1 --runs 5 \
    "$bin import-topology $sample --out $work/a.yaml --force" \
    "$bin import-topology $work/padded.tbxml --out $work/b.yaml --force"
cmp "$work/a.yaml" <(sed 's/padded.tbxml/AutomatedLab-SfBAutomatedLab-Contoso.tbxml/' "$work/b.yaml") && echo "same YAML"
