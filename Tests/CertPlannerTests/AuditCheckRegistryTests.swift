import CertPlanner
import Foundation
import Testing
import TopologyModel

/// A passing and a failing fixture for one check, as zlint keeps for every lint.
struct CheckFixture: Sendable, CustomStringConvertible {
    let code: String
    let pass: @Sendable (inout AuditContext) -> Void
    let fail: @Sendable (inout AuditContext) -> Void
    /// The severity the failing fixture must report.
    let failSeverity: Severity
    var description: String { code }
}

typealias F = AuditFixtures

let checkFixtures: [CheckFixture] = [
    CheckFixture(
        code: "name-not-covered", pass: { _ in },
        fail: { c in
            F.withLeaf(&c) { $0.subjectAlternativeNames.removeAll { $0 == .dns("meet.contoso.com") } }
        }, failSeverity: .error),
    CheckFixture(
        code: "san-unreadable", pass: { _ in },
        fail: { c in
            F.withLeaf(&c) {
                $0.subjectAlternativeNames = []
                $0.subjectAlternativeNamesUnreadable = true
            }
        }, failSeverity: .error),
    CheckFixture(
        code: "invalid-name", pass: { _ in },
        fail: { c in
            F.withLeaf(&c) { $0.subjectAlternativeNames.append(.dnsName(Array("meet.contoso.com\0.evil.com".utf8))) }
        }, failSeverity: .error),
    CheckFixture(
        code: "wildcard-not-allowed",
        pass: { c in
            F.withLeaf(&c) { $0.subjectAlternativeNames.append(.dns("*.contoso.com")) }
        },
        fail: { c in
            c.planned.wildcardAllowed = false
            F.withLeaf(&c) { $0.subjectAlternativeNames.append(.dns("*.contoso.com")) }
        }, failSeverity: .error),
    CheckFixture(
        code: "wildcard-in-subject", pass: { _ in },
        fail: { c in
            F.withLeaf(&c) { $0.subjectCommonName = "*.contoso.com" }
        }, failSeverity: .error),
    CheckFixture(
        code: "subject-not-in-san", pass: { _ in },
        fail: { c in
            F.withLeaf(&c) { $0.subjectAlternativeNames.removeFirst() }
        }, failSeverity: .error),
    CheckFixture(
        code: "subject-mismatch", pass: { _ in },
        fail: { c in
            F.withLeaf(&c) { $0.subjectCommonName = "meet.contoso.com" }
        }, failSeverity: .warning),
    CheckFixture(code: "expired", pass: { _ in }, fail: { c in c.at = c.facts.notAfter + 1 }, failSeverity: .error),
    CheckFixture(
        code: "not-yet-valid", pass: { _ in }, fail: { c in c.at = c.facts.notBefore - 1 }, failSeverity: .error),
    CheckFixture(
        code: "expires-soon", pass: { _ in }, fail: { c in c.at = c.facts.notAfter - 10 * F.day },
        failSeverity: .warning),
    CheckFixture(
        code: "weak-key", pass: { _ in }, fail: { c in F.withLeaf(&c) { $0.keyBits = 1024 } }, failSeverity: .warning),
    CheckFixture(
        code: "key-too-small", pass: { _ in },
        fail: { c in F.withLeaf(&c) { $0.keyBits = 512 } }, failSeverity: .error),
    CheckFixture(
        code: "ecdsa-key", pass: { _ in },
        fail: { c in
            F.withLeaf(&c) {
                $0.keyAlgorithm = "ECDSA"
                $0.keyBits = 256
            }
        }, failSeverity: .warning),
    CheckFixture(
        code: "sha1-signature", pass: { _ in },
        fail: { c in
            F.withLeaf(&c) {
                $0.signatureAlgorithm = "sha1WithRSAEncryption"
                $0.signatureAlgorithmOID = "1.2.840.113549.1.1.5"
            }
        }, failSeverity: .warning),
    CheckFixture(
        code: "md5-signature", pass: { _ in },
        fail: { c in
            F.withLeaf(&c) {
                $0.signatureAlgorithm = "md5WithRSAEncryption"
                $0.signatureAlgorithmOID = "1.2.840.113549.1.1.4"
            }
        }, failSeverity: .error),
    CheckFixture(
        code: "unsupported-signature-algorithm", pass: { _ in },
        fail: { c in
            F.withLeaf(&c) {
                $0.signatureAlgorithm = "rsassaPss"
                $0.signatureAlgorithmOID = AuditOID.rsassaPSS
            }
        }, failSeverity: .error),
    CheckFixture(
        code: "missing-server-auth-eku", pass: { _ in },
        fail: { c in
            F.withLeaf(&c) { $0.extendedKeyUsageOIDs = [AuditOID.clientAuth] }
        }, failSeverity: .error),
    CheckFixture(
        code: "eku-extension-missing", pass: { _ in },
        fail: { c in
            F.withLeaf(&c) { $0.extendedKeyUsageOIDs = nil }
        }, failSeverity: .warning),
    CheckFixture(
        code: "missing-client-auth-eku", pass: { _ in },
        fail: { c in
            F.withLeaf(&c) { $0.extendedKeyUsageOIDs = [AuditOID.serverAuth] }
        }, failSeverity: .warning),
    CheckFixture(
        code: "missing-key-usage", pass: { _ in },
        fail: { c in
            F.withLeaf(&c) { $0.keyUsage = KeyUsageFacts(usages: ["digitalSignature"], critical: true) }
        }, failSeverity: .error),
    CheckFixture(
        code: "chain-incomplete", pass: { _ in },
        fail: { c in
            c.chain = ChainFacts(
                certificates: [c.facts],
                verification: .failed(kind: .issuerMissing, reason: "unable to get local issuer certificate"))
        }, failSeverity: .error),
    CheckFixture(
        code: "untrusted-chain", pass: { _ in },
        fail: { c in
            c.chain = ChainFacts(
                certificates: c.chain.certificates,
                verification: .failed(kind: .untrustedRoot, reason: "self-signed certificate in certificate chain"))
        }, failSeverity: .error),
    CheckFixture(
        code: "chain-order", pass: { _ in },
        fail: { c in
            c.chain = ChainFacts(certificates: [c.facts, F.root, F.intermediate], verification: .trusted)
        }, failSeverity: .warning),
    CheckFixture(
        code: "root-sent", pass: { _ in },
        fail: { c in
            c.chain = ChainFacts(certificates: [c.facts, F.intermediate, F.root], verification: .trusted)
        }, failSeverity: .info),
    CheckFixture(
        code: "self-signed", pass: { _ in },
        fail: { c in
            F.withLeaf(&c) {
                $0.isSelfSigned = true
                $0.issuerDN = $0.subjectDN
            }
        }, failSeverity: .error),
    CheckFixture(
        code: "self-signed-internal", pass: { c in c.planned.issuer = .internal },
        fail: { c in
            c.planned.issuer = .internal
            F.withLeaf(&c) {
                $0.isSelfSigned = true
                $0.issuerDN = $0.subjectDN
            }
        }, failSeverity: .warning),
    CheckFixture(
        code: "missing-crl-distribution-point", pass: { _ in },
        fail: { c in
            F.withLeaf(&c) { $0.crlDistributionPoints = [] }
        }, failSeverity: .warning),
    CheckFixture(
        code: "key-mismatch", pass: { c in c.privateKeyMatches = true }, fail: { c in c.privateKeyMatches = false },
        failSeverity: .error),
]

