#!/usr/bin/env bash
# Benchmarks for `lynccert audit` (see docs/benchmarks.md):
#  (a) a 1,000-certificate PEM bundle audited by lynccert (SAN extraction, RFC 6125 coverage,
#      every check, chain verification) vs a Python `cryptography` script doing only the SAN
#      extraction and coverage test;
#  (b) 100 SNI names against a local nginx on 127.0.0.1: `lynccert audit --connect` (concurrent
#      handshakes) vs a sequential `openssl s_client` loop;
#  (c) the same 1,000 certificates as 1,000 separate PEM files, vs the Python script loading the
#      1,000 files;
#  (d) scaling: bundles of 200 and 2,000 (leaf, intermediate) pairs, once with one intermediate
#      repeated and once with an intermediate of its own for each leaf: wall time and peak memory.
# With valgrind installed, CALLGRIND=1 also prints callgrind instruction counts for (a) and (c),
# which hold under a loaded machine where wall times do not.
# Needs: python3-cryptography, nginx, openssl, hyperfine (scripts/install-deps.sh --bench).
# Builds the release lynccert (scripts/build-release.sh) unless LYNCCERT_BIN names one.
# Talks only to the nginx it starts on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${LYNCCERT_BIN:-$(scripts/build-release.sh 2>/dev/null)}"
RUNS="${RUNS:-20}"
# Debian's python3, where python3-cryptography installs (a pyenv or venv shim in PATH would add its
# own start-up time to the Python side).
PY=/usr/bin/python3
T="$(mktemp -d)"
NGINX_PID=""
cleanup() { [ -n "$NGINX_PID" ] && kill -QUIT "$NGINX_PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT


# ---------- (a) 1,000 certificates from a file ----------
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
printf '%s\n' webext.contoso.com dialin.contoso.com meet.contoso.com meet.fabrikam.com \
    lyncdiscover.contoso.com lyncdiscover.fabrikam.com > "$T/names"
echo "generating 1,000 certificates..."
"$PY" scripts/bench-audit-helper.py make-bundle "$T" 1000
# Sanity: both see the same number of missing names.
lyn_missing=$("$BIN" audit "$T/topology.yaml" --cert reverse-proxy "$T/bundle.pem" --ca-file "$T/root.pem" \
    --format json | python3 -c "import json,sys; print(sum(len(c['missing']) for c in json.load(sys.stdin)['certificates']))" || true)
py_missing=$("$PY" scripts/bench-audit-helper.py audit "$T/bundle.pem" "$T/names" | sed 's/.*, \([0-9]*\) missing.*/\1/')
echo "missing names: lynccert $lyn_missing, python $py_missing"
[ "$lyn_missing" = "$py_missing" ] || { echo "the two audits disagree" >&2; exit 1; }

hyperfine -N --style basic --warmup 2 --runs "$RUNS" -i --export-json "$T/a.json" \
    -n lynccert "$BIN audit $T/topology.yaml --cert reverse-proxy $T/bundle.pem --ca-file $T/root.pem --format json" \
    -n python "$PY scripts/bench-audit-helper.py audit $T/bundle.pem $T/names"

# ---------- (c) the same certificates as 1,000 separate files ----------
"$PY" scripts/bench-audit-helper.py split "$T"
FILES=("$T"/files/c*.pem)
lyn_files_missing=$("$BIN" audit "$T/topology.yaml" --cert reverse-proxy "${FILES[@]}" --ca-file "$T/root.pem" \
    --format json | python3 -c "import json,sys; print(sum(len(c['missing']) for c in json.load(sys.stdin)['certificates']))" || true)
py_files_missing=$("$PY" scripts/bench-audit-helper.py audit-files "$T/names" "${FILES[@]}" | sed 's/.*, \([0-9]*\) missing.*/\1/')
echo "separate files, missing names: lynccert $lyn_files_missing, python $py_files_missing"
[ "$lyn_files_missing" = "$py_files_missing" ] || { echo "the two audits disagree" >&2; exit 1; }
hyperfine -N --style basic --warmup 2 --runs "$RUNS" -i --export-json "$T/c.json" \
    -n "lynccert files" "$BIN audit $T/topology.yaml --cert reverse-proxy ${FILES[*]} --ca-file $T/root.pem --format json" \
    -n "python files" "$PY scripts/bench-audit-helper.py audit-files $T/names ${FILES[*]}" \
    -n "lynccert bundle" "$BIN audit $T/topology.yaml --cert reverse-proxy $T/bundle.pem --ca-file $T/root.pem --format json"
if [ "${CALLGRIND:-0}" = 1 ] && command -v valgrind >/dev/null; then
    # valgrind cannot read the release binary's debug information: count a stripped copy.
    strip -o "$T/lynccert-stripped" "$BIN"
    for input in bundle files; do
        if [ "$input" = bundle ]; then args=("$T/bundle.pem"); else args=("${FILES[@]}"); fi
        valgrind --tool=callgrind --callgrind-out-file="$T/cg.$input" "$T/lynccert-stripped" audit "$T/topology.yaml" \
            --cert reverse-proxy "${args[@]}" --ca-file "$T/root.pem" --format json 2>&1 >/dev/null \
            | sed -n "s/.*I *refs: */callgrind $input: instructions /p"
    done
fi

# ---------- (d) N (leaf, intermediate) pairs: linear? ----------
for n in 200 2000; do
    for kind in shared distinct; do
        "$PY" scripts/bench-audit-helper.py make-pairs "$T" "$n" "$kind"
        /usr/bin/time -f "pairs $n $kind: %e s wall, %M KiB peak" "$BIN" audit "$T/topology.yaml" \
            --cert reverse-proxy "$T/pairs-$n-$kind.pem" --ca-file "$T/root.pem" --format json 2>>"$T/d.txt" >/dev/null
    done
done

# ---------- (b) 100 SNI names against nginx ----------
{
    echo "version: 1"
    echo -n "sipDomains: ["
    for i in $(seq 1 50); do echo -n "d$i.example"; [ "$i" -lt 50 ] && echo -n ", "; done
    echo "]"
    echo "simpleUrls:"
    echo "  meet:"
    for i in $(seq 1 50); do echo "    - {domain: d$i.example, url: \"https://meet.d$i.example\"}"; done
    echo "  dialin: \"https://dialin.d1.example\""
    echo "pools:"
    echo "  - {fqdn: pool01.d1.example, role: frontEnd, externalWebFqdn: webext.d1.example}"
    echo "reverseProxy: {externalAddress: 203.0.113.10, autodiscover: https, lyncdiscoverRecord: a}"
} > "$T/many.yaml"
{
    echo webext.d1.example; echo dialin.d1.example
    for i in $(seq 1 50); do echo "meet.d$i.example"; echo "lyncdiscover.d$i.example"; done
} > "$T/many-names"
"$PY" scripts/bench-audit-helper.py make-server "$T" "$T/many-names"
PORT=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])")
mkdir -p "$T/nginx"
cat > "$T/nginx/nginx.conf" <<NGINX
worker_processes 1;
pid $T/nginx/nginx.pid;
error_log $T/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $T/nginx/body; proxy_temp_path $T/nginx/proxy; fastcgi_temp_path $T/nginx/fcgi;
    uwsgi_temp_path $T/nginx/uwsgi; scgi_temp_path $T/nginx/scgi;
    server {
        listen 127.0.0.1:$PORT ssl default_server;
        ssl_certificate $T/server.pem; ssl_certificate_key $T/server.key;
        ssl_session_cache off;
        return 204;
    }
}
NGINX
/usr/sbin/nginx -p "$T/nginx" -e "$T/nginx/error.log" -c "$T/nginx/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.05; done
NAMES=$(wc -l < "$T/many-names")
"$BIN" audit "$T/many.yaml" --cert reverse-proxy --connect "127.0.0.1:$PORT" --ca-file "$T/root.pem" >/dev/null \
    || { echo "lynccert audit --connect did not pass" >&2; exit 1; }
