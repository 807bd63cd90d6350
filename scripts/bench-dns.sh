#!/usr/bin/env bash
# Benchmark of `lynccert dns check` against a Python dnspython asyncio client (100 in flight)
# and dnsperf, all asking the same queries of one NSD on 127.0.0.1.
#
#   scripts/bench-dns.sh [DOMAINS]        (default 500 SIP domains, about 2,000 records)
#
# With the DNS planner in place it generates a topology of DOMAINS SIP domains, takes the
# external records of `lynccert plan --format json`, serves them from NSD and times
# `lynccert dns check --view external`. Without a plan (the planner returning no records) it
# falls back to a generated query list of the same size, timed with `lynccert dns query --file`.
# Prints each tool's median wall time over RUNS runs (default 5), the ratios, and peak memory.
# Targets: >= 10x faster than the Python client, within 5x of dnsperf, peak RSS < 50 MiB.
# Environment: LYNCCERT_BIN (default: a release build made here), RUNS.
set -euo pipefail
cd "$(dirname "$0")/.."
DOMAINS="${1:-500}"
RUNS="${RUNS:-5}"
PY=/usr/bin/python3   # Debian's python3, where python3-dnspython installs

scripts/install-deps.sh --bench
if [ -z "${LYNCCERT_BIN:-}" ]; then
    LYNCCERT_BIN="$(scripts/build-release.sh 2>/dev/null)"
fi

WORK="$(mktemp -d /tmp/lynccert-bench-dns.XXXXXX)"
NSD_PID=""
cleanup() {
    if [ -n "$NSD_PID" ]; then kill "$NSD_PID" 2>/dev/null || true; wait "$NSD_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

PORT="$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
$PY scripts/bench_dns_gen.py topology "$DOMAINS" "$WORK/topology.yaml"
MODE=topology
if "$LYNCCERT_BIN" plan "$WORK/topology.yaml" --only dns --format json >"$WORK/plan.json" 2>"$WORK/plan.err" \
    || [ -s "$WORK/plan.json" ]; then
    $PY scripts/bench_dns_gen.py zones "$WORK/plan.json" "$WORK/nsd" "$PORT" || MODE=synthetic
else
    MODE=synthetic
fi
if [ "$MODE" = topology ] && [ "$(wc -l <"$WORK/nsd/queries.txt")" -lt 10 ]; then MODE=synthetic; fi
if [ "$MODE" = synthetic ]; then
    echo "(no DNS plan available: $(head -c 200 "$WORK/plan.err" 2>/dev/null); using a generated query list)"
    rm -rf "$WORK/nsd"
    $PY scripts/bench_dns_gen.py synthetic "$DOMAINS" "$WORK/nsd" "$PORT"
fi
QUERIES="$WORK/nsd/queries.txt"
COUNT="$(wc -l <"$QUERIES")"

while read -r origin; do
    nsd-checkzone "$origin" "$WORK/nsd/$origin.zone" >/dev/null
done <"$WORK/nsd/origins.txt"
/usr/sbin/nsd -d -c "$WORK/nsd/nsd.conf" &
NSD_PID=$!
FIRST="$(head -1 "$WORK/nsd/origins.txt")"
for _ in $(seq 100); do
    drill -p "$PORT" @127.0.0.1 "$FIRST" SOA 2>/dev/null | grep -q "rcode: NOERROR" && break
    sleep 0.1
done

if [ "$MODE" = topology ]; then
    LYNCCERT=("$LYNCCERT_BIN" dns check "$WORK/topology.yaml" --view external --server "127.0.0.1:$PORT" --format json)
else
    LYNCCERT=("$LYNCCERT_BIN" dns query --server "127.0.0.1:$PORT" --file "$QUERIES" --format json)
fi
RESOLVER=("$LYNCCERT_BIN" dns query --server "127.0.0.1:$PORT" --file "$QUERIES" --format json)
PYTHON=("$PY" scripts/bench_dns_python.py "$QUERIES" 127.0.0.1 "$PORT" 100)
DNSPERF=(dnsperf -s 127.0.0.1 -p "$PORT" -d "$QUERIES" -n 1 -q 100 -c 1 -t 5)

# Every client must get every answer, or the timing means nothing.
"${LYNCCERT[@]}" >"$WORK/lynccert.out" || [ $? -eq 1 ]
"${PYTHON[@]}" >"$WORK/python.out"
"${DNSPERF[@]}" >"$WORK/dnsperf.out"
grep -q "Queries completed: *$COUNT " "$WORK/dnsperf.out" || { cat "$WORK/dnsperf.out"; exit 3; }
grep -q "python: $COUNT answered, 0 failed" "$WORK/python.out" || { cat "$WORK/python.out"; exit 3; }
if [ "$MODE" = topology ]; then
    $PY -c 'import json,sys; d=json.load(open(sys.argv[1])); s=d["summary"]; sys.exit(1 if s["error"] else 0)' \
        "$WORK/lynccert.out" || { echo "lynccert had errors"; exit 3; }
else
    $PY -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(1 if any(a.get("error") for a in d["answers"]) else 0)' \
        "$WORK/lynccert.out" || { echo "lynccert had errors"; exit 3; }
fi

measure() { $PY scripts/bench_dns_measure.py "$RUNS" -- "$@"; }
L="$(measure "${LYNCCERT[@]}")"
R="$(measure "${RESOLVER[@]}")"
P="$(measure "${PYTHON[@]}")"
D="$(measure "${DNSPERF[@]}")"

$PY - "$MODE" "$COUNT" "$L" "$R" "$P" "$D" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PYEOF'
import json, sys
mode, count = sys.argv[1], int(sys.argv[2])
l, r, p, d = (json.loads(x) for x in sys.argv[3:7])
print(f"\n{count} queries ({mode}), median of {len(l['walls'])} runs, one NSD on 127.0.0.1, load {sys.argv[7]}")
print(f"  {'':34} {'wall':>9} {'q/s':>7} {'CPU':>8} {'peak RSS':>9}")
rows = ((f"lynccert dns {'check' if mode == 'topology' else 'query'} (end to end)", l),
        ("lynccert dns query (resolver only)", r), ("python dnspython (100 in flight)", p),
        ("dnsperf (-q 100)", d))
for name, x in rows:
    print(f"  {name:34} {x['wall']*1000:7.0f}ms {count/x['wall']:7.0f} {x['cpu']*1000:6.0f}ms {x['maxrss_kib']/1024:6.1f}MiB")
def verdict(ok):
    return "PASS" if ok else "MISS"
for label, x in (("end to end", l), ("resolver only", r)):
    speedup, vs_dnsperf = p["wall"] / x["wall"], x["wall"] / d["wall"]
    print(f"\n  {label}: {speedup:.1f}x faster than python (target >= 10x): {verdict(speedup >= 10)}; "
          f"{vs_dnsperf:.2f}x dnsperf's time (target <= 5x): {verdict(vs_dnsperf <= 5)}; "
          f"CPU {p['cpu'] / x['cpu']:.1f}x less than python")
rss = l["maxrss_kib"] / 1024
print(f"\n  lynccert peak memory: {rss:.1f} MiB (target < 50 MiB): {verdict(rss < 50)}")
PYEOF
