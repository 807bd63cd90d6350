import ArgumentParser
import CertPlanner
import DNSPlanner
import Foundation
import PublishingPlanner
import Reports
import TopologyModel
import Workflows

extension PlanPart: ExpressibleByArgument {}

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

    @OptionGroup var input: TopologyArgument

    @Option(help: "Show only one part: certs, dns, publishing or host.")
    var only: PlanPart?

    @OptionGroup(title: "Output")
    var output: OutputOptions

    func run() async throws {
        let loaded = try input.load()
        let plan = FullPlan(loaded: loaded, only: only, topologyFile: input.topology)
        switch output.format {
        case .json: Console.out(try plan.json())
        case .text: Console.text(plan.text())
        }
        if plan.findings.hasErrors { throw CLIError.findings }
    }
}
