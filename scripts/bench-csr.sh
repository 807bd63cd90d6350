#!/usr/bin/env bash
# Benchmark: `lynccert csr` against `openssl req -newkey rsa:2048` making the same request.
#
# Both sides generate an RSA 2048 key and a SHA-256 PKCS#10 request with the same subject and
# SANs: lynccert from the topology (load + plan + key + CSR + INF + CNF, written atomically),
# openssl from the .cnf lynccert wrote for that certificate. RSA prime generation dominates both,
# so the medians should be within about 10% of each other. Prime search time varies from run to
# run, hence the many runs and the comparison of medians.
#
# On a shared or loaded machine wall-clock medians wander; the mean user CPU time (also printed)
# is the steadier comparison there.
#
# Usage: scripts/bench-csr.sh [RUNS]        RUNS defaults to 60 (at least 20)
#   LYNCCERT_BIN=path  use this binary instead of building a release one
#   CERT_ID=id         the planned certificate (default: reverse-proxy)
# Needs hyperfine and python3 (scripts/install-deps.sh --bench). Results: .build/bench-csr.json
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-60}
if [ "$runs" -lt 20 ]; then echo "use at least 20 runs" >&2; exit 2; fi
command -v hyperfine >/dev/null || { echo "hyperfine is missing: scripts/install-deps.sh --bench" >&2; exit 3; }

bin=${LYNCCERT_BIN:-}
if [ -z "$bin" ]; then
    bin="$(scripts/build-release.sh 2>/dev/null)"
fi
cert=${CERT_ID:-reverse-proxy}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" init --example contoso "$work/contoso.yaml" >/dev/null
"$bin" csr "$work/contoso.yaml" --cert "$cert" --out "$work/seed" >/dev/null
stem=$(printf '%s' "$cert" | sed 's|[^A-Za-z0-9._-]|_|g')
cnf="$work/seed/$stem.cnf"

mkdir -p .build
hyperfine -N --warmup 3 --runs "$runs" --export-json .build/bench-csr.json \
    -n "lynccert csr" "$bin csr $work/contoso.yaml --cert $cert --out $work/l --force" \
    -n "openssl req -newkey rsa:2048" \
    "openssl req -new -newkey rsa:2048 -noenc -keyout $work/o.key -out $work/o.csr -config $cnf"

python3 - .build/bench-csr.json <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
l, o = results["lynccert csr"], results["openssl req -newkey rsa:2048"]
ratio = l["median"] / o["median"]
print(f"median lynccert csr: {l['median']*1000:.1f} ms  (mean {l['mean']*1000:.1f} ± {l['stddev']*1000:.1f} ms, {len(l['times'])} runs)")
print(f"median openssl req : {o['median']*1000:.1f} ms  (mean {o['mean']*1000:.1f} ± {o['stddev']*1000:.1f} ms, {len(o['times'])} runs)")
print(f"ratio lynccert/openssl (medians): {ratio:.3f}  ({'within' if abs(ratio - 1) <= 0.10 else 'outside'} 10%)")
cpu = (l["user"] + l["system"]) / (o["user"] + o["system"])
print(f"ratio lynccert/openssl (mean user+system CPU): {cpu:.3f}  ({(l['user'] + l['system'])*1000:.1f} ms vs {(o['user'] + o['system'])*1000:.1f} ms)")
PY
