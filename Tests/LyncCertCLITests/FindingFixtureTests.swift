import CertPlanner
import Crypto
import DNSPlanner
import Foundation
import PublishingPlanner
import TestSupport
import Testing
import TopologyImport
import TopologyModel
import Workflows

@testable import LyncCertCLI

/// zlint-style fixtures for every catalogued code: `Tests/Fixtures/Findings/<code>/pass.*` must not
/// raise the code and `fail.*` must raise it, at the catalogue's severity. Each file goes through
/// the pure functions of its pipeline, values in and findings out:
/// - `.yaml`: a topology through the loader and the certificate, DNS, publishing and host planners;
/// - `.xml`: a Topology Builder document through the XML importer;
/// - `.pem`: a certificate (leaf first, then what the server sends) through the audit checks,
///   against a planned certificate of `topology.yaml`, verified against `trust-anchor.pem` at 2030-01-01
///   (`make-certificates.sh` made them with openssl, valid 2025-2125 unless the code is about dates);
///   a `.key` beside it is the `--key` file;
/// - `.json`: observation values — the handshakes of `audit --connect`, what DNS servers answered
///   (`dns check`, which names a code in a row's message), or what `lynccert issue` learns about a
///   certificate it orders.
@Suite("Finding fixtures: a pass and a fail fixture for every catalogued code")
struct FindingFixtureTests {
    static let root = TestSupport.fixture("Tests/Fixtures/Findings")
    /// The audit time of every certificate fixture.
    static let at = Date(timeIntervalSince1970: 1_893_456_000)  // 2030-01-01T00:00:00Z

    /// Codes without fixtures, and why.
    static let withoutFixtures: [String: String] = [
        "route-invalid":
            "the loader refuses a route whose subnet or next hop does not parse, so no topology file reaches the host "
            + "planner with one (HostPlanTests builds one in code)",
        "invalid-address":
            "the loader refuses an address that does not parse, so no topology file reaches the DNS planner with one "
            + "(DNSFindingTests builds one in code)",
        "no-web-pool":
            "the loader requires a Front End pool, Standard Edition server or Director, so no topology file reaches the "
            + "publishing planner without one (PublishingPlannerTests builds one in code)",
        "duplicate-public-name":
            "the loader refuses a public name that leads to two services, so only a topology built in code puts one "
            + "name on two rules (PublishingPlannerTests builds one)",
        "rsa-required-for-lync-role":
            "a warning line lynccert csr prints before it makes an ECDSA key, not a finding value of a pure function "
            + "(CSRTests run the command)",
    ]

    /// The planned certificate each certificate fixture is audited against, when not the reverse proxy's.
    static let plannedCertificate: [String: String] = [
        // The Edge's external certificate allows no wildcard (lync-rules.md §4 rule 4).
        "wildcard-not-allowed": "edge-external",
        "self-signed-internal": "edge-internal",
    ]

    static let codes = FindingCatalogue.all.map(\.code)

