import Foundation
import TopologyModel

/// One TLS handshake with a live endpoint: the SNI sent and what came back.
public struct Handshake: Sendable, Equatable {
    /// The server name sent, or `nil` for the handshake without SNI.
    public var serverName: String?
    public var outcome: Outcome

    public enum Outcome: Sendable, Equatable {
        /// The server sent this chain.
        case served(ChainFacts)
        /// The handshake failed (time-out, alert, refused) for this reason.
        case failed(String)
    }

    public init(serverName: String?, outcome: Outcome) {
        self.serverName = serverName
        self.outcome = outcome
    }
}

/// Audits what a live endpoint serves for each planned name (lynccert audit --connect).
///
/// Handshakes are grouped by the leaf they received. Each group is audited for the names that
/// received it; the group answering the handshake without SNI must cover every required name,
/// because clients that send no SNI (older Lync phones and clients) get that certificate for any
/// name. A name that gets a different certificate than most others is reported with the one it
/// got (`different-certificate`), and a name whose handshake failed is missing
/// (`handshake-failed`).
public enum LiveAudit {
    /// - Parameters:
    ///   - endpoint: `host:port`, for the report's source labels.
    ///   - handshakes: one per name sent, plus the one without SNI, in any order.
    /// - Returns: one audit per distinct certificate served, the most-served first; empty when
    ///   every handshake failed.
    public static func audit(
        planned: PlannedCertificate, endpoint: String, handshakes: [Handshake], at: Date, warnDays: Int = 30,
        privateKeyMatches: Bool? = nil
    ) -> [CertificateAudit] {
        struct Group {
            var chain: ChainFacts
            var names: [String] = []
            var noSNI = false
        }
        var groups: [Group] = []
        var failures: [(name: String?, reason: String)] = []
        for handshake in handshakes {
            switch handshake.outcome {
            case .failed(let reason):
                failures.append((handshake.serverName, reason))
            case .served(let chain):
                guard let leaf = chain.certificates.first else {
                    failures.append((handshake.serverName, "the server sent no certificate"))
                    continue
                }
                var index = groups.firstIndex {
                    $0.chain.certificates.first?.sha256Fingerprint == leaf.sha256Fingerprint
                }
                if index == nil {
                    groups.append(Group(chain: chain))
                    index = groups.count - 1
                }
                if let name = handshake.serverName {
                    groups[index!].names.append(name)
                } else {
                    groups[index!].noSNI = true
                }
            }
        }
        guard !groups.isEmpty else { return [] }
        // The certificate most names received leads; on a tie, the one served without SNI.
        let mainIndex = groups.indices.max { a, b in
            (groups[a].names.count, groups[a].noSNI ? 1 : 0, -a) < (groups[b].names.count, groups[b].noSNI ? 1 : 0, -b)
        }!
        let order = [mainIndex] + groups.indices.filter { $0 != mainIndex }
        let main = groups[mainIndex]

        var audits: [CertificateAudit] = []
        for index in order {
            let group = groups[index]
            let wanted = Set(group.names.map(Hostname.normalized))
            let required =
                group.noSNI
                ? planned.requiredNames
                : planned.requiredNames.filter { wanted.contains(Hostname.normalized($0)) }
                    + group.names.filter { name in
                        !planned.requiredNames.contains { Hostname.normalized($0) == Hostname.normalized(name) }
                    }
            let context = AuditContext(
                planned: planned, facts: group.chain.certificates[0], chain: group.chain, at: at, warnDays: warnDays,
                privateKeyMatches: privateKeyMatches, requiredNames: required)
            var audit = CertificateAuditor.audit(
                context, source: source(endpoint: endpoint, names: group.names, noSNI: group.noSNI))
            if index != mainIndex {
                let who = group.names.isEmpty ? "a client sending no SNI" : group.names.joined(separator: ", ")
                let mainLeaf = main.chain.certificates[0]
                let leaf = group.chain.certificates[0]
                audit.findings.append(
                    Finding(
                        .differentCertificate,
                        message:
                            "\(who) received \(leaf.displayName) (SHA-256 \(leaf.sha256Fingerprint)), not \(mainLeaf.displayName) like the other names"
                    ))
            } else {
                for failure in failures {
                    let name = failure.name ?? "(no SNI)"
                    if let n = failure.name, !audit.missing.contains(n) { audit.missing.append(n) }
                    audit.findings.append(
                        Finding(
                            .handshakeFailed,
                            message: "the handshake with SNI \(name) failed: \(failure.reason)"))
                }
            }
            audit.findings = CertificateAuditor.sortedBySeverity(audit.findings)
            audits.append(audit)
        }
        return audits
    }

    static func source(endpoint: String, names: [String], noSNI: Bool) -> String {
        var parts: [String] = []
        if !names.isEmpty { parts.append("SNI " + names.joined(separator: ", ")) }
        if noSNI { parts.append("no SNI") }
        return "\(endpoint) (\(parts.joined(separator: "; ")))"
    }
}
