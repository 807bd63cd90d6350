#!/usr/bin/env python3
"""Helpers for scripts/bench-audit.sh (python3-cryptography).

  make-bundle DIR N      write DIR/root.pem and DIR/bundle.pem: N leaf certificates (one shared
                         key, random subsets of the benchmark topology's names) plus the CA
  make-server DIR NAMES  write DIR/server.pem + DIR/server.key: one certificate for every name
                         in the file NAMES (one per line), issued by DIR/root.pem's key
  split DIR              write DIR/files/c0000.pem ...: each leaf of DIR/bundle.pem in a file
                         of its own (the CA stays in DIR/root.pem)
  make-pairs DIR N KIND  write DIR/pairs-N-KIND.pem: N (leaf, intermediate) pairs under
                         DIR/root.pem; KIND "shared": every pair repeats one intermediate;
                         "distinct": each leaf has an intermediate of its own
  audit BUNDLE NAMES     the reference audit: parse every certificate of BUNDLE, extract its
                         dNSName SANs and test RFC 6125 coverage of every name in NAMES
  audit-files NAMES FILE...  the same over one certificate file each
"""
import datetime
import random
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NAMES = [
    "webext.contoso.com", "dialin.contoso.com", "meet.contoso.com", "meet.fabrikam.com",
    "lyncdiscover.contoso.com", "lyncdiscover.fabrikam.com",
]


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def ca(directory):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name("Bench Root CA")).issuer_name(name("Bench Root CA"))
        .public_key(key.public_key()).serial_number(1).not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    with open(f"{directory}/root.pem", "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(f"{directory}/root.key", "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    return key, cert


def leaf(ca_key, ca_cert, key, cn, sans, serial):
    now = datetime.datetime.now(datetime.timezone.utc)
    return (
        x509.CertificateBuilder().subject_name(name(cn)).issuer_name(ca_cert.subject)
        .public_key(key.public_key()).serial_number(serial).not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(s) for s in sans]), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]),
                       critical=False)
        .add_extension(x509.KeyUsage(True, False, True, False, False, False, False, False, False), critical=True)
        .add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
            [x509.UniformResourceIdentifier("http://crl.contoso.test/ca.crl")], None, None, None)]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )


def make_bundle(directory, count):
    ca_key, ca_cert = ca(directory)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    rng = random.Random(6125)
    with open(f"{directory}/bundle.pem", "wb") as f:
        for i in range(count):
            sans = [n for n in NAMES if rng.random() < 0.85] or ["webext.contoso.com"]
            if rng.random() < 0.3:
                sans.append("*.contoso.com")
            sans.append(f"host{i}.contoso.com")
            f.write(leaf(ca_key, ca_cert, key, "webext.contoso.com", sans, 1000 + i)
                    .public_bytes(serialization.Encoding.PEM))
        f.write(ca_cert.public_bytes(serialization.Encoding.PEM))


def split(directory):
    import os
    end = b"-----END CERTIFICATE-----\n"
    with open(f"{directory}/bundle.pem", "rb") as f:
        blocks = [b + end for b in f.read().split(end) if b"-----BEGIN" in b]
    os.makedirs(f"{directory}/files", exist_ok=True)
    # The last block is the CA: the files are the leaves only.
    for i, block in enumerate(blocks[:-1]):
        with open(f"{directory}/files/c{i:04d}.pem", "wb") as f:
            f.write(block)


def intermediate(ca_key, ca_cert, key, index):
    now = datetime.datetime.now(datetime.timezone.utc)
    return (
        x509.CertificateBuilder().subject_name(name(f"Bench Issuing CA {index}")).issuer_name(ca_cert.subject)
        .public_key(key.public_key()).serial_number(500000 + index)
        .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=1825))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )


def make_pairs(directory, count, kind):
    with open(f"{directory}/root.key", "rb") as f:
        ca_key = serialization.load_pem_private_key(f.read(), None)
    with open(f"{directory}/root.pem", "rb") as f:
        ca_cert = x509.load_pem_x509_certificate(f.read())
    # One key for every intermediate and one for every leaf: key generation is not what is measured.
    int_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    shared = intermediate(ca_key, ca_cert, int_key, 0)
    with open(f"{directory}/pairs-{count}-{kind}.pem", "wb") as f:
        for i in range(count):
            issuer = shared if kind == "shared" else intermediate(ca_key, ca_cert, int_key, i)
            sans = NAMES + [f"host{i}.contoso.com"]
            f.write(leaf(int_key, issuer, key, "webext.contoso.com", sans, 1000 + i)
                    .public_bytes(serialization.Encoding.PEM))
            f.write(issuer.public_bytes(serialization.Encoding.PEM))


def make_server(directory, names_file):
    with open(f"{directory}/root.key", "rb") as f:
        ca_key = serialization.load_pem_private_key(f.read(), None)
    with open(f"{directory}/root.pem", "rb") as f:
        ca_cert = x509.load_pem_x509_certificate(f.read())
    names = [line.strip() for line in open(names_file) if line.strip()]
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with open(f"{directory}/server.pem", "wb") as f:
        f.write(leaf(ca_key, ca_cert, key, names[0], names, 7).public_bytes(serialization.Encoding.PEM))
    with open(f"{directory}/server.key", "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                  serialization.NoEncryption()))


def matches(pattern, host):
    p = pattern.lower().rstrip(".").split(".")
    h = host.lower().rstrip(".").split(".")
    if len(p) != len(h):
        return False
    if p[0] == "*":
        return len(p) >= 3 and p[1:] == h[1:]
    return p == h


def load(data):
    if hasattr(x509, "load_pem_x509_certificates"):
        certs = x509.load_pem_x509_certificates(data)
    else:
        # cryptography < 39 (Debian 12 ships 38) reads one PEM block per call.
        end = b"-----END CERTIFICATE-----"
        certs = [x509.load_pem_x509_certificate(block + end) for block in data.split(end) if b"-----BEGIN" in block]
    return certs


def count_missing(certs, names):
    missing = 0
    for cert in certs:
        try:
            sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        except x509.ExtensionNotFound:
            continue
        dns = sans.get_values_for_type(x509.DNSName)
        missing += sum(1 for n in names if not any(matches(d, n) for d in dns))
    return missing


def audit(bundle, names_file):
    names = [line.strip() for line in open(names_file) if line.strip()]
    with open(bundle, "rb") as f:
        certs = load(f.read())
    print(f"{len(certs)} certificates, {count_missing(certs, names)} missing names")


def audit_files(names_file, paths):
    names = [line.strip() for line in open(names_file) if line.strip()]
    certs = []
    for path in paths:
        with open(path, "rb") as f:
            certs += load(f.read())
    print(f"{len(certs)} certificates, {count_missing(certs, names)} missing names")


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "make-bundle":
        make_bundle(sys.argv[2], int(sys.argv[3]))
    elif command == "make-server":
        make_server(sys.argv[2], sys.argv[3])
    elif command == "split":
        split(sys.argv[2])
    elif command == "make-pairs":
        make_pairs(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif command == "audit":
        audit(sys.argv[2], sys.argv[3])
    elif command == "audit-files":
        audit_files(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
