import Foundation
import TopologyModel

/// A certificate in service against the planned certificate that renews it: which planned
/// certificate it is, and what the new request adds and drops.
public struct RenewalComparison: Sendable, Equatable {
    public var plannedID: String
    /// The certificate in service: its subject CN (else DN), bytes outside printable ASCII as `\xNN`.
    public var inServiceName: String
    /// Planned SAN names the certificate in service lacks.
    public var addedNames: [String]
    /// dNSNames of the certificate in service the plan no longer asks for.
    public var droppedNames: [String]
    /// Names both have.
    public var keptNames: [String]
    /// The subject CN in service, when it differs from the planned subject.
    public var oldSubject: String?
    public var newSubject: String
    /// `RSA 2048`, `ECDSA 256`.
    public var oldKey: String
    public var newKey: String
    /// Extended key usages by name (`serverAuth`, `clientAuth`, or the OID for others).
    public var addedEKUs: [String]
    public var droppedEKUs: [String]

    public var isSameNames: Bool { addedNames.isEmpty && droppedNames.isEmpty }

    /// How a certificate in service found its planned certificate.
    public enum Match: Sendable, Equatable {
        case matched(PlannedCertificate)
        /// Several planned certificates share the best overlap: the ids, best first.
        case ambiguous([String])
        /// No planned certificate shares a name with it.
        case none
    }

    /// The planned certificate whose names (subject and SANs) share the most names with the
    /// certificate's dNSNames and subject CN.
    ///
    /// Names are compared literally, case-insensitively (a wildcard matches only the same
    /// wildcard): renewing is about the same request, not about coverage. A tie is ambiguous —
    /// the pool's Default, WebServicesInternal and WebServicesExternal certificates share most
    /// names — and the caller asks for `--cert ID` rather than guess.
    public static func match(_ facts: CertificateFacts, in plan: [PlannedCertificate]) -> Match {
        let names = inServiceNames(facts)
        let scored =
            plan.map { planned -> (PlannedCertificate, Int) in
                let plannedNames = Set(([planned.subject] + planned.sanNames).map(Hostname.normalized))
                return (planned, names.filter(plannedNames.contains).count)
            }
            .filter { $0.1 > 0 }
            .sorted { $0.1 > $1.1 }
        guard let best = scored.first else { return .none }
        let tied = scored.filter { $0.1 == best.1 }
        return tied.count == 1 ? .matched(best.0) : .ambiguous(tied.map(\.0.id))
    }

    /// What renewing `facts` as `planned` changes; `newKey` is the key the new request gets.
    public static func compare(_ facts: CertificateFacts, with planned: PlannedCertificate, newKey: String)
        -> RenewalComparison
    {
        let old = inServiceNames(facts)
        let oldSet = Set(old)
        let new = planned.sanNames.map(Hostname.normalized)
        let newSet = Set(new)
        let oldEKUs = (facts.extendedKeyUsageOIDs ?? []).map(ekuName)
        let newEKUs = planned.extendedKeyUsages
        let subject = facts.subjectCommonName.map(Hostname.normalized)
        return RenewalComparison(
            plannedID: planned.id, inServiceName: SANEntry.printable(Array(facts.displayName.utf8)),
            addedNames: new.filter { !oldSet.contains($0) },
            droppedNames: old.filter { !newSet.contains($0) }, keptNames: new.filter(oldSet.contains),
            oldSubject: subject == Hostname.normalized(planned.subject)
                ? nil : SANEntry.printable(Array((facts.subjectCommonName ?? "").utf8)),
            newSubject: planned.subject, oldKey: "\(facts.keyAlgorithm) \(facts.keyBits)", newKey: newKey,
            addedEKUs: newEKUs.filter { !oldEKUs.contains($0) }, droppedEKUs: oldEKUs.filter { !newEKUs.contains($0) })
    }

    /// The dNSNames (else the subject CN, but never in place of an unreadable SAN, as the audit
    /// reads it), lower-case, without repeats, in certificate order; bytes outside printable
    /// ASCII as `\xNN` (they reach a terminal).
    static func inServiceNames(_ facts: CertificateFacts) -> [String] {
        var seen: Set<String> = []
        var result: [String] = []
        let cnStandsIn = facts.dnsNames.isEmpty && !facts.subjectAlternativeNamesUnreadable
        let raw = cnStandsIn ? facts.subjectCommonName.map { [Array($0.utf8)] } ?? [] : facts.dnsNames
        for name in raw.map({ Hostname.normalized(SANEntry.printable($0)) }) where seen.insert(name).inserted {
            result.append(name)
        }
        return result
    }

    /// `serverAuth` / `clientAuth` as the plan spells them; other usages as their OID.
    static func ekuName(_ oid: String) -> String {
        switch oid {
        case AuditOID.serverAuth: "serverAuth"
        case AuditOID.clientAuth: "clientAuth"
        default: oid
        }
    }
}

/// One certificate's place in an expiry summary.
public struct ExpiryEntry: Sendable, Equatable {
    public var name: String
    public var subjectDN: String
    /// Where it was read: a file, or the endpoint and names that received it.
    public var source: String
    /// A CA certificate of an audited chain, not an audited certificate itself.
    public var inChain: Bool
    public var notAfter: Date
    /// Whole days from the evaluation time to notAfter, rounded down; negative once expired.
    public var daysLeft: Int
    public var sha256Fingerprint: String

    /// Every distinct certificate of `audits` (leaves and the CA certificates of their chains),
    /// soonest expiry first: an intermediate that runs out before the leaf matters as much.
    public static func summary(_ audits: [CertificateAudit], at: Date) -> [ExpiryEntry] {
        var seen: Set<String> = []
        var entries: [ExpiryEntry] = []
        for audit in audits {
            for (index, facts) in ([audit.facts] + audit.chain.certificates.dropFirst()).enumerated()
            where seen.insert(facts.sha256Fingerprint).inserted {
                entries.append(
                    ExpiryEntry(
                        name: facts.displayName, subjectDN: facts.subjectDN,
                        source: index == 0 ? audit.source : "chain of \(audit.source)", inChain: index > 0,
                        notAfter: facts.notAfter, daysLeft: AuditFormat.daysUntil(facts.notAfter, from: at),
                        sha256Fingerprint: facts.sha256Fingerprint))
            }
        }
        return entries.sorted {
            ($0.notAfter, $0.name, $0.sha256Fingerprint) < ($1.notAfter, $1.name, $1.sha256Fingerprint)
        }
    }
}
