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
        case .text: Console.out(plan.text())
        }
        if plan.findings.hasErrors { throw CLIError.findings }
    }
}

/// Every plan of a topology, computed once, with the findings of the parts shown.
struct FullPlan {
    let topology: Topology
    let only: PlanPart?
    let certificates: CertificatePlan
    let dns: DNSPlan
    let publishing: PublishingPlan
    let host: HostPlan
    let topologyFindings: [Finding]

    init(loaded: LoadedTopology, only: PlanPart? = nil, topologyFile: String = "topology.yaml") {
        topology = loaded.topology
        self.only = only
        topologyFindings = loaded.findings
        certificates = CertificatePlanner.plan(loaded.topology)
        dns = DNSPlanner.plan(loaded.topology)
        publishing = PublishingPlanner.plan(loaded.topology)
        host = HostPlanner.plan(topology: loaded.topology, publishing: publishing, topologyFile: topologyFile)
    }

    func shows(_ part: PlanPart) -> Bool { only == nil || only == part }

    /// Findings of the shown parts, errors first, each once.
    var findings: [Finding] {
        var all = topologyFindings
        if shows(.certs) { all += certificates.findings }
        if shows(.dns) { all += dns.findings }
        if shows(.publishing) { all += publishing.findings }
        if shows(.host) { all += host.findings }
        var seen = Set<Finding>()
        return all.filter { seen.insert($0).inserted }.sorted { $0.severity > $1.severity }
    }

    func text() -> String {
        var sections: [String] = []
        if shows(.certs) { sections.append(PlanText.certificates(certificates)) }
        if shows(.dns) { sections.append(PlanText.dns(dns)) }
        if shows(.publishing) { sections.append(PlanText.publishing(publishing)) }
        if shows(.host) { sections.append(PlanText.host(host)) }
        sections.append(PlanText.findings(findings))
        return sections.joined(separator: "\n")
    }

    func json() throws -> String {
        var object: [String: any Encodable] = [:]
        if shows(.certs) { object["certificates"] = certificates.certificates.map(CertificateJSON.init) }
        if shows(.dns) { object["dnsRecords"] = dns.records.map(DNSRecordJSON.init) }
        if shows(.publishing) { object["publishingRules"] = publishing.rules }
        if shows(.host) { object["hostPlan"] = host }
        object["findings"] = findings
        return try JSONOutput.encode(object)
    }
}