@Suite("Audit check registry")
struct AuditCheckRegistryTests {
    @Test("codes are unique, kebab-case, and every check has a summary and a rule")
    func codesAreUnique() {
        let codes = CertificateChecks.all.map { $0.metadata.code }
        #expect(Set(codes).count == codes.count)
        for check in CertificateChecks.all {
            let m = check.metadata
            #expect(m.code.wholeMatch(of: /[a-z0-9]+(-[a-z0-9]+)*/) != nil, "\(m.code)")
            #expect(!m.summary.isEmpty && !m.rule.isEmpty, "\(m.code)")
        }
    }

    @Test("every registered check has exactly one fixture pair, and every fixture names a registered check")
    func everyCheckHasFixtures() {
        let registered = CertificateChecks.all.map { $0.metadata.code }
        #expect(Set(checkFixtures.map(\.code)) == Set(registered))
        #expect(checkFixtures.count == registered.count)
    }

    @Test("the passing fixture passes", arguments: checkFixtures)
    func passingFixture(_ fixture: CheckFixture) throws {
        let check = try #require(CertificateChecks.check(code: fixture.code)).init()
        var context = F.context()
        fixture.pass(&context)
        #expect(check.applies(to: context))
        #expect(check.run(on: context) == .pass)
        // Nothing else in the registry complains about the passing fixture either.
        let audit = CertificateAuditor.audit(context, source: "fixture")
        #expect(audit.findings.isEmpty, "\(audit.findings)")
        #expect(audit.missing.isEmpty)
    }

    @Test("the failing fixture fails with the check's code at the expected severity", arguments: checkFixtures)
    func failingFixture(_ fixture: CheckFixture) throws {
        let type = try #require(CertificateChecks.check(code: fixture.code))
        let check = type.init()
        var context = F.context()
        fixture.fail(&context)
        #expect(check.applies(to: context))
        let result = check.run(on: context)
        #expect(result.status.findingSeverity == fixture.failSeverity)
        #expect(!result.details.isEmpty)
        // One code, one severity: the check reports exactly its catalogued level.
        #expect(result.status.findingSeverity == type.metadata.severity)
        #expect(FindingCatalogue.severities[fixture.code] == fixture.failSeverity)
        let audit = CertificateAuditor.audit(context, source: "fixture")
        #expect(audit.findings.contains { $0.code == fixture.code && $0.severity == fixture.failSeverity })
        // Every finding the audit emits on the way is catalogued at its severity.
        for finding in audit.findings {
            #expect(FindingCatalogue.severities[finding.code] == finding.severity, "\(finding.code)")
        }
    }
}
