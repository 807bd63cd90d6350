#!/usr/bin/env bash
# Before/after benchmark of two lynccert binaries in one run, so both see the same machine load:
# plan (1,000 SIP domains, 50 pools; text and JSON), audit of a 1,000-certificate bundle and of the
# same certificates as 1,000 files, audit of 2,000 (leaf, intermediate) pairs, and import-topology
# of the bundled AutomatedLab sample. Each workload also checks that both binaries print the same
# bytes, so a speed-up never hides a changed answer.
#
# Usage: scripts/bench-compare.sh OLD_BIN NEW_BIN        (RUNS, default 10)
#   e.g. git worktree add /tmp/old v1 && (cd /tmp/old && scripts/build-release.sh) to get OLD_BIN.
# Needs: hyperfine, python3-cryptography (scripts/install-deps.sh --bench). Offline; no network.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: $0 OLD_BIN NEW_BIN" >&2; exit 2; }
OLD="$1" NEW="$2"
RUNS="${RUNS:-10}"
PY=/usr/bin/python3
command -v hyperfine >/dev/null || { echo "hyperfine is missing: scripts/install-deps.sh --bench" >&2; exit 3; }
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT

# Same output from both, or the comparison means nothing.
same() {
    local label="$1"
    shift
    "$OLD" "$@" > "$T/old.out" 2>&1 || true
    "$NEW" "$@" > "$T/new.out" 2>&1 || true
    cmp -s "$T/old.out" "$T/new.out" || { echo "$label: the two binaries print different output" >&2; exit 1; }
}
compare() {
    local label="$1"
    shift
    same "$label" "$@"
    hyperfine -N --style basic --warmup 1 --runs "$RUNS" -i --export-json "$T/$label.json" \
        -n "old" "$OLD $*" -n "new" "$NEW $*" > /dev/null 2>&1
    $PY - "$T/$label.json" "$label" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
old, new = results["old"], results["new"]
cpu = lambda r: (r["user"] + r["system"]) * 1000
print(f"{sys.argv[2]:<28} old {old['mean']*1000:8.1f} ms (cpu {cpu(old):7.1f})   "
      f"new {new['mean']*1000:8.1f} ms (cpu {cpu(new):7.1f})   new/old {new['mean']/old['mean']:.2f}")
PY
}

$PY scripts/gen-topology.py --sip-domains 1000 --pools 50 "$T/plan.json"
compare plan-text plan "$T/plan.json"
compare plan-json plan "$T/plan.json" --format json

cat > "$T/topology.yaml" <<'YAML'
version: 1
sipDomains: [contoso.com, fabrikam.com]
simpleUrls:
  meet:
    - {domain: contoso.com, url: "https://meet.contoso.com"}
    - {domain: fabrikam.com, url: "https://meet.fabrikam.com"}
  dialin: "https://dialin.contoso.com"
pools:
  - {fqdn: pool01.contoso.net, role: frontEnd, externalWebFqdn: webext.contoso.com}
reverseProxy: {externalAddress: 203.0.113.10, autodiscover: https, lyncdiscoverRecord: a}
YAML
$PY scripts/bench-audit-helper.py make-bundle "$T" 1000 > /dev/null
compare audit-bundle-1000 audit "$T/topology.yaml" --cert reverse-proxy "$T/bundle.pem" --ca-file "$T/root.pem" \
    --at 2030-01-01 --format json
$PY scripts/bench-audit-helper.py split "$T" > /dev/null
compare audit-files-1000 audit "$T/topology.yaml" --cert reverse-proxy "$T"/files/c*.pem --ca-file "$T/root.pem" \
    --at 2030-01-01 --format json
$PY scripts/bench-audit-helper.py make-pairs "$T" 2000 distinct > /dev/null
compare audit-pairs-2000 audit "$T/topology.yaml" --cert reverse-proxy "$T/pairs-2000-distinct.pem" \
    --ca-file "$T/root.pem" --at 2030-01-01 --format json
compare import-topology import-topology Tests/TopologyImportTests/Samples/AutomatedLab-SfBAutomatedLab-Contoso.tbxml
