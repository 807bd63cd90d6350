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
    func duplicatesMatchSingle() async throws {
        let directory = try TemporaryDirectory()
        for fixture in try [AuditFixture.missingDialin, AuditFixture.good] {
            let single = try String(
                contentsOf: try AuditFixture.ca.export(fixture, as: .pemBundle), encoding: .utf8)
            let many = try directory.write("many-\(fixture.name).pem", String(repeating: single, count: 400))
            let one = try directory.write("one-\(fixture.name).pem", single)

            let reference = try await AuditFixture.audit([one], ["--format", "json"])
            let start = Date()
            let duplicated = try await AuditFixture.audit([many, one], ["--format", "json"], timeout: 120)
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

/// Distinct leaves are audited on several threads once there are 32 or more (`ConcurrentMap`):
/// they share the trust store, the chain's facts cache, the intermediate and the `--key`. The
/// concurrent audit must give each leaf exactly what the one-thread audit of fewer leaves gives.
/// Run under ThreadSanitizer (`scripts/tsan.sh`), this is also the race check of that path.
@Suite("lynccert audit: many distinct leaves")
struct AuditManyLeavesTests {
    @Test("34 distinct leaves in one bundle (audited concurrently) = the same leaves in two files of 17")
    func concurrentMatchesSerial() async throws {
        let directory = try TemporaryDirectory()
        // Each leaf leaves out a different name (or none), so the audits differ from leaf to leaf.
        var bodies: [String] = []
        var keys: [String] = []
        for index in 0..<34 {
            let names =
                index % 7 == 0
                ? AuditFixture.required : AuditFixture.required.filter { $0 != AuditFixture.required[index % 6] }
            var options = AuditFixture.names(names)
            options.key = "ec:P-256"  // cheap to generate; the audit is the same for any key type
            let issued = try AuditFixture.ca.issue("many-\(index)", options)
            bodies.append(try String(contentsOf: try AuditFixture.ca.export(issued, as: .pemBundle), encoding: .utf8))
            keys.append(issued.key.path)
        }
        let all = try directory.write("all.pem", bodies.joined())
        let first = try directory.write("first.pem", bodies[..<17].joined())
        let second = try directory.write("second.pem", bodies[17...].joined())
        let options = ["--format", "json", "--key", keys[5]]

        let concurrent = try await AuditFixture.audit([all], options)
        let serial = try await AuditFixture.audit([first, second], options)
        #expect(concurrent.status == 1, "\(concurrent.stderr)")
        #expect(serial.status == concurrent.status, "\(serial.stderr)")
        let got = try AuditFixture.json(concurrent).map(AuditDuplicateTests.withoutSource)
        let expected = try AuditFixture.json(serial).map(AuditDuplicateTests.withoutSource)
        #expect(got.count == 34)
        #expect(got == expected)
        // The comparison means something: the leaves' audits differ, and only leaf 5 has the key.
        #expect(Set(expected).count == 34)
        let certificates = try AuditFixture.json(concurrent)
        for (index, certificate) in certificates.enumerated() {
            #expect(AuditFixture.codes(certificate).contains("key-mismatch") == (index != 5), "leaf \(index)")
            let missing = index % 7 == 0 ? [] : [AuditFixture.required[index % 6]]
            #expect((certificate["missing"] as? [String] ?? []) == missing, "leaf \(index)")
        }
    }
}
