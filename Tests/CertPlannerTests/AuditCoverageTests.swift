import CertPlanner
import Foundation
import TestSupport
import Testing
import TopologyModel

@Suite("Audit coverage and severities")
struct AuditCoverageTests {
    @Test("a wildcard covers the one-label names below it; the others are missing, exact entries win")
    func wildcardCoversSomeNames() {
        var context = F.context()
        F.withLeaf(&context) {
            $0.subjectAlternativeNames = [.dns("webext.contoso.com"), .dns("*.contoso.com"), .dns("meet.contoso.com")]
        }
        context.requiredNames += ["lyncdiscover.fabrikam.com", "a.b.contoso.com"]
        let audit = CertificateAuditor.audit(context, source: "t")
        #expect(
            audit.covered == [
                CoveredName(name: "webext.contoso.com", by: "webext.contoso.com"),
                CoveredName(name: "webdirext.contoso.com", by: "*.contoso.com"),
                CoveredName(name: "dialin.contoso.com", by: "*.contoso.com"),
                CoveredName(name: "meet.contoso.com", by: "meet.contoso.com"),
                CoveredName(name: "lyncdiscover.contoso.com", by: "*.contoso.com"),
            ])
        #expect(audit.missing == ["lyncdiscover.fabrikam.com", "a.b.contoso.com"])
        #expect(audit.findings.filter { $0.code == "name-not-covered" }.count == 2)
        #expect(audit.failed)
    }

    @Test("the CN is ignored when a dNSName exists, and used only when there is none (RFC 6125 §6.4.4)")
    func commonNameFallback() {
        var context = F.context()
        F.withLeaf(&context) { $0.subjectAlternativeNames = [.dns("meet.contoso.com")] }
        context.requiredNames = ["webext.contoso.com"]
        #expect(CertificateAuditor.audit(context, source: "t").missing == ["webext.contoso.com"])

        F.withLeaf(&context) { $0.subjectAlternativeNames = [] }
        let audit = CertificateAuditor.audit(context, source: "t")
        #expect(audit.covered == [CoveredName(name: "webext.contoso.com", by: "webext.contoso.com")])
        #expect(audit.findings.contains { $0.code == "subject-not-in-san" && $0.severity == .error })
    }

    @Test("a dNSName with a NUL byte never matches, even the name before the NUL, and is invalid-name")
    func nulByteNeverMatches() {
        var context = F.context()
        F.withLeaf(&context) {
            $0.subjectAlternativeNames = [
                .dns("webext.contoso.com"), .dnsName(Array("meet.contoso.com\0.evil.example".utf8)),
            ]
        }
        context.requiredNames = ["webext.contoso.com", "meet.contoso.com"]
        let audit = CertificateAuditor.audit(context, source: "t")
        #expect(audit.missing == ["meet.contoso.com"])
        let invalid = audit.findings.filter { $0.code == "invalid-name" }
        #expect(invalid.count == 1)
        #expect(invalid.first?.message.contains("meet.contoso.com\\x00.evil.example") == true)
        #expect(invalid.first?.message.contains("NUL") == true)
        #expect(!audit.extra.contains { $0.contains("evil") })
    }

    @Test("non-ASCII and underscore names are invalid; extra lists planned-for-nothing names only")
    func invalidAndExtra() {
        var context = F.context()
        F.withLeaf(&context) {
            $0.subjectAlternativeNames += [
                .dnsName(Array("mëet.contoso.com".utf8)), .dns("_sip.contoso.com"), .dns("old.contoso.com"),
            ]
        }
        let audit = CertificateAuditor.audit(context, source: "t")
        #expect(audit.findings.filter { $0.code == "invalid-name" }.count == 2)
        #expect(audit.extra == ["old.contoso.com"])
        #expect(audit.missing.isEmpty)
    }

    /// One code, one severity: 512 bits is key-too-small (error), 1024 is weak-key (warning).
    @Test("a 512-bit RSA key is key-too-small (error), a 1024-bit one weak-key (warning)")
    func weakKeyLevels() {
        var context = F.context()
        F.withLeaf(&context) { $0.keyBits = 512 }
        let small = CertificateAuditor.audit(context, source: "t").findings
        #expect(small.contains { $0.code == "key-too-small" && $0.severity == .error })
        #expect(!small.contains { $0.code == "weak-key" })
        F.withLeaf(&context) { $0.keyBits = 1024 }
        #expect(
            CertificateAuditor.audit(context, source: "t").findings.contains {
                $0.code == "weak-key" && $0.severity == .warning
            })
    }

    /// The reverse proxy and Edge external plans ask for serverAuth only (public CAs no longer issue
    /// clientAuth in TLS server certificates), so a serverAuth-only issued certificate gets no
    /// missing-client-auth-eku; a plan that does ask for clientAuth still gets the warning.
    @Test("serverAuth-only reverse-proxy and Edge external certificates: no missing-client-auth-eku")
    func serverAuthOnly() throws {
        let plan = CertificatePlanner.plan(Fixtures.contoso())
        for id in ["reverse-proxy", "edge-external"] {
            let planned = try #require(plan.certificates.first { $0.id == id })
            #expect(planned.extendedKeyUsages == ["serverAuth"], "\(id)")
            var context = F.context()
            context.planned = planned
            F.withLeaf(&context) { $0.extendedKeyUsageOIDs = [AuditOID.serverAuth] }
            let codes = CertificateAuditor.audit(context, source: "t").findings.map(\.code)
            #expect(!codes.contains("missing-client-auth-eku") && !codes.contains("missing-server-auth-eku"), "\(id)")
        }
        var asking = F.context()
        asking.planned.extendedKeyUsages = ["serverAuth", "clientAuth"]
        F.withLeaf(&asking) { $0.extendedKeyUsageOIDs = [AuditOID.serverAuth] }
        #expect(
            CertificateAuditor.audit(asking, source: "t").findings.contains {
                $0.code == "missing-client-auth-eku" && $0.severity == .warning
            })
    }

    @Test("a self-signed leaf is self-signed (error) for a public plan, self-signed-internal (warning) otherwise")
    func selfSignedLevels() {
        var context = F.context()
        F.withLeaf(&context) { $0.isSelfSigned = true }
        #expect(
            CertificateAuditor.audit(context, source: "t").findings.contains {
                $0.code == "self-signed" && $0.severity == .error
            })
        context.planned.issuer = .internal
        let internalFindings = CertificateAuditor.audit(context, source: "t").findings
        #expect(internalFindings.contains { $0.code == "self-signed-internal" && $0.severity == .warning })
        #expect(!internalFindings.contains { $0.code == "self-signed" })
    }

    @Test("a wildcard the plan itself lists is allowed even where wildcards are otherwise not")
    func plannedWildcard() {
        var context = F.context()
        context.planned.wildcardAllowed = false
        context.planned.subjectAlternativeNames.append(PlannedName(name: "*.contoso.com", reasons: ["XMPP"]))
        F.withLeaf(&context) { $0.subjectAlternativeNames.append(.dns("*.contoso.com")) }
        #expect(!CertificateAuditor.audit(context, source: "t").findings.contains { $0.code == "wildcard-not-allowed" })
    }

    @Test("expires-soon honours warnDays; an unverified chain leaves the chain checks not effective")
    func warnDaysAndChainNotChecked() {
        var context = F.context()
        context.at = context.facts.notAfter - 45 * F.day
        #expect(!CertificateAuditor.audit(context, source: "t").findings.contains { $0.code == "expires-soon" })
        context.warnDays = 60
        let finding = CertificateAuditor.audit(context, source: "t").findings.first { $0.code == "expires-soon" }
        #expect(finding?.message.contains("in 45 days") == true)

        context.chain = .leafOnly(context.facts)
        let audit = CertificateAuditor.audit(context, source: "t")
        #expect(audit.results.first { $0.code == "untrusted-chain" }?.result == .notEffective)
        #expect(audit.results.first { $0.code == "chain-incomplete" }?.result == .notEffective)
    }

    @Test("findings are sorted errors first")
    func sortedFindings() {
        var context = F.context()
        F.withLeaf(&context) {
            $0.crlDistributionPoints = []
            $0.keyBits = 512
            $0.subjectCommonName = "*.contoso.com"
        }
        let severities = CertificateAuditor.audit(context, source: "t").findings.map(\.severity)
        #expect(severities == severities.sorted(by: >))
        #expect(severities.first == .error)
    }
}

