import Foundation
import TestSupport
import Testing

/// Copies of one certificate are read once: a bundle repeating leaf + intermediate gives, for
/// every copy of the leaf, exactly the audit of the single bundle (same chain, same findings),
/// labelled with the file it came from.
@Suite("lynccert audit: duplicated certificates")
struct AuditDuplicateTests {
    /// An audited certificate's JSON without its `source` (which names the file).
    static func withoutSource(_ certificate: [String: Any]) throws -> String {
        var copy = certificate
        copy.removeValue(forKey: "source")
        let data = try JSONSerialization.data(withJSONObject: copy, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    @Test("400 copies of leaf + intermediate, and another file with one more: each copy has the single audit")
    func duplicatesMatchSingle() throws {
        let directory = try TemporaryDirectory()
        for fixture in [AuditFixture.missingDialin, AuditFixture.good] {
            let single = try String(
                contentsOf: try AuditFixture.ca.export(fixture, as: .pemBundle), encoding: .utf8)
            let many = try directory.write("many-\(fixture.name).pem", String(repeating: single, count: 400))
            let one = try directory.write("one-\(fixture.name).pem", single)

            let reference = try AuditFixture.audit([one], ["--format", "json"])
            let start = Date()
            let duplicated = try AuditFixture.audit([many, one], ["--format", "json"], timeout: 120)
            // A guard against a hang only (before: seconds and gigabytes for a few thousand copies).
            #expect(Date().timeIntervalSince(start) < 60)
            #expect(duplicated.status == reference.status, "\(duplicated.stderr)")

            let expected = try #require(try AuditFixture.json(reference).first)
            let certificates = try AuditFixture.json(duplicated)
            #expect(certificates.count == 401)
            let expectedText = try Self.withoutSource(expected)
            for certificate in certificates { #expect(try Self.withoutSource(certificate) == expectedText) }
            #expect(certificates.filter { $0["source"] as? String == many }.count == 400)
            #expect(certificates.last?["source"] as? String == one)
            // The chain lists the intermediate once, as for the single file.
            #expect((expected["chain"] as? [String])?.count == 2)
        }
    }
}
