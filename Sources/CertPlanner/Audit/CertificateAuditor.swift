import Foundation
import TopologyModel

/// The audit of one certificate against its plan: coverage, findings, and every check's result.
public struct CertificateAudit: Sendable, Equatable {
    /// Where the certificate came from (a file name, or `host:port` and the SNI names sent).
    public var source: String
    public var facts: CertificateFacts
    public var chain: ChainFacts
    public var covered: [CoveredName]
    public var missing: [String]
    public var extra: [String]
    /// Findings, most severe first, in registry order within a severity.
    public var findings: [Finding]
    /// Each applicable check's code and result, in registry order.
    public var results: [(code: String, result: CheckResult)]

    public static func == (lhs: CertificateAudit, rhs: CertificateAudit) -> Bool {
        lhs.source == rhs.source && lhs.facts == rhs.facts && lhs.covered == rhs.covered
            && lhs.missing == rhs.missing && lhs.extra == rhs.extra && lhs.findings == rhs.findings
    }

    /// Whether this audit makes `lynccert audit` exit 1: a missing name or an error-level finding.
    public var failed: Bool { !missing.isEmpty || findings.hasErrors }
}

/// Runs the check registry on a context. Pure: the same context always gives the same audit.
public enum CertificateAuditor {
    /// Audits `context`; `source` labels the report.
    public static func audit(_ context: AuditContext, source: String) -> CertificateAudit {
        var context = context
        let coverage = AuditCoverage(required: context.requiredNames, facts: context.facts, planned: context.planned)
        context.cachedCoverage = coverage
        var results: [(code: String, result: CheckResult)] = []
        var findings: [Finding] = []
        for check in CertificateChecks.all {
            let instance = check.init()
            guard instance.applies(to: context) else { continue }
            let result = instance.run(on: context)
            results.append((check.metadata.code, result))
            // The catalogue's severity, whatever status the check reported: one code, one severity.
            guard result.status.findingSeverity != nil else { continue }
            for detail in result.details {
                findings.append(Finding(check.metadata, message: detail))
            }
        }
        return CertificateAudit(
            source: source, facts: context.facts, chain: context.chain, covered: coverage.covered,
            missing: coverage.missing, extra: coverage.extra, findings: sortedBySeverity(findings), results: results)
    }

    /// Findings most severe first; the order within one severity is kept.
    public static func sortedBySeverity(_ findings: [Finding]) -> [Finding] {
        findings.enumerated().sorted { a, b in
            a.element.severity != b.element.severity ? a.element.severity > b.element.severity : a.offset < b.offset
        }.map(\.element)
    }
}
