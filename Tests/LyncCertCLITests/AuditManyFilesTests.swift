import Foundation
import TestSupport
import Testing

/// Many separate files are read and decoded together, and each leaf of a bundle gets its own
/// chain: the answers are those of the plain path (one bundle, one pair at a time).
@Suite("lynccert audit: many files, many chains")
struct AuditManyFilesTests {
    private static let cachedDirectory = Cached("the audit-many-files directory") {
        try TemporaryDirectory(prefix: "lynccert-audit-many")
    }
    static var directory: TemporaryDirectory { get throws { try cachedDirectory.value } }
    /// A second CA: its intermediate and root differ from AuditFixture.ca's.
    private static let cachedOtherCA = Cached("the audit-many-files otherCA") {
        try TestCA(name: "Fabrikam Test")
    }
    static var otherCA: TestCA { get throws { try cachedOtherCA.value } }
    private static let cachedOtherLeaf = Cached("the audit-many-files otherLeaf") {
        try otherCA.issue(
            "fabrikam", .init(commonName: "webext.contoso.com", dnsNames: AuditFixture.required))
    }
    static var otherLeaf: TestCA.Issued { get throws { try cachedOtherLeaf.value } }
    /// Both roots, for --ca-file.
    private static let cachedAnchors = Cached("the audit-many-files anchors") {
        try directory.write(
            "anchors.pem",
            String(contentsOf: AuditFixture.ca.rootCertificate, encoding: .utf8)
                + String(contentsOf: otherCA.rootCertificate, encoding: .utf8))
    }
    static var anchors: String { get throws { try cachedAnchors.value } }

    static func audit(_ files: [String]) async throws -> ProcessResult {
        try await runLynccert(
            ["audit", AuditFixture.topology, "--cert", "reverse-proxy"] + files
                + ["--ca-file", anchors, "--format", "json"], timeout: 120)
    }

    @Test("60 separate PEM and DER files: each certificate's audit is the one the bundle of them gives")
    func separateFilesMatchBundle() async throws {
        let leaves = try [AuditFixture.good, AuditFixture.missingDialin, AuditFixture.wildcard]
        var files: [String] = []
        var bundle = ""
        for index in 0..<60 {
            let leaf = leaves[index % leaves.count]
            let pem = try String(contentsOf: leaf.certificate, encoding: .utf8)
            bundle += pem
            if index % 2 == 0 {
                files.append(try Self.directory.write("c\(index).pem", pem))
            } else {
                let der = try Data(contentsOf: try AuditFixture.ca.export(leaf, as: .der))
                let path = try Self.directory.file("c\(index).der").path
                try der.write(to: URL(fileURLWithPath: path))
                files.append(path)
            }
        }
        let intermediate = try Self.directory.write(
            "intermediate.pem", try String(contentsOf: AuditFixture.ca.intermediateCertificate, encoding: .utf8))
        bundle += try String(contentsOf: AuditFixture.ca.intermediateCertificate, encoding: .utf8)
        let bundlePath = try Self.directory.write("bundle.pem", bundle)

        let separate = try await Self.audit(files + [intermediate])
        let together = try await Self.audit([bundlePath])
        #expect(separate.status == together.status, "\(separate.stderr)")
        let fromFiles = try AuditFixture.json(separate)
        let fromBundle = try AuditFixture.json(together)
        #expect(fromFiles.count == 60 && fromBundle.count == 60)
        #expect(fromFiles.map { $0["source"] as? String } == files)
        for (a, b) in zip(fromFiles, fromBundle) {
            #expect(try AuditDuplicateTests.withoutSource(a) == AuditDuplicateTests.withoutSource(b))
        }
        // The audit found what each leaf lacks: the plan's dialin name for the second leaf.
        #expect((fromFiles[1]["missing"] as? [String]) == ["dialin.contoso.com"])
    }

    @Test("a missing file or a folder among many is named, exit 2, nothing printed")
    func badFileAmongMany() async throws {
        let good = try Self.directory.write(
            "ok.pem", try String(contentsOf: AuditFixture.good.certificate, encoding: .utf8))
        let missing = try await Self.audit([good, Self.directory.file("absent.pem").path, good])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("absent.pem: no such file"))
        #expect(missing.stdout.isEmpty)
        let folder = try await Self.audit([good, Self.directory.url.path])
        #expect(folder.status == 2)
        #expect(folder.stderr.contains("is a directory"))
        // Past 32 files they are read on every core; the first bad one in argument order is named.
        var many = Array(repeating: good, count: 40)
        many[35] = try Self.directory.file("absent-late.pem").path
        many[37] = try Self.directory.url.path
        let late = try await Self.audit(many)
        #expect(late.status == 2)
        #expect(late.stderr.contains("absent-late.pem: no such file"))
        #expect(!late.stderr.contains("is a directory"))
        let garbage = try Self.directory.write(
            "junk.pem", "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n")
        let damaged = try await Self.audit([good, garbage])
        #expect(damaged.status == 2)
        #expect(damaged.stderr.contains("junk.pem"))
    }

    @Test("a bundle of pairs with different intermediates: each leaf's audit is its own pair's")
    func pairsWithTheirOwnIntermediates() async throws {
        let pairA = try String(
            contentsOf: try AuditFixture.ca.export(AuditFixture.good, as: .pemBundle), encoding: .utf8)
        let pairB = try String(contentsOf: try Self.otherCA.export(Self.otherLeaf, as: .pemBundle), encoding: .utf8)
        let bundle = try Self.directory.write("pairs.pem", String(repeating: pairA + pairB, count: 20))
        let resultA = try await Self.audit([try Self.directory.write("a.pem", pairA)])
        let singleA = try AuditFixture.json(resultA)
        let singleB = try AuditFixture.json(try await Self.audit([try Self.directory.write("b.pem", pairB)]))

        let result = try await Self.audit([bundle])
        #expect(result.status == resultA.status, "\(result.stderr)")
        let audits = try AuditFixture.json(result)
        #expect(audits.count == 40)
        let expectedA = try AuditDuplicateTests.withoutSource(try #require(singleA.first))
        let expectedB = try AuditDuplicateTests.withoutSource(try #require(singleB.first))
        for (index, audit) in audits.enumerated() {
            #expect(try AuditDuplicateTests.withoutSource(audit) == (index % 2 == 0 ? expectedA : expectedB))
        }
        // Leaf and its own intermediate, trusted; no word about the other pair's intermediate.
        #expect((audits[0]["chain"] as? [String])?.count == 2)
        #expect((audits[1]["chain"] as? [String])?.last?.contains("Fabrikam Test") == true)
        #expect(audits[0]["chainTrusted"] as? Bool == true)
    }

    @Test("a CA certificate on no leaf's path still shows in the chain, out of order, as before")
    func strayAuthorityKept() async throws {
        let pair = try String(
            contentsOf: try AuditFixture.ca.export(AuditFixture.good, as: .pemBundle), encoding: .utf8)
        let stray = try String(contentsOf: Self.otherCA.intermediateCertificate, encoding: .utf8)
        let audits = try AuditFixture.json(try await Self.audit([try Self.directory.write("stray.pem", pair + stray)]))
        let chain = try #require(audits.first?["chain"] as? [String])
        #expect(chain.count == 3)
        #expect(chain.last?.contains("Fabrikam Test") == true)
        #expect(AuditFixture.codes(try #require(audits.first)).contains("chain-order"))
    }
}
