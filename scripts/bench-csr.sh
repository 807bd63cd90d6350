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
# Usage: scripts/bench-csr.sh [RUNS]        RUNS defaults to 300 (at least 20)
#   LYNCCERT_BIN=path  use this binary instead of building a release one
#   CERT_ID=id         the planned certificate (default: reverse-proxy)
# Needs hyperfine and python3 (scripts/install-deps.sh --bench). Run times: .build/bench-csr.json
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-300}
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
# The runs are interleaved in batches (lynccert, openssl, lynccert, …) so a change in machine load
# during the benchmark falls on both sides alike.
batches=10
per=$(( (runs + batches - 1) / batches ))
for b in $(seq 1 $batches); do
    hyperfine -N --style none --warmup 1 --runs "$per" --export-json ".build/bench-csr-$b.json" \
        -n "lynccert csr" "$bin csr $work/contoso.yaml --cert $cert --out $work/l --force" \
        -n "openssl req -newkey rsa:2048" \
        "openssl req -new -newkey rsa:2048 -noenc -keyout $work/o.key -out $work/o.csr -config $cnf" >/dev/null
done
# The fixed cost around key generation: the same request with a P-256 key, whose generation is
# next to free, on both sides.
hyperfine -N --style none --warmup 3 --runs 40 --export-json .build/bench-csr-ec.json \
    -n "lynccert csr (P-256)" "$bin csr $work/contoso.yaml --cert $cert --out $work/e --force --key-type ecdsa" \
    -n "openssl req (P-256)" \
    "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -noenc -keyout $work/oe.key -out $work/oe.csr -config $cnf" \
    >/dev/null

python3 - "$batches" <<'PY'
import json, random, statistics, sys
batches = int(sys.argv[1])
times = {"lynccert csr": [], "openssl req -newkey rsa:2048": []}
cpu = {name: [0.0, 0] for name in times}
for b in range(1, batches + 1):
    for r in json.load(open(f".build/bench-csr-{b}.json"))["results"]:
        times[r["command"]] += r["times"]
        cpu[r["command"]][0] += (r["user"] + r["system"]) * len(r["times"])
        cpu[r["command"]][1] += len(r["times"])
l, o = times["lynccert csr"], times["openssl req -newkey rsa:2048"]
json.dump({"lynccert": l, "openssl": o}, open(".build/bench-csr.json", "w"))
ratio = statistics.median(l) / statistics.median(o)
# 95 % interval of the ratio of medians (bootstrap): RSA prime search makes single runs vary a lot.
rng = random.Random(1)
boot = sorted(
    statistics.median(rng.choices(l, k=len(l))) / statistics.median(rng.choices(o, k=len(o))) for _ in range(2000))
low, high = boot[50], boot[1949]
print(f"median lynccert csr: {statistics.median(l)*1000:.1f} ms  (mean {statistics.mean(l)*1000:.1f} ms, {len(l)} runs)")
print(f"median openssl req : {statistics.median(o)*1000:.1f} ms  (mean {statistics.mean(o)*1000:.1f} ms, {len(o)} runs)")
print(f"ratio lynccert/openssl (medians): {ratio:.3f}, 95% interval {low:.3f}-{high:.3f}  "
      f"({'within' if abs(ratio - 1) <= 0.10 else 'outside'} 10%)")
lc, oc = cpu["lynccert csr"][0] / cpu["lynccert csr"][1], cpu["openssl req -newkey rsa:2048"][0] / cpu["openssl req -newkey rsa:2048"][1]
print(f"ratio lynccert/openssl (mean user+system CPU): {lc / oc:.3f}  ({lc*1000:.1f} ms vs {oc*1000:.1f} ms)")
ec = {r["command"]: r for r in json.load(open(".build/bench-csr-ec.json"))["results"]}
le, oe = ec["lynccert csr (P-256)"]["median"], ec["openssl req (P-256)"]["median"]
print(f"fixed cost (P-256 key, medians): lynccert {le*1000:.1f} ms, openssl {oe*1000:.1f} ms, difference {(le-oe)*1000:.1f} ms")
PY