@Suite("Live endpoint audit")
struct LiveAuditTests {
    static func served(_ leaf: CertificateFacts) -> Handshake.Outcome {
        .served(ChainFacts(certificates: [leaf, F.intermediate], verification: .trusted))
    }

    @Test("a name served a different certificate is reported with the one it got; no-SNI must cover all names")
    func differentCertificate() {
        let good = F.facts()
        let wrong = F.facts(cn: "other.contoso.com", sans: [.dns("other.contoso.com")], fingerprint: "DD:04")
        var handshakes = F.planned.requiredNames.map { Handshake(serverName: $0, outcome: Self.served(good)) }
        handshakes[3] = Handshake(serverName: "meet.contoso.com", outcome: Self.served(wrong))
        handshakes.append(Handshake(serverName: nil, outcome: Self.served(good)))
        let audits = LiveAudit.audit(planned: F.planned, endpoint: "127.0.0.1:8443", handshakes: handshakes, at: F.now)
        #expect(audits.count == 2)
        #expect(audits[0].facts.sha256Fingerprint == "AA:01")
        #expect(audits[0].source.contains("no SNI"))
        // The no-SNI certificate is judged against every required name, and covers them.
        #expect(audits[0].covered.count == 5)
        #expect(audits[0].missing.isEmpty)
        #expect(audits[1].source == "127.0.0.1:8443 (SNI meet.contoso.com)")
        #expect(audits[1].missing == ["meet.contoso.com"])
        let different = audits[1].findings.first { $0.code == FindingCode.differentCertificate.code }
        #expect(different?.message.contains("other.contoso.com") == true)
        #expect(different?.message.contains("DD:04") == true)
    }

    @Test("a failed handshake makes its name missing with a handshake-failed error; all failing gives nothing")
    func failedHandshake() {
        let handshakes = [
            Handshake(serverName: "webext.contoso.com", outcome: Self.served(F.facts())),
            Handshake(serverName: "meet.contoso.com", outcome: .failed("timed out after 5 s")),
        ]
        let audits = LiveAudit.audit(planned: F.planned, endpoint: "h:443", handshakes: handshakes, at: F.now)
        #expect(audits.count == 1)
        #expect(audits[0].missing == ["meet.contoso.com"])
        #expect(audits[0].covered.map(\.name) == ["webext.contoso.com"])
        #expect(audits[0].findings.first?.code == FindingCode.handshakeFailed.code)
        #expect(audits[0].failed)
        #expect(
            LiveAudit.audit(
                planned: F.planned, endpoint: "h:443",
                handshakes: [Handshake(serverName: nil, outcome: .failed("refused"))], at: F.now
            ).isEmpty)
    }
}
