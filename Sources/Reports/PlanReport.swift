import CertPlanner
import DNSPlanner
import Foundation
import PublishingPlanner
import TopologyModel
import Workflows

/// `lynccert plan`'s output: the shown parts as text sections or one JSON object.
extension FullPlan {
    package func text() -> String {
        var sections: [String] = []
        if shows(.certs) { sections.append(PlanText.certificates(certificates)) }
        if shows(.dns) { sections.append(PlanText.dns(dns)) }
        if shows(.publishing) { sections.append(PlanText.publishing(publishing)) }
        if let host { sections.append(PlanText.host(host)) }
        sections.append(PlanText.findings(findings))
        return sections.joined(separator: "\n")
    }

    package func json() throws -> String {
        var object: [String: any Encodable] = [:]
        if shows(.certs) { object["certificates"] = certificates.certificates.map(CertificateJSON.init) }
        if shows(.dns) { object["dnsRecords"] = dns.records.map(DNSRecordJSON.init) }
        if shows(.publishing) { object["publishingRules"] = publishing.rules }
        if let host { object["hostPlan"] = host }
        object["findings"] = findings
        return try JSONOutput.encode(object)
    }
}
