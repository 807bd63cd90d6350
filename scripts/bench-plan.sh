#!/usr/bin/env bash
# Benchmark of `lynccert plan` on generated topologies: 250, 1,000 and 4,000 SIP domains with 50
# pools (the 1,000-domain case is the target: well under a second), 1,000 domains with 100 pools,
# and the 1,000 x 50 case again with --format json.
#
# Usage: scripts/bench-plan.sh [--runs N] [--only certs|all]
#   builds lynccert in release mode, writes topologies under a temporary folder with
#   scripts/gen-topology.py, runs hyperfine on each and prints: SIP domains, pools, format,
#   certificate names planned, mean wall time, mean user+system CPU time, and CPU time per
#   1,000 names (flat when growth is linear). On a shared machine read the CPU column: wall time
#   also counts waiting for a core.
# Needs: hyperfine, python3 (scripts/install-deps.sh --bench). Runs offline; touches no network.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=10
only=certs
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --only) only="$2"; shift 2 ;;
        *) echo "usage: $0 [--runs N] [--only certs|all]" >&2; exit 2 ;;
    esac
done
command -v hyperfine >/dev/null || { echo "hyperfine is missing: scripts/install-deps.sh --bench" >&2; exit 3; }

bin="$(scripts/build-release.sh)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

only_args=()
[ "$only" = "certs" ] && only_args=(--only certs)

printf '%-12s %-6s %-6s %-9s %-10s %-10s %-12s\n' "sip domains" pools format names "wall (ms)" "cpu (ms)" "cpu ms/1k names"
for spec in 250:50:text 1000:50:text 4000:50:text 1000:100:text 1000:50:json; do
    IFS=: read -r domains pools format <<<"$spec"
    topo="$work/topology-$domains-$pools.json"
    [ -f "$topo" ] || python3 scripts/gen-topology.py --sip-domains "$domains" --pools "$pools" "$topo"
    # A plan that fails (bad input) must not be timed: check it once first. Exit 1 (findings,
    # e.g. san-limit-exceeded on a 1,000-domain reverse proxy) is expected and fine.
    status=0
    "$bin" plan "$topo" "${only_args[@]}" --format json >"$work/plan.json" || status=$?
    if [ "$status" -gt 1 ]; then echo "lynccert plan failed on $topo (exit $status)" >&2; exit 3; fi
    names=$(python3 -c 'import json,sys; print(sum(len(c["subjectAlternativeNames"]) for c in json.load(open(sys.argv[1]))["certificates"]))' "$work/plan.json")
    hyperfine --runs "$runs" --warmup 1 -N -i --style none --export-json "$work/h.json" \
        "$bin plan $topo ${only_args[*]} --format $format" >/dev/null 2>&1
    read -r wall cpu per < <(python3 - "$work/h.json" "$names" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
names = int(sys.argv[2])
cpu = (r["user"] + r["system"]) * 1000
print("%.0f %.0f %.2f" % (r["mean"] * 1000, cpu, cpu / (names / 1000.0)))
PY
)
    printf '%-12s %-6s %-6s %-9s %-10s %-10s %-12s\n' "$domains" "$pools" "$format" "$names" "$wall" "$cpu" "$per"
done
