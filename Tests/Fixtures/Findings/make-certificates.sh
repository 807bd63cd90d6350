#!/bin/sh
# Makes the certificate fixtures of the audit finding codes (Tests/Fixtures/Findings/<code>/pass.pem,
# fail.pem), once: the files are committed and the test audits them at a fixed time, 2030-01-01.
# Dates are absolute (2025-01-01 to 2125-01-01 for a healthy certificate), so the fixtures do not age.
# The planned certificate is the reverse proxy's of the contoso example (Tests/Fixtures/Findings/topology.yaml)
# unless FindingFixtureTests says otherwise.
#   sh Tests/Fixtures/Findings/make-certificates.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

start=20250101000000Z
end=21250101000000Z
sans="DNS:webext.contoso.com,DNS:webdirext.contoso.com,DNS:dialin.contoso.com,DNS:meet.contoso.com,DNS:officewebapps01.contoso.com,DNS:lyncdiscover.contoso.com"

# An `openssl ca` per issuer, so every date can be written out.
ca_config() { # name
    mkdir -p "$1.db"
    : >"$1.db/index"
    echo 1000 >"$1.db/serial"
    cat >"$1.cnf" <<CNF
[ca]
default_ca = ca
[ca]
database = $1.db/index
serial = $1.db/serial
new_certs_dir = $1.db
policy = any
unique_subject = no
email_in_dn = no
copy_extensions = none
[any]
commonName = supplied
organizationName = optional
CNF
}

ext() { # file, then lines
    file=$1
    shift
    printf '%s\n' "[x]" "$@" >"$file"
}

ca_ext="basicConstraints=critical,CA:true
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash"

make_root() { # name cn
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null
    openssl req -new -key "$1.key" -subj "/CN=$2/O=Contoso" -out "$1.csr"
    ca_config "$1"
    printf '[x]\n%s\n' "$ca_ext" >"$1.ext"
    openssl ca -batch -notext -config "$1.cnf" -selfsign -keyfile "$1.key" -in "$1.csr" -out "$1.pem" \
        -startdate $start -enddate $end -md sha256 -extfile "$1.ext" -extensions x -preserveDN 2>/dev/null
}

make_intermediate() { # name cn issuer
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null
    openssl req -new -key "$1.key" -subj "/CN=$2/O=Contoso" -out "$1.csr"
    ca_config "$1"
    printf '[x]\n%s\nauthorityKeyIdentifier=keyid\n' "$ca_ext" >"$1.ext"
    openssl ca -batch -notext -config "$3.cnf" -cert "$3.pem" -keyfile "$3.key" -in "$1.csr" -out "$1.pem" \
        -startdate $start -enddate $end -md sha256 -extfile "$1.ext" -extensions x -preserveDN 2>/dev/null
}

make_root root "Contoso Fixture Root CA"
make_intermediate issuing "Contoso Fixture Issuing CA" root
make_root otherroot "Fabrikam Untrusted Root CA"
make_intermediate otherissuing "Fabrikam Untrusted Issuing CA" otherroot

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa2048.key 2>/dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out other2048.key 2>/dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out rsa1024.key 2>/dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:512 -out rsa512.key 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.key 2>/dev/null

# leaf NAME [key=rsa2048] [cn=webext.contoso.com] [san=...|none] [ku=...|none] [eku=...|none] [crl=yes|no]
#      [md=sha256] [start=] [end=] [issuer=issuing] [sigopt=]
leaf() {
    name=$1
    shift
    key=rsa2048 cn=webext.contoso.com san=$sans ku="critical,digitalSignature,keyEncipherment" eku=serverAuth
    crl=yes md=sha256 from=$start to=$end issuer=issuing sigopt=""
    for arg in "$@"; do
        case $arg in
        key=*) key=${arg#key=} ;;
        cn=*) cn=${arg#cn=} ;;
        san=*) san=${arg#san=} ;;
        ku=*) ku=${arg#ku=} ;;
        eku=*) eku=${arg#eku=} ;;
        crl=*) crl=${arg#crl=} ;;
        md=*) md=${arg#md=} ;;
        start=*) from=${arg#start=} ;;
        end=*) to=${arg#end=} ;;
        issuer=*) issuer=${arg#issuer=} ;;
        sigopt=*) sigopt=${arg#sigopt=} ;;
        esac
    done
    {
        echo "[x]"
        echo "basicConstraints=critical,CA:false"
        [ "$san" = none ] || echo "subjectAltName=$san"
        [ "$ku" = none ] || echo "keyUsage=$ku"
        [ "$eku" = none ] || echo "extendedKeyUsage=$eku"
        [ "$crl" = no ] || echo "crlDistributionPoints=URI:http://crl.contoso.com/issuing.crl"
        echo "authorityKeyIdentifier=keyid"
    } >"$name.ext"
    openssl req -new -key "$key.key" -subj "/CN=$cn" -out "$name.csr"
    openssl ca -batch -notext -config "$issuer.cnf" -cert "$issuer.pem" -keyfile "$issuer.key" -in "$name.csr" \
        -out "$name.pem" -startdate "$from" -enddate "$to" -md "$md" ${sigopt:+-sigopt "$sigopt"} \
        -extfile "$name.ext" -extensions x -preserveDN 2>/dev/null
}

