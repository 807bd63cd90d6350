import DNSPlanner
import DNSResolver
import Foundation

/// `verify --dns-server`: the `dns check` of the external view, for the cut-over report.
///
/// The same queries and judgement as `lynccert dns check --view external --server ADDR`, asked
/// of one server: the public DNS the cut-over switches (or its staging copy).
enum VerifyDNS {
    struct Outcome {
        var server: String
        var report: DNSCheckReport

        var rows: [ReportDNSRow] {
            report.results.map {
                ReportDNSRow(
                    view: $0.view.rawValue, type: $0.type.rawValue, name: $0.name, expected: $0.expected,
                    observed: $0.observed, status: $0.status.rawValue, message: $0.message)
            }
        }

        /// Records that are missing, mismatched or in error.
        var problems: [DNSCheckResult] {
            report.results.filter { [.missing, .mismatch, .error].contains($0.status) }
        }
    }

    static func run(plan: DNSPlan, server: DNSServer, timeout: Double) async -> Outcome {
        let queries = DNSCheck.queries(for: plan, view: .external)
        let questions = queries.map {
            DNSQuestion(name: $0.name, type: DNSCheckMapping.queryType($0.type), server: server)
        }
        let client = DNSClient(servers: [server], timeout: min(timeout, 10), retries: 2, concurrency: 64)
        let answers = await client.resolve(questions)
        var observations: [DNSCheckQuery: [DNSObservation]] = [:]
        for (query, answer) in zip(queries, answers) {
            observations[query] = [DNSCheckMapping.observation(answer)]
        }
        let report = DNSCheck.evaluate(plan: plan, view: .external, observations: observations)
        return Outcome(server: server.description, report: report)
    }
}
