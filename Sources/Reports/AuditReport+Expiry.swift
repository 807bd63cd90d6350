import CertPlanner
import Foundation

/// The expiry summary of `lynccert audit`: every certificate it read, soonest expiry first.
extension AuditReport {
    /// Lines of the text report, escaped with the rest of it by `AuditReport.text`.
    package static func expiryText(_ entries: [ExpiryEntry]) -> [String] {
        guard !entries.isEmpty else { return [] }
        let width = entries.map { String($0.daysLeft).count }.max() ?? 1
        var out = ["expiry (soonest first):"]
        for e in entries {
            let days = String(e.daysLeft)
            let left = e.daysLeft < 0 ? "expired" : "\(String(repeating: " ", count: width - days.count))\(days) days"
            out.append(
                "  \(left)  \(AuditFormat.date(e.notAfter))  \(e.name)\(e.inChain ? " (chain)" : "")"
                    + "  [\(e.source)]")
        }
        out.append("")
        return out
    }

    package struct ExpiryJSON: Encodable {
        let name: String
        let subjectDN: String
        let source: String
        let chain: Bool
        let notAfter: String
        let daysLeft: Int
        let sha256Fingerprint: String
    }

    /// `{"expiry": […]}` merged into the `{"certificates": […]}` object (`certificates` sorts first).
    package static func addingExpiry(_ entries: [ExpiryEntry], to certificates: String) throws -> String {
        let expiry = try JSONOutput.encode([
            "expiry": entries.map {
                ExpiryJSON(
                    name: $0.name, subjectDN: $0.subjectDN, source: $0.source, chain: $0.inChain,
                    notAfter: AuditFormat.date($0.notAfter), daysLeft: $0.daysLeft,
                    sha256Fingerprint: $0.sha256Fingerprint)
            }
        ])
        var head = Substring(certificates)
        while let last = head.last, last.isWhitespace { head.removeLast() }
        guard head.last == "}", let open = expiry.firstIndex(of: "{") else { return certificates }
        head.removeLast()
        while let last = head.last, last.isWhitespace { head.removeLast() }
        return head + "," + expiry[expiry.index(after: open)...]
    }
}
