import DNSPlanner
import Foundation
import PublishingPlanner
import TopologyModel
import Workflows

/// `lynccert verify`'s report as text (ending GO or NO-GO) and as JSON.
extension VerifyOutcome {
    /// `45 days left`, `expired`.
    package static func daysText(_ days: Int) -> String {
        days >= 0 ? "\(days) day\(days == 1 ? "" : "s") left" : "expired"
    }

    package static func mark(_ status: VerifyStatus) -> String {
        switch status {
        case .ok: "✓"
        case .warning: "!"
        case .fail: "✗"
        }
    }

    package func text() -> String {
        var lines = ["Verifying through \(settings.https) (HTTPS) and \(settings.http) (HTTP)", ""]
        if results.isEmpty {
            lines.append("The publishing plan publishes nothing to check.")
        }
        for group in byName {
            lines.append(group.name)
            for r in group.results {
                let what = r.kind == .certificate ? "certificate" : r.url
                // Messages quote headers, autodiscover values and certificate names: escaped.
                lines.append(UntrustedText.terminalEscaped("  \(Self.mark(r.status)) \(what)  \(r.message)"))
                if let thumbprint = r.thumbprint, let notAfter = r.notAfter, let days = r.daysUntilExpiry {
                    lines.append("      thumbprint \(thumbprint), notAfter \(notAfter) (\(Self.daysText(days)))")
                }
            }
        }
        let s = summary
        lines.append("")
        lines.append("\(s.total) checks: \(s.ok) ok, \(s.warning) warning(s), \(s.fail) failed")
        if let dns {
            let report = dns.report
            lines.append(
                "DNS (external view, asking \(dns.serverList)): \(report.results.count) records, "
                    + "\(report.count(.ok)) ok, \(report.count(.missing)) missing, \(report.count(.mismatch)) mismatch, "
                    + "\(report.count(.error)) error, \(report.count(.warning)) warning(s)")
            for r in dns.problems {
                lines.append(
                    UntrustedText.terminalEscaped(
                        "  ✗ \(r.type.rawValue) \(r.name)  \(r.status.rawValue): \(r.message)"))
            }
        }
        lines.append(verdict)
        return lines.joined(separator: "\n")
    }

    package func json() throws -> String {
        struct Connect: Encodable {
            let https: String
            let http: String
        }
        struct DNSStatus: Encodable {
            let server: String
            let records: [DNSCheckJSON.Record]
            let summary: [String: Int]
        }
        var object: [String: any Encodable] = [
            "connect": Connect(https: settings.https.description, http: settings.http.description),
            "checks": results,
            "summary": summary,
            "verdict": verdict,
        ]
        if let dns {
            object["dns"] = DNSStatus(
                server: dns.serverList, records: dns.report.results.map(DNSCheckJSON.Record.init),
                summary: Dictionary(
                    uniqueKeysWithValues: DNSCheckStatus.allCases.map { ($0.rawValue, dns.report.count($0)) }))
        }
        return try JSONOutput.encode(object)
    }
}
