import CertPlanner
import Foundation
import TestSupport
import Testing
import TopologyModel

@testable import LyncCertCLI
@testable import Reports
@testable import Workflows

/// Golden files of the certificate plan's text and JSON rendering.
@Suite("lynccert plan: certificate plan golden files")
struct PlanGoldenTests {
    /// Microsoft's contoso example (CS-RP, CS-EDGE-PUB, CS-DIRPOOL) with two SIP domains and XMPP,
    /// built in Swift so the rendering is pinned independently of the topology file loader.
    static let contoso = Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"], wildcard: .simpleUrls)

    @Test("text rendering of the contoso certificate plan")
    func contosoText() {
        let plan = CertificatePlanner.plan(Self.contoso)
        assertSnapshot(PlanText.certificates(plan), named: "certificates-contoso-model.txt")
    }

    @Test("JSON rendering keeps DESIGN.md's keys")
    func contosoJSON() throws {
        let plan = CertificatePlanner.plan(Self.contoso)
        let json = try JSONOutput.encode(plan.certificates.map(CertificateJSON.init))
        assertSnapshot(json + "\n", named: "certificates-contoso-model.json")
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        let first = try #require(decoded?.first)
        for key in [
            "id", "subject", "subjectAlternativeNames", "keyAlgorithm", "keySize", "keyUsages", "extendedKeyUsages",
            "issuer", "exportablePrivateKey",
        ] {
            #expect(first[key] != nil, "missing \(key)")
        }
        #expect(first["subject"] as? String == "webext.contoso.com")
        #expect(first["issuer"] as? String == "public")
    }

    /// The examples `lynccert init --example NAME` writes.
    static let examples = ["contoso", "multi-domain", "standard-edition"]

    @Test("lynccert plan --only certs on each bundled example: text golden file", arguments: examples)
    func exampleText(_ example: String) async throws {
        let dir = try TemporaryDirectory()
        let topology = try await writeExample(example, into: dir)
        let result = try await runLynccert(["plan", topology, "--only", "certs"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        assertSnapshot(result.stdout, named: "plan-certs-\(example).txt")
    }

    @Test("lynccert plan --only certs --format json on each bundled example: JSON golden file", arguments: examples)
    func exampleJSON(_ example: String) async throws {
        let dir = try TemporaryDirectory()
        let topology = try await writeExample(example, into: dir)
        let result = try await runLynccert(["plan", topology, "--only", "certs", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        assertSnapshot(result.stdout, named: "plan-certs-\(example).json")
        // Independent of the golden file: valid JSON, and every SAN list holds its subject.
        let object = try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any]
        let certificates = try #require(object?["certificates"] as? [[String: Any]])
        #expect(!certificates.isEmpty)
        for certificate in certificates {
            let subject = certificate["subject"] as? String ?? ""
            let sans = certificate["subjectAlternativeNames"] as? [String] ?? []
            #expect(sans.contains(subject), "\(certificate["id"] ?? "?")")
        }
    }

    @Test("the contoso example's reverse-proxy certificate is Microsoft's CS-RP table")
    func contosoExampleIsCSRP() async throws {
        let dir = try TemporaryDirectory()
        let topology = try await writeExample("contoso", into: dir)
        let result = try await runLynccert(["plan", topology, "--only", "certs", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any]
        let certificates = try #require(object?["certificates"] as? [[String: Any]])
        let rp = try #require(certificates.first { $0["id"] as? String == "reverse-proxy" })
        #expect(rp["subject"] as? String == "webext.contoso.com")
        #expect(
            rp["subjectAlternativeNames"] as? [String] == [
                "webext.contoso.com", "webdirext.contoso.com", "dialin.contoso.com", "meet.contoso.com",
                "officewebapps01.contoso.com", "lyncdiscover.contoso.com",
            ])
    }

    private func writeExample(_ name: String, into dir: TemporaryDirectory) async throws -> String {
        let path = dir.file("\(name).yaml").path
        let result = try await runLynccert(["init", "--example", name, path])
        try #require(result.status == 0, "lynccert init --example \(name): \(result.stderr)")
        return path
    }
}
