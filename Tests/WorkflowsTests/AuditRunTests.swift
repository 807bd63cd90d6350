import CertPlanner
import Crypto
import Foundation
import TestSupport
import Testing
import TopologyModel

@testable import Workflows

/// `AuditRun` in-process: real certificates from an OpenSSL test CA, real handshakes with nginx on
/// loopback; values in, audits out.
@Suite("AuditRun: certificate files and live endpoints")
struct AuditRunTests {
    private static let cachedCA = Cached("the AuditRun test CA") { try TestCA() }
    static var ca: TestCA { get throws { try cachedCA.value } }
    static let planned: PlannedCertificate = CertificatePlanner.plan(Fixtures.contoso()).certificate(
        id: "reverse-proxy")!
    static let required: [String] = planned.requiredNames
    private static let cachedGood = Cached("the AuditRun certificate with every planned name") {
        try ca.issue("good", .init(commonName: required[0], dnsNames: required))
    }
    static var good: TestCA.Issued { get throws { try cachedGood.value } }
    private static let cachedPartial = Cached("the AuditRun certificate without dialin.contoso.com") {
        try ca.issue(
            "partial", .init(commonName: required[0], dnsNames: required.filter { $0 != "dialin.contoso.com" }))
    }
    static var partial: TestCA.Issued { get throws { try cachedPartial.value } }

    static func chains() throws -> AuditChainBuilder {
        AuditChainBuilder(
            store: try TrustStore(anchors: .pem(Array(try Data(contentsOf: ca.rootCertificate)))), at: Date())
    }

    static func file(_ url: URL, as path: String? = nil) throws -> AuditRun.InputFile {
        AuditRun.InputFile(path: path ?? url.lastPathComponent, bytes: Array(try Data(contentsOf: url)))
    }

    @Test("a bundle and a copy of its leaf: one audit per copy under its own name, chain trusted, every name covered")
    func filesAudited() throws {
        let bundle = try Self.ca.export(Self.good, as: .pemBundle)
        let result = try AuditRun.files(
            [try Self.file(bundle, as: "bundle.pem"), try Self.file(Self.good.certificate, as: "leaf.pem")],
            planned: Self.planned, chains: try Self.chains(), warnDays: 30, passphrase: nil, privateKey: nil)
        #expect(result.audits.map(\.source) == ["bundle.pem", "leaf.pem"])
        for audit in result.audits {
            #expect(audit.missing.isEmpty)
            #expect(!audit.failed, "\(audit.findings)")
            // The leaf file alone still gets the bundle's intermediate as its chain.
            #expect(audit.chain.certificates.count == 2)
            #expect(audit.chain.verification == .trusted)
        }
        #expect(result.certificates.map(\.path) == ["bundle.pem", "leaf.pem"])
    }

    @Test("a certificate lacking a planned name: that name is missing and the audit fails")
    func missingName() throws {
        let bundle = try Self.ca.export(Self.partial, as: .pemBundle)
        let result = try AuditRun.files(
            [try Self.file(bundle)], planned: Self.planned, chains: try Self.chains(), warnDays: 30, passphrase: nil,
            privateKey: nil)
        let audit = try #require(result.audits.first)
        #expect(audit.missing == ["dialin.contoso.com"])
        #expect(audit.failed)
    }

    @Test("bytes that are no certificate: bad input naming the file")
    func garbage() throws {
        do {
            _ = try AuditRun.files(
                [AuditRun.InputFile(path: "junk.pem", bytes: Array("not a certificate".utf8))],
                planned: Self.planned, chains: try Self.chains(), warnDays: 30, passphrase: nil, privateKey: nil)
            Issue.record("no error")
        } catch let error as WorkflowError {
            #expect(error.kind == .badInput)
            #expect(error.message.hasPrefix("junk.pem: "))
        }
    }

    @Test("a live endpoint: one handshake per name and one without SNI; the name served another certificate is missing")
    func endpoint() async throws {
        let good = try Self.good
        let bundle = try Self.ca.export(good, as: .pemBundle)
        let other = try Self.ca.issue("other", .init(commonName: "other.example", dnsNames: ["other.example"]))
        let server = try TLSServer(
            defaultHost: .init(names: [], certificateChain: bundle, key: good.key),
            hosts: [
                .init(
                    names: Self.required.filter { $0 != "meet.contoso.com" }, certificateChain: bundle,
                    key: good.key),
                .init(names: ["meet.contoso.com"], certificateChain: other.certificate, key: other.key),
            ])
        defer { server.stop() }
        let key = try PrivateKey(pemEncoded: Array(try Data(contentsOf: good.key)))
        let audits = try await AuditRun.endpoint(
            planned: Self.planned, host: "127.0.0.1", port: server.port, chains: try Self.chains(), warnDays: 30,
            privateKey: key, timeout: 5, concurrency: 4)
        #expect(audits.contains { $0.missing.contains("meet.contoso.com") })
        #expect(audits.allSatisfy { !$0.missing.contains("dialin.contoso.com") })
        #expect(audits.contains { $0.failed })
    }

    @Test("nothing listening: could not complete, naming the endpoint")
    func unreachable() async throws {
        let closed = try ClosedLoopbackPort()
        defer { closed.release() }
        let port = closed.port
        do {
            _ = try await AuditRun.endpoint(
                planned: Self.planned, host: "127.0.0.1", port: port, chains: try Self.chains(), warnDays: 30,
                privateKey: nil, timeout: 2, concurrency: 2)
            Issue.record("no error")
        } catch let error as WorkflowError {
            #expect(error.kind == .failed)
            #expect(error.message.hasPrefix("cannot audit 127.0.0.1:\(port): no handshake succeeded"))
        }
    }

    @Test("endpoint syntax: host, host:port, [v6]:port, bare v6; bad ports refused")
    func endpointSyntax() {
        #expect(AuditRun.parseEndpoint("rp.contoso.com")! == ("rp.contoso.com", 443))
        #expect(AuditRun.parseEndpoint("203.0.113.10:8443")! == ("203.0.113.10", 8443))
        #expect(AuditRun.parseEndpoint("[2001:db8::1]:4443")! == ("2001:db8::1", 4443))
        #expect(AuditRun.parseEndpoint("2001:db8::1")! == ("2001:db8::1", 443))
        #expect(AuditRun.parseEndpoint("host:0") == nil)
        #expect(AuditRun.parseEndpoint("host:99999") == nil)
        #expect(AuditRun.parseEndpoint(":443") == nil)
    }
}
