import Foundation
import TestSupport
import Testing

@testable import Crypto

/// The bulk decoder (keyless first pass, RSA key attached afterwards) against the plain
/// `d2i_X509` reader and the openssl command: same bytes, same fields, same verification.
@Suite("BulkCertificateDecoder reads what d2i_X509 reads")
struct BulkCertificateDecoderTests {
    private static let cachedCa = Cached("the bulk decoder test CA") {
        try TestCA()
    }
    static var ca: TestCA { get throws { try cachedCa.value } }
    private static let cachedRsaLeaf = Cached("the bulk decoder rsaLeaf") {
        try ca.issue(
            "bulk-rsa",
            .init(commonName: "webext.contoso.test", dnsNames: ["webext.contoso.test", "meet.contoso.test"]))
    }
    static var rsaLeaf: TestCA.Issued { get throws { try cachedRsaLeaf.value } }
    private static let cachedEcLeaf = Cached("the bulk decoder ecLeaf") {
        try ca.issue(
            "bulk-ec", .init(commonName: "ec.contoso.test", dnsNames: ["ec.contoso.test"], key: "ec:P-256"))
    }
    static var ecLeaf: TestCA.Issued { get throws { try cachedEcLeaf.value } }
    private static let cachedPssLeaf = Cached("the bulk decoder pssLeaf") {
        try ca.issue(
            "bulk-pss", .init(commonName: "pss.contoso.test", dnsNames: ["pss.contoso.test"], pss: true))
    }
    static var pssLeaf: TestCA.Issued { get throws { try cachedPssLeaf.value } }

    /// Every accessor the audit and `inspect` read, compared field by field.
    func expectSameFields(_ bulk: Certificate, _ plain: Certificate, sourceLocation: SourceLocation = #_sourceLocation)
    {
        #expect(bulk.derEncoded == plain.derEncoded, sourceLocation: sourceLocation)
        #expect(bulk.sha256Fingerprint == plain.sha256Fingerprint, sourceLocation: sourceLocation)
        #expect(bulk.sha1Fingerprint == plain.sha1Fingerprint, sourceLocation: sourceLocation)
        #expect(bulk.subject == plain.subject, sourceLocation: sourceLocation)
        #expect(bulk.issuer == plain.issuer, sourceLocation: sourceLocation)
        #expect(bulk.serialNumber == plain.serialNumber, sourceLocation: sourceLocation)
        #expect(bulk.notBefore == plain.notBefore && bulk.notAfter == plain.notAfter, sourceLocation: sourceLocation)
        #expect(bulk.publicKey == plain.publicKey, sourceLocation: sourceLocation)
        #expect(bulk.publicKey.bits == plain.publicKey.bits, sourceLocation: sourceLocation)
        #expect(bulk.publicKey.algorithm == plain.publicKey.algorithm, sourceLocation: sourceLocation)
        #expect(
            bulk.publicKey.subjectPublicKeyInfo == plain.publicKey.subjectPublicKeyInfo, sourceLocation: sourceLocation)
        #expect(bulk.signatureAlgorithm == plain.signatureAlgorithm, sourceLocation: sourceLocation)
        #expect(bulk.subjectAlternativeNames == plain.subjectAlternativeNames, sourceLocation: sourceLocation)
        #expect(bulk.keyUsage?.usage == plain.keyUsage?.usage, sourceLocation: sourceLocation)
        #expect(bulk.extendedKeyUsages?.usages == plain.extendedKeyUsages?.usages, sourceLocation: sourceLocation)
        #expect(bulk.basicConstraints == plain.basicConstraints, sourceLocation: sourceLocation)
        #expect(bulk.crlDistributionPoints == plain.crlDistributionPoints, sourceLocation: sourceLocation)
        #expect(bulk.isSelfSigned == plain.isSelfSigned, sourceLocation: sourceLocation)
        #expect(bulk.pemEncoded == plain.pemEncoded, sourceLocation: sourceLocation)
        #expect(bulk == plain, sourceLocation: sourceLocation)
    }

    static var sources: [URL] {
        get throws {
            try [
                rsaLeaf.certificate, ecLeaf.certificate, pssLeaf.certificate, ca.intermediateCertificate,
                ca.rootCertificate,
            ]
        }
    }

    @Test("RSA, ECDSA, RSASSA-PSS-signed, intermediate and root: same fields as the plain reader")
    func sameFields() throws {
        let ders = try Self.sources.map(derOf)
        let bulk = BulkCertificateDecoder.decode(ders)
        for (der, decoded) in zip(ders, bulk) {
            let certificate = try #require(decoded)
            expectSameFields(certificate, try Certificate(derEncoded: der))
            // openssl's own DER of the file is what the bulk reader keeps.
            #expect(certificate.derEncoded == der)
        }
    }

