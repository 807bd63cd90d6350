import CertPlanner
import Foundation
import Testing

@Suite("Renewal comparison and expiry summary")
struct RenewalTests {
    @Test("adds, drops and keeps names case-insensitively; key and EKU changes; printable old names")
    func compare() {
        var facts = AuditFixtures.facts(
            cn: "WEBEXT.contoso.com",
            sans: ["WebExt.contoso.com", "webdirext.contoso.com", "old\u{1B}[2J.contoso.com"].map(SANEntry.dns))
        facts.extendedKeyUsageOIDs = [AuditOID.serverAuth, "1.3.6.1.4.1.311.10.3.12"]
        let c = RenewalComparison.compare(facts, with: AuditFixtures.planned, newKey: "RSA 4096")
        #expect(c.keptNames == ["webext.contoso.com", "webdirext.contoso.com"])
        #expect(c.addedNames == ["dialin.contoso.com", "meet.contoso.com", "lyncdiscover.contoso.com"])
        #expect(c.droppedNames == ["old\\x1b[2j.contoso.com"])  // escaped, then lower-cased like every name
        #expect(c.oldSubject == nil)
        #expect(c.oldKey == "RSA 2048" && c.newKey == "RSA 4096")
        #expect(c.addedEKUs == ["clientAuth"] && c.droppedEKUs == ["1.3.6.1.4.1.311.10.3.12"])
    }

    @Test("the planned certificate sharing the most names wins; a tie or no shared name is not guessed")
    func match() {
        var other = AuditFixtures.planned
        other.id = "other"
        other.subject = "webdirext.contoso.com"
        other.subjectAlternativeNames = [PlannedName(name: "webdirext.contoso.com", reasons: [])]
        let plan = [other, AuditFixtures.planned]
        #expect(RenewalComparison.match(AuditFixtures.facts(), in: plan) == .matched(AuditFixtures.planned))
        let shared = AuditFixtures.facts(cn: "webdirext.contoso.com", sans: [.dns("webdirext.contoso.com")])
        #expect(RenewalComparison.match(shared, in: plan) == .ambiguous(["other", "reverse-proxy"]))
        let stranger = AuditFixtures.facts(cn: "www.example.org", sans: [.dns("www.example.org")])
        #expect(RenewalComparison.match(stranger, in: plan) == .none)
    }

    @Test("expiry: leaves and chain certificates once each, soonest first; days rounded down, negative once expired")
    func expiry() {
        let now = AuditFixtures.now
        var soon = AuditFixtures.facts(fingerprint: "AA:10")
        soon.notAfter = now + 9.5 * AuditFixtures.day
        var gone = AuditFixtures.facts(fingerprint: "AA:20")
        gone.notAfter = now - 0.5 * AuditFixtures.day
        var intermediate = AuditFixtures.intermediate
        intermediate.notAfter = now + 20 * AuditFixtures.day
        func audit(_ leaf: CertificateFacts, _ source: String) -> CertificateAudit {
            CertificateAuditor.audit(
                AuditContext(
                    planned: AuditFixtures.planned, facts: leaf,
                    chain: ChainFacts(certificates: [leaf, intermediate], verification: .trusted), at: now),
                source: source)
        }
        let entries = ExpiryEntry.summary([audit(soon, "a.pem"), audit(gone, "b.pem")], at: now)
        #expect(entries.map(\.daysLeft) == [-1, 9, 20])
        #expect(entries.map(\.source) == ["b.pem", "a.pem", "chain of a.pem"])
        #expect(entries.map(\.inChain) == [false, false, true])
    }
}
