import CertPlanner
import Crypto
import Foundation
import HTTPProbe
import PublishingPlanner
import TestSupport
import Testing
import TopologyModel

@testable import Workflows

/// `verify`'s certificate check in-process against nginx on loopback: the served chain read once
/// (`ServedChains`), audited per name, judged by `VerifyChecks.judgeCertificate`.
@Suite("VerifyCertificates: the certificate served for each published name")
struct VerifyCertificatesTests {
    static var ca: TestCA { get throws { try AuditRunTests.ca } }
    static let planned = AuditRunTests.planned

    static func trust() throws -> Result<TrustStore, WorkflowError> {
        .success(try TrustStore(anchors: .pem(Array(try Data(contentsOf: ca.rootCertificate)))))
    }

    @Test("covered names pass with the thumbprint; a name served a certificate without it fails, naming its SANs")
    func coverage() async throws {
        let good = try AuditRunTests.good
        let bundle = try Self.ca.export(good, as: .pemBundle)
        let other = try Self.ca.issue("verify-other", .init(commonName: "other.example", dnsNames: ["other.example"]))
        let server = try TLSServer(
            defaultHost: .init(names: [], certificateChain: bundle, key: good.key),
            hosts: [
                .init(names: ["webext.contoso.com"], certificateChain: bundle, key: good.key),
                .init(names: ["meet.contoso.com"], certificateChain: other.certificate, key: other.key),
            ])
        defer { server.stop() }
        let results = await VerifyCertificates.run(
            planned: Self.planned, names: ["webext.contoso.com", "meet.contoso.com"],
            endpoint: HTTPEndpoint(address: "127.0.0.1", port: server.port), trustStore: try Self.trust(),
            timeout: 5, concurrency: 2, at: Date())
        #expect(results.map(\.name) == ["webext.contoso.com", "meet.contoso.com"])
        #expect(results.allSatisfy { $0.kind == .certificate && $0.url == "https://\($0.name)/" })
        #expect(results[0].status == .ok, "\(results[0].message)")
        #expect(results[0].message.hasPrefix("covered by webext.contoso.com on "))
        #expect(results[0].thumbprint?.count == 40)
        #expect(results[0].daysUntilExpiry != nil)
        #expect(results[1].status == .fail)
        #expect(results[1].message.hasPrefix("name-not-covered: the certificate served for meet.contoso.com"))
        #expect(results[1].message.hasSuffix("it has other.example"))
    }

    @Test("trust anchors that cannot be loaded fail every name with the reason, without a handshake")
    func noAnchors() async {
        let results = await VerifyCertificates.run(
            planned: Self.planned, names: ["a.contoso.com", "b.contoso.com"],
            endpoint: HTTPEndpoint(address: "127.0.0.1", port: 9),
            trustStore: .failure(.failed("ca.pem: no such file")),
            timeout: 1, concurrency: 1, at: Date())
        #expect(results.map(\.status) == [.fail, .fail])
        #expect(results.allSatisfy { $0.message == "cannot load the trust anchors: ca.pem: no such file" })
    }

    @Test("nothing listening: each name fails as a failed handshake")
    func refused() async throws {
        let closed = try ClosedLoopbackPort()
        defer { closed.release() }
        let results = await VerifyCertificates.run(
            planned: Self.planned, names: ["webext.contoso.com"],
            endpoint: HTTPEndpoint(address: "127.0.0.1", port: closed.port), trustStore: try Self.trust(),
            timeout: 2, concurrency: 1, at: Date())
        #expect(results.count == 1)
        #expect(results.first?.status == .fail)
        #expect(results.first?.message.hasPrefix("TLS handshake failed: ") == true)
    }

    @Test("no planned reverse-proxy certificate or no HTTPS names: no certificate checks")
    func nothingToCheck() async throws {
        let none = await VerifyCertificates.run(
            planned: nil, names: ["a.contoso.com"], endpoint: HTTPEndpoint(address: "127.0.0.1", port: 9),
            trustStore: try Self.trust(), timeout: 1, concurrency: 1, at: Date())
        #expect(none.isEmpty)
        let noNames = await VerifyCertificates.run(
            planned: Self.planned, names: [], endpoint: HTTPEndpoint(address: "127.0.0.1", port: 9),
            trustStore: try Self.trust(), timeout: 1, concurrency: 1, at: Date())
        #expect(noNames.isEmpty)
    }
}

@Suite("FullPlan and CSRRun: values in, values out")
struct PlanAndCSRTests {
    @Test("--only certs computes the certificate plan alone; findings come errors first, each once")
    func onlyCertificates() throws {
        let loaded = try TopologyLoader.validate(Fixtures.contoso(addresses: false), source: "t.yaml")
        let certs = FullPlan(loaded: loaded, only: .certs)
        #expect(!certs.certificates.certificates.isEmpty)
        #expect(certs.dns.records.isEmpty && certs.publishing.rules.isEmpty && certs.host == nil)
        let all = FullPlan(loaded: loaded)
        #expect(!all.dns.records.isEmpty && !all.publishing.rules.isEmpty && all.host != nil)
        #expect(all.findings == all.findings.sorted { $0.severity > $1.severity })
        #expect(Set(all.findings).count == all.findings.count)
        let host = FullPlan(loaded: loaded, only: .host)
        #expect(host.host != nil && !host.publishing.rules.isEmpty && host.certificates.certificates.isEmpty)
    }

    @Test("CSRRun.make: a key and a request OpenSSL verifies, carrying the planned names")
    func csr() throws {
        let planned = AuditRunTests.planned
        let contents = try CSRRun.make(
            for: planned, organization: nil, key: .rsa(bits: 2048), passphrase: nil)
        let folder = try TemporaryDirectory()
        let path = try folder.write("r.csr", contents.csr)
        let verified = try TestCA.openssl(["req", "-in", path, "-noout", "-verify", "-text"])
        #expect(verified.status == 0, "\(verified.stderr)")
        for name in planned.sanNames { #expect(verified.stdout.contains("DNS:\(name)")) }
        #expect(contents.key.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(contents.inf.contains("[NewRequest]"))
    }

    @Test("CSRRun.specification: an unknown extended key usage is bad input naming the certificate")
    func unknownEKU() {
        var planned = AuditRunTests.planned
        planned.extendedKeyUsages = ["no-such-usage"]
        #expect(throws: WorkflowError.badInput("reverse-proxy: unknown extended key usage 'no-such-usage'")) {
            try CSRRun.specification(for: planned, organization: nil)
        }
    }
}
