import ArgumentParser
import CertPlanner
import DNSPlanner
import Foundation
import PublishingPlanner
import Topology

/// Which part of the plan to show.
enum PlanPart: String, ExpressibleByArgument, CaseIterable {
    case certs
    case dns
    case publishing
    case host
}

/// `lynccert plan`: the certificate, DNS and publishing plans and the findings.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the certificate, DNS and publishing plans and the findings.",
        discussion: """
            EXAMPLES
              lynccert plan topology.yaml
              lynccert plan topology.yaml --only certs
              lynccert plan topology.yaml --only host
              lynccert plan topology.tbxml --format json

            EXIT CODES
              0  plan made, no error-level findings
              1  plan made, and it holds error-level findings
              2  the topology is malformed or breaks a rule (every problem is listed on stderr)
            """
    )

    @Argument(help: "The topology: YAML, JSON, Topology Builder .tbxml or published topology XML.")
    var topology: String

    @Option(help: "Show only one part: certs, dns, publishing or host.")
    var only: PlanPart?

    @OptionGroup(title: "Output")
    var output: OutputOptions

    func run() async throws {
        let loaded = try TopologyInput.load(topology)
        let plan = FullPlan(loaded: loaded, only: only, topologyFile: topology)
        switch output.format {
        case .json: Console.out(try plan.json())
        case .text: Console.text(plan.text())
        }
        if plan.findings.hasErrors { throw CLIError.findings }
    }
}

/// The plans of a topology that are shown, each computed once, with their findings.
///
/// Parts not shown are not computed: `--only certs` on a large topology skips the DNS plan.
struct FullPlan {
    let topology: Topology
    let only: PlanPart?
    let certificates: CertificatePlan
    let dns: DNSPlan
    let publishing: PublishingPlan
    let host: HostPlan?
    /// Findings of the shown parts, errors first, each once.
    let findings: [Finding]

    init(loaded: LoadedTopology, only: PlanPart? = nil, topologyFile: String = "topology.yaml") {
        topology = loaded.topology
        self.only = only
        let shows = { (part: PlanPart) in only == nil || only == part }
        certificates =
            shows(.certs) ? CertificatePlanner.plan(topology) : CertificatePlan(certificates: [], findings: [])
        dns = shows(.dns) ? DNSPlanner.plan(topology) : DNSPlan(records: [], findings: [])
        // The host plan is derived from the publishing rules.
        publishing =
            shows(.publishing) || shows(.host)
            ? PublishingPlanner.plan(topology) : PublishingPlan(rules: [], findings: [])
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

    func shows(_ part: PlanPart) -> Bool { only == nil || only == part }

    func text() -> String {
        var sections: [String] = []
        if shows(.certs) { sections.append(PlanText.certificates(certificates)) }
        if shows(.dns) { sections.append(PlanText.dns(dns)) }
        if shows(.publishing) { sections.append(PlanText.publishing(publishing)) }
        if let host { sections.append(PlanText.host(host)) }
        sections.append(PlanText.findings(findings))
        return sections.joined(separator: "\n")
    }

    func json() throws -> String {
        var object: [String: any Encodable] = [:]
        if shows(.certs) { object["certificates"] = certificates.certificates.map(CertificateJSON.init) }
        if shows(.dns) { object["dnsRecords"] = dns.records.map(DNSRecordJSON.init) }
        if shows(.publishing) { object["publishingRules"] = publishing.rules }
        if let host { object["hostPlan"] = host }
        object["findings"] = findings
        return try JSONOutput.encode(object)
    }
}
