import CertPlanner
import DNSPlanner
import Foundation
import PublishingPlanner
import TopologyModel

/// Which part of the plan to show.
package enum PlanPart: String, Sendable, CaseIterable {
    case certs
    case dns
    case publishing
    case host
}

/// The plans of a topology that are shown, each computed once, with their findings.
///
/// Parts not shown are not computed: `--only certs` on a large topology skips the DNS plan.
package struct FullPlan {
    package let topology: Topology
    package let only: PlanPart?
    package let certificates: CertificatePlan
    package let dns: DNSPlan
    package let publishing: PublishingPlan
    package let host: HostPlan?
    /// Findings of the shown parts, errors first, each once.
    package let findings: [Finding]

    package init(loaded: LoadedTopology, only: PlanPart? = nil, topologyFile: String = "topology.yaml") {
        topology = loaded.topology
        self.only = only
        let shows = { (part: PlanPart) in only == nil || only == part }
        certificates =
            shows(.certs) ? CertificatePlanner.plan(topology) : CertificatePlan(certificates: [], findings: [])
        dns = shows(.dns) ? DNSPlanning.plan(topology) : DNSPlan(records: [], findings: [])
        // The host plan is derived from the publishing rules.
        publishing =
            shows(.publishing) || shows(.host)
            ? PublishingPlanning.plan(topology) : PublishingPlan(rules: [], findings: [])
        host =
            shows(.host)
            ? HostPlanner.plan(topology: topology, publishing: publishing, topologyFile: topologyFile) : nil

        var all = loaded.findings
        if shows(.certs) { all += certificates.findings }
        if shows(.dns) { all += dns.findings }
        if shows(.publishing) { all += publishing.findings }
        if let host { all += host.findings }
        // One finding per fact: the certificate and publishing plans both report an unpublished pool.
        findings = all.deduplicated().sorted { $0.severity > $1.severity }
    }

    package func shows(_ part: PlanPart) -> Bool { only == nil || only == part }
}
