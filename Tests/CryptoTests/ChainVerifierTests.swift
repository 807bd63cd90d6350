import Crypto
import Foundation
import TestSupport
import Testing

/// DER of a PEM certificate file, via the openssl command (an independent decoder).
func derOf(_ pem: URL) throws -> [UInt8] {
    let out = try TestCA.openssl(["x509", "-in", pem.path, "-outform", "DER"])
    return Array(out.stdoutData)
}

func pemBytes(_ url: URL) throws -> [UInt8] { Array(try Data(contentsOf: url)) }

@Suite("Chain verification")
struct ChainVerifierTests {
    private static let cachedCa = Cached("the chain verifier test CA") {
        try TestCA()
    }
    static var ca: TestCA { get throws { try cachedCa.value } }
    private static let cachedLeaf = Cached("the chain verifier leaf") {
        try ca.issue(
            "chain-leaf", .init(commonName: "webext.contoso.test", dnsNames: ["webext.contoso.test"]))
    }
    static var leaf: TestCA.Issued { get throws { try cachedLeaf.value } }

    @Test("leaf + intermediate verify to the root given as anchor")
    func trusted() throws {
        let result = try ChainVerifier.verify(
            leaf: derOf(Self.leaf.certificate), intermediates: [derOf(Self.ca.intermediateCertificate)],
            anchors: .pem(pemBytes(Self.ca.rootCertificate)))
        #expect(result.trusted)
        #expect(result.failure == nil)
        // openssl verify agrees.
        let check = try runProcess(
            "openssl",
            [
                "verify", "-CAfile", Self.ca.rootCertificate.path, "-untrusted", Self.ca.intermediateCertificate.path,
                Self.leaf.certificate.path,
            ])
        #expect(check.status == 0)
    }

    @Test("a leaf without its intermediate: issuer missing at depth 0, as openssl verify says")
    func missingIntermediate() throws {
        let result = try ChainVerifier.verify(
            leaf: derOf(Self.leaf.certificate), intermediates: [], anchors: .pem(pemBytes(Self.ca.rootCertificate)))
        #expect(!result.trusted)
        #expect(result.failure == .issuerMissing)
        #expect(result.errorDepth == 0)
        let check = try runProcess(
            "openssl", ["verify", "-CAfile", Self.ca.rootCertificate.path, Self.leaf.certificate.path])
        #expect(check.status != 0)
        #expect(check.stdout.contains(result.message) || check.stderr.contains(result.message))
    }

    @Test("a chain to another root is untrusted")
    func otherRoot() throws {
        let other = try TestCA(name: "Fabrikam Test")
        let result = try ChainVerifier.verify(
            leaf: derOf(Self.leaf.certificate), intermediates: [derOf(Self.ca.intermediateCertificate)],
            anchors: .pem(pemBytes(other.rootCertificate)))
        #expect(!result.trusted)
        #expect(result.failure == .untrustedRoot)
        #expect(result.errorDepth == 1)
    }

    @Test("an expired leaf is left to the expired check; an expired intermediate fails the chain")
    func timeHandling() throws {
        let expired = try Self.ca.issue(
            "chain-expired",
            .init(
                commonName: "old.contoso.test", dnsNames: ["old.contoso.test"], notBefore: "20200101000000Z",
                notAfter: "20200201000000Z"))
        let anchors = TrustAnchors.pem(try pemBytes(Self.ca.rootCertificate))
        let inter = try derOf(Self.ca.intermediateCertificate)
        #expect(
            try ChainVerifier.verify(leaf: derOf(expired.certificate), intermediates: [inter], anchors: anchors).trusted
        )
        // Six years on, the intermediate (five years) has expired too.
        let later = Date().addingTimeInterval(6 * 365 * 86_400)
        let result = try ChainVerifier.verify(
            leaf: derOf(Self.leaf.certificate), intermediates: [inter], anchors: anchors, at: later)
        #expect(!result.trusted)
        #expect(result.errorDepth == 1)
        #expect(result.message.contains("expired"))
        #expect(result.failure == .other)
    }

    @Test("garbage DER and an empty CA file are malformed input")
    func malformed() throws {
        #expect(throws: CryptoError(code: .malformedInput, reason: "")) {
            try ChainVerifier.verify(leaf: [0x30, 0x03, 0x01], intermediates: [], anchors: .system)
        }
        #expect(throws: CryptoError(code: .malformedInput, reason: "")) {
            try ChainVerifier.verify(
                leaf: derOf(Self.leaf.certificate), intermediates: [], anchors: .pem(Array("nothing".utf8)))
        }
    }
}