    @Test("RSA keys take the bulk path; other keys are read again by d2i_X509")
    func paths() throws {
        let bulk = BulkCertificateDecoder.decode(try Self.sources.map(derOf))
        #expect(bulk.map { $0?.storage.context != nil } == [true, false, true, true, true])
        // The attached key is the certificate's key: openssl prints the same modulus.
        let modulus = try TestCA.openssl(["x509", "-in", Self.rsaLeaf.certificate.path, "-noout", "-modulus"])
        let leaf = try #require(bulk[0])
        #expect(leaf.publicKey.bits == 2048)
        let fromKey = try TestCA.openssl(
            ["rsa", "-pubin", "-inform", "DER", "-noout", "-modulus"], stdin: Data(leaf.publicKey.subjectPublicKeyInfo))
        #expect(modulus.stdout == fromKey.stdout)
    }

    @Test("a leaf and its intermediate from the bulk reader verify to the root")
    func verifies() throws {
        let bulk = BulkCertificateDecoder.decode(
            try [Self.rsaLeaf.certificate, Self.ca.intermediateCertificate].map(derOf))
        let leaf = try #require(bulk[0])
        let intermediate = try #require(bulk[1])
        let store = try TrustStore(anchors: .pem(pemBytes(Self.ca.rootCertificate)))
        let result = try ChainVerifier.verify(leaf: leaf, intermediates: [intermediate], store: store)
        #expect(result.trusted)
        let without = try ChainVerifier.verify(leaf: leaf, intermediates: [], store: store)
        #expect(without.failure == .issuerMissing)
    }

    @Test("a damaged signature fails verification through the bulk reader exactly as through d2i_X509")
    func damagedSignature() throws {
        var der = try derOf(Self.rsaLeaf.certificate)
        der[der.count - 7] ^= 0x01  // inside the signature BIT STRING
        let bulk = try #require(BulkCertificateDecoder.decode([der])[0])
        #expect(bulk.storage.context != nil)
        let plain = try Certificate(derEncoded: der)
        let intermediate = try Certificate(derEncoded: derOf(Self.ca.intermediateCertificate))
        let store = try TrustStore(anchors: .pem(pemBytes(Self.ca.rootCertificate)))
        let viaBulk = try ChainVerifier.verify(leaf: bulk, intermediates: [intermediate], store: store)
        let viaPlain = try ChainVerifier.verify(leaf: plain, intermediates: [intermediate], store: store)
        #expect(!viaBulk.trusted)
        #expect(viaBulk == viaPlain)
        let check = try runProcess(
            "openssl",
            ["verify", "-CAfile", Self.ca.rootCertificate.path, "-untrusted", Self.ca.intermediateCertificate.path],
            stdin: Data(bulk.pemEncoded.utf8))
        #expect(check.status != 0)
    }

    @Test("an RSA key without NULL parameters (re-encoding would differ) falls back to d2i_X509")
    func nonCanonicalKeyParameters() throws {
        let der = try derOf(Self.rsaLeaf.certificate)
        let withNull: [UInt8] = [
            0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00,
        ]
        let withoutNull: [UInt8] = [0x30, 0x0B, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]
        let at = try #require(firstIndex(of: withNull, in: der))
        // SPKI, TBS and Certificate lengths (each `30 82 hi lo`) shrink by the two bytes removed.
        var edited = Array(der[..<at]) + withoutNull + Array(der[(at + withNull.count)...])
        shrinkLength(&edited, at: 0)
        shrinkLength(&edited, at: 4)
        shrinkLength(&edited, at: at - 4)
        let plain = try Certificate(derEncoded: edited)
        let bulk = try #require(BulkCertificateDecoder.decode([edited])[0])
        #expect(bulk.storage.context == nil)
        expectSameFields(bulk, plain)
        #expect(bulk.derEncoded == edited)
    }

    @Test("not a certificate: nil, like Certificate(leadingDER:)")
    func garbage() {
        let decoded = BulkCertificateDecoder.decode([[0x30, 0x03, 0x02, 0x01, 0x01], [], Array("nope".utf8)])
        #expect(decoded.allSatisfy { $0 == nil })
    }

    @Test("a 45-block PEM bundle (read on several threads) keeps order and bytes, as openssl splits it")
    func bundleOrder() throws {
        var pem: [UInt8] = []
        var expected: [[UInt8]] = []
        for _ in 0..<9 {
            for source in try Self.sources.shuffled() {
                pem += try pemBytes(source)
                expected.append(try derOf(source))
            }
        }
        let file = try CryptoFile.parse(pem, passphrase: nil)
        #expect(file.certificates.count == 45)
        #expect(file.certificates.map(\.derEncoded) == expected)
        let plain = try Certificate.fromPEM(pem)
        for (bulk, plain) in zip(file.certificates, plain) { expectSameFields(bulk, plain) }
    }

    private func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }

    /// Lowers a `30 82 hi lo` length by two.
    private func shrinkLength(_ der: inout [UInt8], at index: Int) {
        precondition(der[index] == 0x30 && der[index + 1] == 0x82)
        let length = (Int(der[index + 2]) << 8 | Int(der[index + 3])) - 2
        der[index + 2] = UInt8(length >> 8)
        der[index + 3] = UInt8(length & 0xFF)
    }
}