# self_signed NAME: a self-signed leaf with the healthy extensions (openssl req -x509 takes only -days).
self_signed() {
    printf '[x]\nbasicConstraints=critical,CA:false\nsubjectAltName=%s\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' \
        "$sans" >"$1.ext"
    openssl req -x509 -new -key rsa2048.key -subj "/CN=webext.contoso.com" -days 36500 -sha256 \
        -config "$1.ext" -extensions x -out "$1.pem" 2>/dev/null
}

put() { # code pass|fail files…
    dir="$here/$1"
    mkdir -p "$dir"
    out="$dir/$2.pem"
    shift 2
    cat "$@" >"$out"
}

leaf good
leaf client-too eku=serverAuth,clientAuth
leaf no-meet san="DNS:webext.contoso.com,DNS:webdirext.contoso.com,DNS:dialin.contoso.com,DNS:officewebapps01.contoso.com,DNS:lyncdiscover.contoso.com"
# A subjectAltName whose one GeneralName claims 9 bytes and has 1.
leaf bad-san san=DER:3003820961
leaf bang san="$sans,DNS:meet!.contoso.com"
leaf wildcard san="$sans,DNS:*.contoso.com"
leaf wildcard-cn cn="*.contoso.com"
leaf cn-not-in-san cn=lync.contoso.com
leaf cn-meet cn=meet.contoso.com
leaf expired end=20291201000000Z
leaf not-yet start=20310101000000Z
leaf soon end=20300115000000Z
leaf rsa512 key=rsa512
leaf rsa1024 key=rsa1024
leaf ecdsa key=ec
leaf sha1 md=sha1
leaf md5 md=md5
leaf pss sigopt=rsa_padding_mode:pss
leaf client-only eku=clientAuth
leaf no-eku eku=none
leaf sign-only ku=critical,digitalSignature
leaf untrusted issuer=otherissuing
leaf no-crl crl=no
self_signed selfsigned

for code in name-not-covered san-unreadable invalid-name wildcard-not-allowed wildcard-in-subject subject-not-in-san \
    subject-mismatch expired not-yet-valid expires-soon key-too-small weak-key ecdsa-key sha1-signature md5-signature \
    unsupported-signature-algorithm missing-server-auth-eku eku-extension-missing missing-key-usage chain-incomplete \
    untrusted-chain chain-order root-sent self-signed self-signed-internal missing-crl-distribution-point key-mismatch; do
    put $code pass good.pem issuing.pem
done
put missing-client-auth-eku pass client-too.pem issuing.pem

put name-not-covered fail no-meet.pem issuing.pem
put san-unreadable fail bad-san.pem issuing.pem
put invalid-name fail bang.pem issuing.pem
put wildcard-not-allowed fail wildcard.pem issuing.pem
put wildcard-in-subject fail wildcard-cn.pem issuing.pem
put subject-not-in-san fail cn-not-in-san.pem issuing.pem
put subject-mismatch fail cn-meet.pem issuing.pem
put expired fail expired.pem issuing.pem
put not-yet-valid fail not-yet.pem issuing.pem
put expires-soon fail soon.pem issuing.pem
put key-too-small fail rsa512.pem issuing.pem
put weak-key fail rsa1024.pem issuing.pem
put ecdsa-key fail ecdsa.pem issuing.pem
put sha1-signature fail sha1.pem issuing.pem
put md5-signature fail md5.pem issuing.pem
put unsupported-signature-algorithm fail pss.pem issuing.pem
put missing-server-auth-eku fail client-only.pem issuing.pem
put eku-extension-missing fail no-eku.pem issuing.pem
put missing-client-auth-eku fail good.pem issuing.pem
put missing-key-usage fail sign-only.pem issuing.pem
put chain-incomplete fail good.pem
put untrusted-chain fail untrusted.pem otherissuing.pem otherroot.pem
put chain-order fail good.pem root.pem issuing.pem
put root-sent fail good.pem issuing.pem root.pem
put self-signed fail selfsigned.pem
put self-signed-internal fail selfsigned.pem
put missing-crl-distribution-point fail no-crl.pem issuing.pem
put key-mismatch fail good.pem issuing.pem
cp rsa2048.key "$here/key-mismatch/pass.key"
cp other2048.key "$here/key-mismatch/fail.key"

# The live audit (--connect): which certificate each SNI name received, as JSON beside the PEM files.
for code in different-certificate handshake-failed; do
    mkdir -p "$here/$code"
    cat good.pem issuing.pem >"$here/$code/served.pem"
done
cat cn-meet.pem issuing.pem >"$here/different-certificate/other.pem"

cp root.pem "$here/trust-anchor.pem"