cat > "$T/sclient.sh" <<SH
#!/usr/bin/env bash
while read -r n; do openssl s_client -connect 127.0.0.1:$PORT -servername "\$n" </dev/null >/dev/null 2>&1; done < $T/many-names
SH
chmod +x "$T/sclient.sh"
hyperfine -N --style basic --warmup 2 --runs "$RUNS" --export-json "$T/b.json" \
    -n "lynccert --connect" "$BIN audit $T/many.yaml --cert reverse-proxy --connect 127.0.0.1:$PORT --ca-file $T/root.pem" \
    -n "openssl s_client loop" "$T/sclient.sh"

python3 - "$T/a.json" "$T/b.json" "$NAMES" "$T/c.json" "$T/d.txt" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))["results"]
b = json.load(open(sys.argv[2]))["results"]
names = sys.argv[3]
print()
print(f"(a) 1,000-certificate bundle: lynccert {a[0]['mean']*1000:.0f} ms, python cryptography {a[1]['mean']*1000:.0f} ms"
      f" (means) -> python/lynccert = {a[1]['mean']/a[0]['mean']:.2f}x; medians {a[0]['median']*1000:.0f} and"
      f" {a[1]['median']*1000:.0f} ms -> {a[1]['median']/a[0]['median']:.2f}x")
c = json.load(open(sys.argv[4]))["results"]
print(f"(c) 1,000 separate files: lynccert {c[0]['mean']*1000:.0f} ms, python cryptography {c[1]['mean']*1000:.0f} ms"
      f" -> python/lynccert = {c[1]['mean']/c[0]['mean']:.2f}x; the same certificates as one bundle:"
      f" {c[2]['mean']*1000:.0f} ms")
print(open(sys.argv[5]).read().strip().replace("pairs", "(d) pairs"))
print(f"(b) {names} SNI names + 1 without: lynccert --connect {b[0]['mean']*1000:.0f} ms, sequential openssl s_client"
      f" {b[1]['mean']*1000:.0f} ms -> {b[1]['mean']/b[0]['mean']:.1f}x")
PY
