import DNSPlanner
import DNSResolver
import Foundation
import TopologyModel

/// The one DNS check pipeline: the plan's records in a view, asked of every server, judged by
/// `DNSCheck.evaluate`. `lynccert dns check` runs it; so does `verify --dns-server` (the external
/// view, one server), so both judge a record alike.
package enum DNSCheckRun {
    package struct Outcome: Sendable {
        package var view: DNSView
        package var servers: [DNSServer]
        package var report: DNSCheckReport
        /// Set when servers were asked and none answered any query: the first answer's reason.
        package var noServerAnswered: String?
        /// Servers that answered no query at all while another one did.
        package var silentServers: [DNSServer]

        /// The servers asked, as `--server` shows them.
        package var serverList: String { servers.map(\.description).joined(separator: ", ") }

        /// Records that are missing, mismatched or in error.
        package var problems: [DNSCheckResult] {
            report.results.filter { [.missing, .mismatch, .error].contains($0.status) }
        }
    }

    /// The questions for `queries`, each asked of every server in turn (query-major order).
    package static func questions(for queries: [DNSCheckQuery], servers: [DNSServer]) -> [DNSQuestion] {
        var questions: [DNSQuestion] = []
        questions.reserveCapacity(queries.count * servers.count)
        for query in queries {
            for server in servers {
                questions.append(
                    DNSQuestion(name: query.name, type: DNSCheckMapping.queryType(query.type), server: server))
            }
        }
        return questions
    }

    /// How many questions `run` asks (the command shows progress for many).
    package static func questionCount(plan: DNSPlan, view: DNSView, servers: [DNSServer]) -> Int {
        DNSCheck.queries(for: plan, view: view).count * servers.count
    }

    /// Asks `client` every question of `plan`'s `view` at each of `servers`; `progress` is called
    /// with (done, total) while the answers come in.
    package static func run(
        plan: DNSPlan, view: DNSView, servers: [DNSServer], client: DNSClient,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async -> Outcome {
        let queries = DNSCheck.queries(for: plan, view: view)
        let answers = await client.resolve(questions(for: queries, servers: servers), progress: progress)
        var noServerAnswered: String?
        if !answers.isEmpty && !answers.contains(where: \.serverResponded) {
            noServerAnswered = answers.first?.error?.reason ?? "no answer"
        }
        let silent = servers.filter { server in
            let own = answers.filter { $0.question.server == server }
            return !own.isEmpty && !own.contains(where: \.serverResponded)
        }
        var observations: [DNSCheckQuery: [DNSObservation]] = [:]
        for (index, query) in queries.enumerated() {
            let slice = answers[(index * servers.count)..<((index + 1) * servers.count)]
            observations[query] = slice.map(DNSCheckMapping.observation)
        }
        let report = DNSCheck.evaluate(plan: plan, view: view, observations: observations)
        return Outcome(
            view: view, servers: servers, report: report, noServerAnswered: noServerAnswered,
            silentServers: noServerAnswered == nil ? silent : [])
    }

    /// `verify --dns-server`: the external view asked of one server (the public DNS the cut-over
    /// switches, or its staging copy), each attempt bounded by `timeout` (at most 10 s).
    package static func external(plan: DNSPlan, server: DNSServer, timeout: Double) async -> Outcome {
        let client = DNSClient(servers: [server], timeout: min(timeout, 10), retries: 2, concurrency: 64)
        return await run(plan: plan, view: .external, servers: [server], client: client)
    }
}
