#!/usr/bin/env bash
# Benchmark: lynccert verify against a reverse proxy on loopback, next to curl making the same
# HTTP requests (no judging, no certificate audit).
#
# Sets up what the rehearsal test does: the Lync web stand-in (Tests/TestSupport/LyncWebStandIn.py)
# as the pool, nginx from `lynccert export --to nginx` in front of it with a certificate from
# `lynccert csr` signed by a throw-away CA, all on 127.0.0.1. Then hyperfine runs:
#   1. lynccert verify (9 HTTP requests + 5 TLS handshakes with the certificate audit), JSON out
#   2. curl --parallel with the same 9 requests (--connect-to), output discarded
#   3. curl, the same 9 requests one after another
# Needs: nginx, python3, openssl, curl, hyperfine. Builds the release lynccert
# (scripts/build-release.sh) unless LYNCCERT_BIN names one.
# Usage: scripts/bench-verify.sh [RUNS]
set -euo pipefail

runs=${1:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="${LYNCCERT_BIN:-$("$root/scripts/build-release.sh" 2>/dev/null)}"
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

cat >"$work/topology.yaml" <<'EOF'
version: 1
sipDomains: [contoso.com]
simpleUrls:
  meet: [{domain: contoso.com, url: "https://meet.contoso.com"}]
  dialin: "https://dialin.contoso.com"
pools:
  - {fqdn: pool01.contoso.net, role: frontEnd, internalWebFqdn: lsweb.contoso.net, externalWebFqdn: webext.contoso.com, internalWebAddress: 127.0.0.1}
officeWebApps: {fqdn: officewebapps01.contoso.com, publishedExternally: true, internalAddress: 127.0.0.1}
reverseProxy: {externalAddress: 127.0.0.1, autodiscover: https}
EOF
names=webext.contoso.com,meet.contoso.com,dialin.contoso.com,lyncdiscover.contoso.com,officewebapps01.contoso.com

cd "$work"
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 -subj "/CN=Bench CA" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
# The pool's own certificate is its trust anchor: nginx verifies the upstream hop against it.
openssl req -x509 -newkey rsa:2048 -nodes -keyout pool.key -out pool.pem -days 30 -subj /CN=lsweb.contoso.net \
    -addext subjectAltName=DNS:lsweb.contoso.net,DNS:officewebapps01.contoso.com 2>/dev/null
"$bin" csr topology.yaml --cert reverse-proxy --out certs >/dev/null
printf '[v3]\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\ncrlDistributionPoints=URI:http://crl.contoso.test/b.crl\n' >ext.cnf
openssl x509 -req -in certs/reverse-proxy.csr -CA ca.pem -CAkey ca.key -set_serial 1 -days 365 -sha256 \
    -copy_extensions copy -extfile ext.cnf -extensions v3 -out rp.pem 2>/dev/null

python3 "$root/Tests/TestSupport/LyncWebStandIn.py" --names "$names" --external-web-fqdn webext.contoso.com \
    --cert pool.pem --key pool.key >standin.out 2>standin.log &
pids+=($!)
for _ in $(seq 50); do grep -q PORT standin.out 2>/dev/null && break; sleep 0.1; done
standin=$(awk '/PORT/ {print $2}' standin.out)

https=$(free_port)
"$bin" export topology.yaml --to nginx --listen-address 127.0.0.1 --https-port "$https" \
    --resolve "*=127.0.0.1:$standin" --certificate-file "$work/rp.pem" --key-file "$work/certs/reverse-proxy.key" \
    --upstream-ca "$work/pool.pem" >lync.conf 2>/dev/null
mkdir -p logs
cat >nginx.conf <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $work/body; proxy_temp_path $work/proxy; fastcgi_temp_path $work/fcgi;
    uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
    include $work/lync.conf;
}
EOF
/usr/sbin/nginx -p "$work" -e "$work/logs/error.log" -c "$work/nginx.conf" -g 'daemon off;' &
pids+=($!)
for _ in $(seq 50); do (echo >/dev/tcp/127.0.0.1/"$https") 2>/dev/null && break; sleep 0.1; done

"$bin" verify topology.yaml --connect "127.0.0.1:$https" --ca-file ca.pem | tail -1

urls=(https://webext.contoso.com/abs https://webext.contoso.com/GroupExpansion/service.svc
    https://webext.contoso.com/meet/ https://webext.contoso.com/dialin/
    https://webext.contoso.com/autodiscover/autodiscoverservice.svc/root https://meet.contoso.com/
    https://dialin.contoso.com/ https://lyncdiscover.contoso.com/ https://officewebapps01.contoso.com/hosting/discovery)
connect=()
for n in ${names//,/ }; do connect+=(--connect-to "$n:443:127.0.0.1:$https"); done
curl_args="-s -o /dev/null --cacert ca.pem ${connect[*]}"
curl_parallel="curl --parallel --parallel-max 8 $curl_args ${urls[*]}"
curl_serial="for u in ${urls[*]}; do curl $curl_args \$u; done"

hyperfine --warmup 2 --runs "$runs" -N \
    -n "lynccert verify (9 HTTP + 5 certificate checks)" \
    "$bin verify topology.yaml --connect 127.0.0.1:$https --ca-file ca.pem --format json" \
    -n "curl --parallel (the 9 requests only)" "$curl_parallel"
hyperfine --warmup 2 --runs "$runs" -n "curl, one request after another (the 9 requests only)" "$curl_serial"
