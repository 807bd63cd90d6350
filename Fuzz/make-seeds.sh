#!/usr/bin/env bash
# Regenerates the seed corpora under Fuzz/Corpus/ (committed; run by hand after changing what the
# seeds should cover). Needs a built lynccert (`swift build`), openssl and python3 with PyYAML.
#   FuzzTopology:    the bundled examples and the imported samples' YAML, each also as JSON
#   FuzzTopologyXML: the topology XML samples of Tests/TopologyImportTests/Samples
#   FuzzCrypto:      keys, certificates, CSRs, PKCS#7 and PKCS#12 made by openssl
#                    (passphrase "fuzz-passphrase", as in Fuzz/FuzzCrypto)
#   FuzzDNSAnswer:   answers for lyncdiscover.contoso.com built byte by byte (A, AAAA, CNAME
#                    chains and loops, SRV, NXDOMAIN, SERVFAIL, truncated, EDNS, compression)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=Fuzz/Corpus
lynccert=.build/debug/lynccert

# Topology files.
dir=$corpus/FuzzTopology
rm -rf "$dir" && mkdir -p "$dir"
for example in $($lynccert init --list | awk '{print $1}'); do
    $lynccert init --example "$example" "$dir/$example.yaml"
done
for sample in Tests/TopologyImportTests/Snapshots/*.yaml; do
    cp "$sample" "$dir/imported-$(basename "$sample" | sed 's/\.[a-z]*\.yaml$//').yaml"
done
python3 - "$dir" <<'PY'
import json, pathlib, sys, yaml
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.yaml")):
    data = yaml.safe_load(path.read_text())
    path.with_suffix(".json").write_text(json.dumps(data, indent=2) + "\n")
PY

# Topology XML.
dir=$corpus/FuzzTopologyXML
rm -rf "$dir" && mkdir -p "$dir"
cp Tests/TopologyImportTests/Samples/*.tbxml Tests/TopologyImportTests/Samples/*.xml "$dir/"

# Certificates and keys.
dir=$corpus/FuzzCrypto
rm -rf "$dir" && mkdir -p "$dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=pass:fuzz-passphrase
openssl ecparam -name prime256v1 -genkey -noout -out "$work/ca.key"
openssl req -x509 -new -key "$work/ca.key" -subj "/C=US/O=Contoso Ltd/CN=Contoso Fuzz Root" -days 3650 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$work/ca.pem"
openssl ecparam -name prime256v1 -genkey -noout -out "$work/leaf.key"
openssl req -new -key "$work/leaf.key" -out "$work/leaf.csr" \
    -subj "/C=US/ST=WA/L=Redmond/O=Contoso, Ltd./OU=IT+Ops/CN=webext.contoso.com" \
    -addext "subjectAltName=DNS:webext.contoso.com,DNS:lyncdiscover.contoso.com,DNS:*.contoso.com,IP:192.0.2.10,IP:2001:db8::10,URI:https://meet.contoso.com/,email:admin@contoso.com" \
    -addext "keyUsage=critical,digitalSignature,keyEncipherment" \
    -addext "extendedKeyUsage=serverAuth,clientAuth"
cat >"$work/ext.cnf" <<'CNF'
subjectAltName=DNS:webext.contoso.com,DNS:lyncdiscover.contoso.com,DNS:*.contoso.com,IP:192.0.2.10
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth
crlDistributionPoints=URI:http://pki.contoso.com/root.crl
authorityInfoAccess=OCSP;URI:http://ocsp.contoso.com/,caIssuers;URI:http://pki.contoso.com/root.cer
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
CNF
openssl x509 -req -in "$work/leaf.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -set_serial 0x1234567890abcdef \
    -days 365 -extfile "$work/ext.cnf" -out "$work/leaf.pem"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/rsa.key"
openssl req -x509 -new -key "$work/rsa.key" -subj "/CN=sip.contoso.com" -days 30 -sha256 \
    -addext "subjectAltName=DNS:sip.contoso.com" -out "$work/rsa.pem"

cp "$work/leaf.pem" "$dir/leaf.pem"
openssl x509 -in "$work/leaf.pem" -outform DER -out "$dir/leaf.der"
openssl x509 -in "$work/rsa.pem" -outform DER -out "$dir/rsa-self-signed.der"
cat "$work/leaf.pem" "$work/ca.pem" >"$dir/chain.pem"
cp "$work/leaf.csr" "$dir/leaf.csr"
openssl req -in "$work/leaf.csr" -outform DER -out "$dir/leaf-csr.der"
openssl crl2pkcs7 -nocrl -certfile "$work/leaf.pem" -certfile "$work/ca.pem" -outform DER -out "$dir/chain.p7b"
openssl crl2pkcs7 -nocrl -certfile "$work/leaf.pem" -certfile "$work/ca.pem" -out "$dir/chain-p7.pem"
openssl pkcs8 -topk8 -in "$work/leaf.key" -nocrypt -out "$dir/leaf-pkcs8.key"
openssl pkcs8 -topk8 -in "$work/leaf.key" -v2 aes-128-cbc -iter 64 -passout "$pass" -out "$dir/leaf-encrypted.key"
openssl pkcs8 -topk8 -in "$work/leaf.key" -v2 aes-128-cbc -iter 64 -passout "$pass" -outform DER \
    -out "$dir/leaf-encrypted-key.der"
openssl pkey -in "$work/leaf.key" -pubout -out "$dir/leaf-public.pem"
openssl pkey -in "$work/leaf.key" -pubout -outform DER -out "$dir/leaf-public.der"
cat "$work/leaf.key" "$work/leaf.pem" >"$dir/key-and-certificate.pem"
openssl pkcs12 -export -inkey "$work/leaf.key" -in "$work/leaf.pem" -certfile "$work/ca.pem" -name webext \
    -iter 64 -passout "$pass" -out "$dir/leaf-aes.pfx"
openssl pkcs12 -export -legacy -inkey "$work/leaf.key" -in "$work/leaf.pem" -name webext \
    -iter 64 -passout "$pass" -out "$dir/leaf-legacy-rc2.pfx"
openssl pkcs12 -export -nokeys -in "$work/ca.pem" -iter 64 -passout "$pass" -out "$dir/ca-only.p12"

# DNS answers.
dir=$corpus/FuzzDNSAnswer
rm -rf "$dir" && mkdir -p "$dir"
python3 - "$dir" <<'PY'
import pathlib, struct, sys
out = pathlib.Path(sys.argv[1])
A, CNAME, SOA, AAAA, SRV, TXT, OPT = 1, 5, 6, 28, 33, 16, 41

def name(text):
    return b"".join(bytes([len(l)]) + l.encode() for l in text.split(".") if l) + b"\0"

def rr(owner, rtype, rdata, ttl=300, cls=1):
    owner = owner if isinstance(owner, bytes) else name(owner)
    return owner + struct.pack(">HHIH", rtype, cls, ttl, len(rdata)) + rdata

def message(qtype, answers=(), authority=(), additional=(), rcode=0, tc=False, qname="lyncdiscover.contoso.com",
            questions=1, msg_id=0x4C59):
    flags = 0x8000 | 0x0400 | 0x0100 | 0x0080 | rcode | (0x0200 if tc else 0)
    header = struct.pack(">HHHHHH", msg_id, flags, questions, len(answers), len(authority), len(additional))
    question = (name(qname) + struct.pack(">HH", qtype, 1)) if questions else b""
    return header + question + b"".join(answers) + b"".join(authority) + b"".join(additional)

ptr = b"\xc0\x0c"  # the question's name
seeds = {
    "a": message(A, [rr(ptr, A, bytes([192, 0, 2, 10]))]),
    "a-two": message(A, [rr(ptr, A, bytes([192, 0, 2, 10])), rr(ptr, A, bytes([198, 51, 100, 7]), ttl=60)]),
    "aaaa": message(AAAA, [rr(ptr, AAAA, bytes.fromhex("20010db8000000000000000000000010"))]),
    "cname": message(CNAME, [rr(ptr, CNAME, name("webext.contoso.com"))]),
    "cname-chain": message(A, [rr(ptr, CNAME, name("webext.contoso.com")),
                              rr("webext.contoso.com", CNAME, name("edge.contoso.net")),
                              rr("edge.contoso.net", A, bytes([203, 0, 113, 5]))]),
    "cname-leaves-answer": message(A, [rr(ptr, CNAME, name("webext.contoso.net"))]),
    "cname-loop": message(A, [rr(ptr, CNAME, name("b.contoso.com")),
                             rr("b.contoso.com", CNAME, name("lyncdiscover.contoso.com"))]),
    "cname-long": message(A, [rr(ptr, CNAME, name("c1.contoso.com"))]
                          + [rr(f"c{i}.contoso.com", CNAME, name(f"c{i + 1}.contoso.com")) for i in range(1, 10)]
                          + [rr("c10.contoso.com", A, bytes([192, 0, 2, 99]))]),
    "srv": message(SRV, [rr(ptr, SRV, struct.pack(">HHH", 0, 0, 443) + name("sip.contoso.com"))],
                   additional=[rr("sip.contoso.com", A, bytes([192, 0, 2, 20]))]),
    "nxdomain": message(A, rcode=3, authority=[rr("contoso.com", SOA, name("ns1.contoso.com") + name(
        "hostmaster.contoso.com") + struct.pack(">IIIII", 2026120301, 3600, 600, 86400, 300))]),
    "servfail-no-question": message(A, rcode=2, questions=0),
    "refused": message(A, rcode=5),
    "truncated": message(A, tc=True),
    "edns": message(A, [rr(ptr, A, bytes([192, 0, 2, 10]))],
                    additional=[b"\0" + struct.pack(">HHIH", OPT, 1232, 0, 0)]),
    "other-types": message(A, [rr(ptr, TXT, b"\x0bv=spf1 -all"), rr(ptr, A, bytes([192, 0, 2, 1]), cls=3),
                               rr(ptr, A, bytes([192, 0, 2, 2]))]),
    "bad-a-length": message(A, [rr(ptr, A, bytes([192, 0, 2]))]),
}
for key, data in seeds.items():
    (out / f"{key}.bin").write_bytes(data)
PY
echo "seeds written under $corpus"
