import CertPlanner
import Foundation
import TopologyModel

/// Renders audits as text (one block per certificate) and as DESIGN.md's `audit` JSON.
package enum AuditReport {
    /// - Parameter now: the time the audit was made for (`--at`), for the days left.
    package static func text(
        planned: PlannedCertificate, audits: [CertificateAudit], now: Date, expiry: [ExpiryEntry] = []
    ) -> String {
        var out: [String] = []
        for audit in audits {
            let f = audit.facts
            out.append("\(planned.id): \(f.displayName)  [\(audit.source)]")
            out.append("  subject:   \(f.subjectDN)")
            out.append("  issuer:    \(f.issuerDN)")
            out.append("  valid:     \(AuditFormat.date(f.notBefore)) → \(AuditFormat.expiry(f.notAfter, from: now))")
            out.append("  thumbprint: \(f.thumbprint)")
            out.append("  key:       \(f.keyAlgorithm) \(f.keyBits), signed \(f.signatureAlgorithm)")
            out.append("  SHA-256:   \(f.sha256Fingerprint)")
            out.append("  chain:     \(chainLine(audit.chain))")
            out.append("  names:")
            let width = (audit.covered.map(\.name.count) + audit.missing.map(\.count)).max() ?? 0
            for c in audit.covered {
                out.append("    ✓ \(c.name.padding(toLength: width, withPad: " ", startingAt: 0))  by \(c.by)")
            }
            for m in audit.missing {
                out.append("    ✗ \(m.padding(toLength: width, withPad: " ", startingAt: 0))  not covered")
            }
            if !audit.extra.isEmpty {
                out.append("  extra names (not in the plan): \(audit.extra.joined(separator: ", "))")
            }
            for severity in [Severity.error, .warning, .info] {
                let findings = audit.findings.filter { $0.severity == severity }
                guard !findings.isEmpty else { continue }
                out.append("  \(severity == .error ? "errors" : severity == .warning ? "warnings" : "notices"):")
                let mark = severity == .error ? "✗" : severity == .warning ? "!" : "i"
                for finding in findings { out.append("    \(mark) \(finding.code): \(finding.message)") }
            }
            out.append("")
        }
        out += expiryText(expiry)
        // Names, subjects and messages come from the certificates: each line is escaped whole,
        // so no value reaches the terminal raw or breaks a line of its own.
        out = out.map(UntrustedText.terminalEscaped)
        let missing = audits.reduce(0) { $0 + $1.missing.count }
        let errors = audits.reduce(0) { $0 + $1.findings.filter { $0.severity == .error }.count }
        let warnings = audits.reduce(0) { $0 + $1.findings.filter { $0.severity == .warning }.count }
        let verdict = audits.contains(where: \.failed) ? "FAILED" : "OK"
        out.append(
            "\(verdict): \(plural(missing, "missing name")), \(plural(errors, "error")), \(plural(warnings, "warning"))"
        )
        return out.joined(separator: "\n")
    }

    package static func chainLine(_ chain: ChainFacts) -> String {
        let names = chain.certificates.map(\.displayName).joined(separator: " → ")
        switch chain.verification {
        case .notChecked: return "\(names) (not verified)"
        case .trusted: return "\(names) (trusted)"
        case .failed(_, let reason): return "\(names) (not trusted: \(reason))"
        }
    }

    package static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    package struct CertificateJSON: Encodable {
        let source: String
        let id: String
        let subject: String
        let subjectDN: String
        let issuer: String
        let subjectAlternativeNames: [String]
        let notBefore: String
        let notAfter: String
        let keyAlgorithm: String
        let keySize: Int
        let signatureAlgorithm: String
        let sha256Fingerprint: String
        let thumbprint: String
        let daysUntilExpiry: Int
        let chain: [String]
        let chainTrusted: Bool?
        let covered: [CoveredName]
        let missing: [String]
        let extra: [String]
        let findings: [FindingJSON]
    }

    package struct FindingJSON: Encodable {
        let severity: String
        let code: String
        let message: String
    }

    package static func json(planned: PlannedCertificate, audits: [CertificateAudit], now: Date) throws -> String {
        let id = planned.id
        return try JSONOutput.encode(key: "certificates", elements: audits) { a in
            let trusted: Bool? =
                switch a.chain.verification {
                case .notChecked: nil
                case .trusted: true
                case .failed: false
                }
            return CertificateJSON(
                source: a.source, id: id, subject: a.facts.subjectCommonName ?? "",
                subjectDN: a.facts.subjectDN,
                issuer: a.facts.issuerDN, subjectAlternativeNames: a.facts.subjectAlternativeNames.map(\.displayString),
                notBefore: AuditFormat.date(a.facts.notBefore), notAfter: AuditFormat.date(a.facts.notAfter),
                keyAlgorithm: a.facts.keyAlgorithm, keySize: a.facts.keyBits,
                signatureAlgorithm: a.facts.signatureAlgorithm, sha256Fingerprint: a.facts.sha256Fingerprint,
                thumbprint: a.facts.thumbprint, daysUntilExpiry: AuditFormat.daysUntil(a.facts.notAfter, from: now),
                chain: a.chain.certificates.map(\.subjectDN), chainTrusted: trusted, covered: a.covered,
                missing: a.missing, extra: a.extra,
                findings: a.findings.map {
                    FindingJSON(severity: $0.severity.rawValue, code: $0.code, message: $0.message)
                })
        }
    }
}
