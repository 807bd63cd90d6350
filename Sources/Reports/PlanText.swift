import CertPlanner
import DNSPlanner
import PublishingPlanner
import TopologyModel

/// Text rendering of `lynccert plan`; each part lives in its own extension file.
package enum PlanText {
    package static func findings(_ findings: [Finding]) -> String {
        if findings.isEmpty { return "Findings: none\n" }
        var lines = ["Findings:"]
        for f in findings {
            let path = f.path.map { " (\($0))" } ?? ""
            lines.append("  \(f.severity.rawValue.uppercased()) \(f.code)\(path): \(f.message)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
