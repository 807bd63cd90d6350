import Crypto
import Foundation
import TestSupport
import Testing

@Suite("PrivateKey: generate, read and write keys, cross-checked with openssl pkey")
struct PrivateKeyTests {
    @Test(
        "generated keys have the requested type and size (openssl pkey agrees)",
        arguments: [
            (KeySpecification.rsa(bits: 2048), "Private-Key: (2048 bit"),
            (KeySpecification.rsa(bits: 3072), "Private-Key: (3072 bit"),
            (KeySpecification.ecdsa(.p256), "NIST CURVE: P-256"),
            (KeySpecification.ecdsa(.p384), "NIST CURVE: P-384"),
        ])
    func generate(spec: KeySpecification, opensslSays: String) throws {
        let fixtures = try OpenSSLFixtures()
        let key = try PrivateKey.generate(spec)
        switch spec {
        case .rsa(let bits):
            #expect(key.algorithm == .rsa)
            #expect(key.bitSize == bits)
        case .ecdsa(let curve):
            #expect(key.algorithm == .ecdsa)
            #expect(key.bitSize == curve.bits)
            #expect(key.publicKey.curve == curve.description)
        }
        try fixtures.folder.write("k.pem", try key.pemPKCS8())
        #expect(try key.pemPKCS8().hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let text = try fixtures.openssl("pkey", "-in", fixtures.path("k.pem"), "-noout", "-text").stdout
        #expect(text.contains(opensslSays))
    }

    /// Certificate summary (JJ204846): Lync's minimum is 1024 bits, so a topology asking for it gets it.
    @Test("RSA 4096 and Lync's minimum 1024 (JJ204846) are made; odd sizes are refused")
    func rsaSizes() throws {
        #expect(try PrivateKey.generate(.rsa(bits: 4096)).bitSize == 4096)
        #expect(try PrivateKey.generate(.rsa(bits: 1024)).bitSize == 1024)
        #expect(throws: CryptoError(code: .unsupported, reason: "")) { try PrivateKey.generate(.rsa(bits: 1000)) }
    }

    @Test("an encrypted key opens only with its passphrase, in openssl and here")
    func encryptedRoundTrip() throws {
        let fixtures = try OpenSSLFixtures()
        let key = try PrivateKey.generate(.rsa(bits: 2048))
        let pem = try key.pemPKCS8(passphrase: Array("correct horse".utf8))
        #expect(pem.hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----"))
        try fixtures.folder.write("enc.pem", pem)
        let good = try fixtures.openssl(
            "pkey", "-in", fixtures.path("enc.pem"), "-passin", "pass:correct horse", "-noout", "-text")
        #expect(good.stdout.contains("Private-Key: (2048 bit"))
        let bad = try fixtures.opensslArgs(
            ["pkey", "-in", fixtures.path("enc.pem"), "-passin", "pass:wrong", "-noout"], expectSuccess: false)
        #expect(bad.status != 0)
        // The PBES2 parameters name AES-256-CBC.
        let asn1 = try fixtures.openssl("asn1parse", "-in", fixtures.path("enc.pem")).stdout
        #expect(asn1.contains("aes-256-cbc"))

        let reread = try PrivateKey(pemEncoded: Array(pem.utf8), passphrase: Array("correct horse".utf8))
        #expect(reread.hasSamePublicKey(as: key))
        #expect(throws: CryptoError(code: .wrongPassphrase, reason: "")) {
            try PrivateKey(pemEncoded: Array(pem.utf8), passphrase: Array("wrong".utf8))
        }
        #expect(throws: CryptoError(code: .wrongPassphrase, reason: "")) { try PrivateKey(pemEncoded: Array(pem.utf8)) }
        #expect(throws: CryptoError(code: .malformedInput, reason: "")) { try key.pemPKCS8(passphrase: []) }
    }

    @Test("reads the formats openssl writes: traditional, encrypted traditional, DER, encrypted DER, EC")
    func readsOpenSSLFormats() throws {
        let fixtures = try OpenSSLFixtures()
        try fixtures.openssl("genrsa", "-traditional", "-out", fixtures.path("trad.pem"), "2048")
        try fixtures.openssl(
            "rsa", "-in", fixtures.path("trad.pem"), "-traditional", "-aes256", "-passout", "pass:pw", "-out",
            fixtures.path("trad-enc.pem"))
        try fixtures.openssl(
            "pkey", "-in", fixtures.path("trad.pem"), "-outform", "DER", "-out", fixtures.path("k.der"))
        try fixtures.openssl(
            "pkcs8", "-topk8", "-in", fixtures.path("trad.pem"), "-outform", "DER", "-passout", "pass:pw", "-out",
            fixtures.path("k-enc.der"))
        try fixtures.openssl(
            "pkey", "-in", fixtures.path("trad.pem"), "-pubout", "-outform", "DER", "-out", fixtures.path("pub.der"))
        let spki = try fixtures.bytes("pub.der")

        #expect(String(decoding: try fixtures.bytes("trad.pem"), as: UTF8.self).contains("BEGIN RSA PRIVATE KEY"))
        #expect(String(decoding: try fixtures.bytes("trad-enc.pem"), as: UTF8.self).contains("Proc-Type: 4,ENCRYPTED"))
        let pw = Array("pw".utf8)
        let keys = [
            try PrivateKey(bytes: try fixtures.bytes("trad.pem")),
            try PrivateKey(bytes: try fixtures.bytes("trad-enc.pem"), passphrase: pw),
            try PrivateKey(bytes: try fixtures.bytes("k.der")),
            try PrivateKey(bytes: try fixtures.bytes("k-enc.der"), passphrase: pw),
        ]
        for key in keys { #expect(key.publicKey.subjectPublicKeyInfo == spki) }
        #expect(throws: CryptoError(code: .wrongPassphrase, reason: "")) {
            try PrivateKey(bytes: try fixtures.bytes("trad-enc.pem"), passphrase: Array("nope".utf8))
        }
        #expect(throws: CryptoError(code: .wrongPassphrase, reason: "")) {
            try PrivateKey(bytes: try fixtures.bytes("k-enc.der"))
        }

        try fixtures.openssl("ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", fixtures.path("ec.pem"))
        let ec = try PrivateKey(bytes: try fixtures.bytes("ec.pem"))
        #expect(ec.algorithm == .ecdsa)
        #expect(ec.publicKey.curve == "P-384")
    }

    @Test(
        "garbage is malformed input, not a crash",
        arguments: [
            Array("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n".utf8), [0x30, 0x82, 0x01],
            [0x00, 0x01, 0x02],
        ])
    func garbage(bytes: [UInt8]) {
        #expect(throws: CryptoError(code: .malformedInput, reason: "")) { try PrivateKey(bytes: bytes) }
    }
}
