import CertPlanner
import Foundation
import TopologyModel

/// What `lynccert csr --renew` changes, as text for standard output before the files written.
extension RenewalComparison {
    /// `source` names the certificate in service; `facts` are its facts.
    package func text(source: String, facts: CertificateFacts) -> String {
        let c = self
        var lines = [
            "Renewing \(source) (\(c.inServiceName), expires \(AuditFormat.date(facts.notAfter))) as \(c.plannedID)"
        ]
        if let old = c.oldSubject { lines.append("  subject:  \(old) -> \(c.newSubject)") }
        lines.append(
            "  names:    \(c.keptNames.count) kept, \(c.addedNames.count) added, \(c.droppedNames.count) dropped")
        for name in c.addedNames {
            lines.append("    + \(name)  (the plan needs it; the certificate in service lacks it)")
        }
        for name in c.droppedNames { lines.append("    - \(name)  (in service, no longer planned)") }
        lines.append("  key:      \(c.oldKey == c.newKey ? "\(c.newKey) (unchanged)" : "\(c.oldKey) -> \(c.newKey)")")
        if c.addedEKUs.isEmpty && c.droppedEKUs.isEmpty {
            lines.append("  EKU:      unchanged")
        } else {
            let changes = c.addedEKUs.map { "+\($0)" } + c.droppedEKUs.map { "-\($0)" }
            lines.append("  EKU:      \(changes.joined(separator: " "))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
