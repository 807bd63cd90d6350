import DNSPlanner
import Foundation
import TopologyModel
import Workflows

/// The `dns check` report as text (a table grouped by status) or DESIGN.md's JSON.
package struct DNSCheckOutput {
    package let report: DNSCheckReport
    package let view: DNSView
    package let servers: [String]

    package init(report: DNSCheckReport, view: DNSView, servers: [String]) {
        self.report = report
        self.view = view
        self.servers = servers
    }

    package init(_ outcome: DNSCheckRun.Outcome) {
        self.init(report: outcome.report, view: outcome.view, servers: outcome.servers.map(\.description))
    }

    /// Worst first, so what needs doing is at the top.
    package static let order: [DNSCheckStatus] = [.mismatch, .missing, .error, .warning, .ok]

    package func text() -> String {
        var out = "DNS check, \(view.rawValue) view, asking \(servers.joined(separator: ", "))\n"
        for status in Self.order {
            let rows = report.results.filter { $0.status == status }
            guard !rows.isEmpty else { continue }
            out += "\n\(status.rawValue.uppercased()) (\(rows.count))\n"
            let typeWidth = 5
            let nameWidth = min(48, rows.map(\.name.count).max() ?? 0)
            let expectedWidth = min(40, rows.map(\.expected.count).max() ?? 0)
            for row in rows {
                let seen = row.observed.isEmpty ? "-" : row.observed.joined(separator: ", ")
                // What servers answered is escaped line by line.
                var line = UntrustedText.terminalEscaped(
                    "  \(pad(row.type.rawValue, typeWidth)) \(pad(row.name, nameWidth))  expected \(pad(row.expected, expectedWidth))  seen \(seen)"
                )
                if !row.message.isEmpty { line += "\n      " + UntrustedText.terminalEscaped(row.message) }
                out += line + "\n"
            }
        }
        if report.results.isEmpty { out += "\nThe plan has no records in the \(view.rawValue) view.\n" }
        out += "\n" + summaryLine + "\n"
        return out
    }

    package var summaryLine: String {
        Self.order.reversed().map { "\(report.count($0)) \($0.rawValue)" }.joined(separator: ", ")
    }

    package func json() throws -> String {
        try JSONOutput.encode(
            DNSCheckJSON(
                view: view.rawValue, servers: servers, records: report.results.map(DNSCheckJSON.Record.init),
                summary: Dictionary(
                    uniqueKeysWithValues: DNSCheckStatus.allCases.map { ($0.rawValue, report.count($0)) })))
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}

/// DESIGN.md's `dns check` JSON shape, plus `view`, `servers`, `verified`, `disagreement`,
/// `purpose` and per-server details. `Record` is the one JSON shape of a DNS check result
/// (`verify --dns-server` writes its records the same way).
package struct DNSCheckJSON: Encodable {
    package struct Server: Encodable {
        let server: String
        let status: String
        let observed: [String]
        let message: String
    }

    package struct Record: Encodable {
        let view: String
        let type: String
        let name: String
        let expected: String
        let observed: [String]
        let status: String
        let message: String
        let verified: Bool
        let disagreement: Bool
        let purpose: String
        /// Per-server verdicts, only when several servers were asked (with one they repeat the row).
        let servers: [Server]?

        package init(_ r: DNSCheckResult) {
            view = r.view.rawValue
            type = r.type.rawValue
            name = r.name
            expected = r.expected
            observed = r.observed
            status = r.status.rawValue
            message = r.message
            verified = r.verified
            disagreement = r.disagreement
            purpose = r.purpose
            servers =
                r.servers.count > 1
                ? r.servers.map {
                    Server(server: $0.server, status: $0.status.rawValue, observed: $0.observed, message: $0.message)
                } : nil
        }
    }

    let view: String
    let servers: [String]
    let records: [Record]
    let summary: [String: Int]
}