    @Test("every catalogued code has a pass and a fail fixture, or a stated reason it cannot")
    func everyCodeHasFixtures() throws {
        for code in Self.codes {
            let files = Self.fixtureFiles(code)
            if let reason = Self.withoutFixtures[code] {
                #expect(files.isEmpty, "\(code) has fixtures but is listed as having none: \(reason)")
                continue
            }
            let kinds = Set(files.map(\.pathExtension))
            #expect(!kinds.isEmpty, "\(code) has no fixture in Tests/Fixtures/Findings/\(code)")
            for kind in kinds {
                let names = Set(files.filter { $0.pathExtension == kind }.map(\.lastPathComponent))
                #expect(names.contains("pass.\(kind)") && names.contains("fail.\(kind)"), "\(code): \(names.sorted())")
            }
        }
        // Every fixture folder is a catalogued code.
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.root.path).filter {
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(
                atPath: Self.root.appendingPathComponent($0).path, isDirectory: &isFolder) && isFolder.boolValue
        }
        #expect(Set(folders).subtracting(Self.codes).isEmpty, "\(Set(folders).subtracting(Self.codes).sorted())")
        #expect(Set(Self.withoutFixtures.keys).isSubset(of: Self.codes))
    }

    @Test("the fail fixture raises the code at the catalogue's severity", arguments: codes)
    func failFixture(_ code: String) throws {
        let entry = try #require(FindingCatalogue.byCode[code])
        for file in Self.fixtureFiles(code) where file.deletingPathExtension().lastPathComponent == "fail" {
            let findings = try Self.findings(of: file, code: code)
            let raised = findings.filter { $0.code == code }
            #expect(!raised.isEmpty, "\(code)/\(file.lastPathComponent): \(findings.map(\.code))")
            #expect(raised.allSatisfy { $0.severity == entry.severity }, "\(code): \(raised.map(\.severity))")
            // Whatever else the fixture raises is catalogued at its severity too.
            for finding in findings {
                #expect(FindingCatalogue.severities[finding.code] == finding.severity, "\(finding.code)")
            }
        }
    }

    @Test("the pass fixture does not raise the code", arguments: codes)
    func passFixture(_ code: String) throws {
        for file in Self.fixtureFiles(code) where file.deletingPathExtension().lastPathComponent == "pass" {
            let findings = try Self.findings(of: file, code: code)
            #expect(!findings.contains { $0.code == code }, "\(code)/\(file.lastPathComponent): \(findings)")
        }
    }

    // MARK: Running a fixture

    /// The fixture files of `code` (`pass.*`, `fail.*`; `.key` files and the PEM files the JSON
    /// handshakes name are read with them).
    static func fixtureFiles(_ code: String) -> [URL] {
        let folder = root.appendingPathComponent(code)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { ($0.hasPrefix("pass.") || $0.hasPrefix("fail.")) && !$0.hasSuffix(".key") }.sorted()
            .map { folder.appendingPathComponent($0) }
    }

    static func findings(of file: URL, code: String) throws -> [Finding] {
        let data = try Data(contentsOf: file)
        switch file.pathExtension {
        case "yaml":
            let loaded = try TopologyLoader.load(
                text: String(decoding: data, as: UTF8.self), format: .yaml, source: file.lastPathComponent)
            return loaded.findings + planFindings(loaded.topology)
        case "xml":
            return try TopologyXMLImporter.importTopology(data: data, source: file.lastPathComponent).loaded.findings
        case "pem":
            return try auditFindings(file, code: code)
        case "json":
            return try observationFindings(data, folder: file.deletingLastPathComponent(), code: code)
        default:
            Issue.record("\(file.lastPathComponent): no pipeline reads .\(file.pathExtension) files")
            return []
        }
    }

    /// What `lynccert plan` reports besides the loader: the four planners' findings.
    static func planFindings(_ topology: Topology) -> [Finding] {
        let publishing = PublishingPlanning.plan(topology)
        return CertificatePlanner.plan(topology).findings + DNSPlanning.plan(topology).findings + publishing.findings
            + HostPlanner.plan(topology: topology, publishing: publishing, topologyFile: "t.yaml").findings
    }

    static func planned(_ code: String, id: String? = nil) throws -> PlannedCertificate {
        let text = try String(contentsOf: root.appendingPathComponent("topology.yaml"), encoding: .utf8)
        let topology = try TopologyLoader.load(text: text, format: .yaml, source: "topology.yaml").topology
        let id = id ?? plannedCertificate[code] ?? "reverse-proxy"
        var planned = try #require(CertificatePlanner.plan(topology).certificates.first { $0.id == id })
        // No certificate lynccert plans asks for Client Authentication; the check is for plans that do.
        if code == "missing-client-auth-eku" { planned.extendedKeyUsages.append("clientAuth") }
        return planned
    }

    static func chain(_ pem: URL) throws -> (ChainFacts, Certificate) {
        let certificates = try Certificate.fromPEM(Array(try Data(contentsOf: pem)))
        let leaf = try #require(certificates.first)
        let anchor = try Data(contentsOf: root.appendingPathComponent("trust-anchor.pem"))
        let builder = AuditChainBuilder(store: try TrustStore(anchors: .pem(Array(anchor))), at: at)
        return (try builder.chain(leaf: leaf, others: Array(certificates.dropFirst())), leaf)
    }

    static func auditFindings(_ pem: URL, code: String) throws -> [Finding] {
        let (chain, leaf) = try chain(pem)
        let keyFile = pem.deletingPathExtension().appendingPathExtension("key")
        let keyMatches =
            FileManager.default.fileExists(atPath: keyFile.path)
            ? leaf.matches(privateKey: try PrivateKey(pemEncoded: Array(try Data(contentsOf: keyFile)))) : nil
        let context = AuditContext(
            planned: try planned(code), facts: chain.certificates[0], chain: chain, at: at,
            privateKeyMatches: keyMatches)
        return CertificateAuditor.audit(context, source: pem.lastPathComponent).findings
    }

    /// The observation values a JSON fixture holds.
    struct Observations: Decodable {
        struct Handshake: Decodable {
            var serverName: String?
            /// A PEM file beside the fixture: the chain the server sent.
            var served: String?
            /// Why the handshake failed.
            var failed: String?
        }
        var handshakes: [Handshake]?
        /// `dns check`: the view checked and what servers answered, against the plan of `topology.yaml`.
        struct Answer: Decodable {
            struct Record: Decodable {
                var type: DNSRecordType
                var name: String
                var value: String
                var port: Int?
                var priority: Int?
                var weight: Int?
            }
            var name: String
            var type: DNSRecordType
            var server: String
            var records: [Record]
            var nxdomain: Bool?
        }
        var view: DNSView?
        var answers: [Answer]?
        /// `lynccert issue`: the planned certificate, how many names it orders, the issued validity.
        var certificate: String?
        var nameCount: Int?
        var notBefore: Date?
        var notAfter: Date?
    }

    static func observationFindings(_ data: Data, folder: URL, code: String) throws -> [Finding] {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let observed = try decoder.decode(Observations.self, from: data)
        if let handshakes = observed.handshakes {
            let values = try handshakes.map { h in
                if let served = h.served {
                    return Handshake(
                        serverName: h.serverName, outcome: .served(try chain(folder.appendingPathComponent(served)).0))
                }
                return Handshake(serverName: h.serverName, outcome: .failed(h.failed ?? "failed"))
            }
            return LiveAudit.audit(planned: try planned(code), endpoint: "127.0.0.1:443", handshakes: values, at: at)
                .flatMap(\.findings)
        }
        if let view = observed.view, let answers = observed.answers {
            return try dnsCheckFindings(view: view, answers: answers)
        }
        let planned = try planned(code, id: observed.certificate ?? "reverse-proxy")
        let names = (0..<(observed.nameCount ?? 0)).map { "name\($0).contoso.com" }
        var findings = IssueCommand.publicCAFindings(planned, names: names)
        if let notBefore = observed.notBefore, let notAfter = observed.notAfter,
            let validity = IssueCommand.validityFinding(planned, notBefore: notBefore, notAfter: notAfter)
        {
            findings.append(validity)
        }
        return findings
    }

    /// `dns check` reports statuses, and names a finding code in the message of a row it is about
    /// (`srv-target-other-domain`); each such row is a finding here, and its status must be the
    /// code's severity.
    static func dnsCheckFindings(view: DNSView, answers: [Observations.Answer]) throws -> [Finding] {
        let text = try String(contentsOf: root.appendingPathComponent("topology.yaml"), encoding: .utf8)
        let topology = try TopologyLoader.load(text: text, format: .yaml, source: "topology.yaml").topology
        var observations: [DNSCheckQuery: [DNSObservation]] = [:]
        for answer in answers {
            let records = answer.records.map {
                DNSObservedRecord(
                    type: $0.type, name: $0.name, value: $0.value, port: $0.port, priority: $0.priority,
                    weight: $0.weight)
            }
            observations[DNSCheckQuery(name: answer.name, type: answer.type), default: []].append(
                DNSObservation(server: answer.server, records: records, nxdomain: answer.nxdomain ?? false))
        }
        let report = DNSCheck.evaluate(plan: DNSPlanning.plan(topology), view: view, observations: observations)
        var findings: [Finding] = []
        for row in report.results where !row.servers.isEmpty {
            for entry in FindingCatalogue.all where row.message.contains("(\(entry.code),") {
                let severity: Severity =
                    switch row.status {
                    case .ok: .info
                    case .warning: .warning
                    case .missing, .mismatch, .error: .error
                    }
                #expect(severity == entry.severity, "\(row.name): \(row.status) for \(entry.code)")
                findings.append(Finding(code: entry.code, message: row.message))
            }
        }
        return findings
    }
}
