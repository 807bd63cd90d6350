import DNSPlanner
import DNSResolver
import Foundation
import Topology

/// Maps resolver answers to the planner's plain observation values (DNSPlanner never imports
/// the resolver).
enum DNSCheckMapping {
    static func queryType(_ type: DNSRecordType) -> DNSQueryType {
        switch type {
        case .A: .A
        case .AAAA: .AAAA
        case .CNAME: .CNAME
        case .SRV: .SRV
        }
    }

    static func observation(_ answer: DNSAnswer) -> DNSObservation {
        let records = answer.records.compactMap { record -> DNSObservedRecord? in
            switch record.data {
            case .address(let address):
                return DNSObservedRecord(type: record.type == .AAAA ? .AAAA : .A, name: record.name, value: address)
            case .target(let target):
                return DNSObservedRecord(type: .CNAME, name: record.name, value: target)
            case .service(let priority, let weight, let port, let target):
                return DNSObservedRecord(
                    type: .SRV, name: record.name, value: target, port: Int(port), priority: Int(priority),
                    weight: Int(weight))
            case .other:
                return nil
            }
        }
        let failure = answer.error.map { error -> DNSObservation.Failure in
            let kind: DNSObservation.Failure.Kind
            switch error.code {
            case .timedOut: kind = .timeout
            case .serverFailure: kind = .serverFailure
            case .refused: kind = .refused
            case .malformedAnswer: kind = .malformed
            case .cnameLoop, .cnameChainTooLong: kind = .cnameChain
            default: kind = .other
            }
            return DNSObservation.Failure(kind: kind, message: error.reason)
        }
        return DNSObservation(
            server: answer.question.server.description, records: records, nxdomain: answer.rcode == .nameError,
            failure: failure)
    }
}

/// The `dns check` report as text (a table grouped by status) or DESIGN.md's JSON.
struct DNSCheckOutput {
    let report: DNSCheckReport
    let view: DNSView
    let servers: [String]

    /// Worst first, so what needs doing is at the top.
    static let order: [DNSCheckStatus] = [.mismatch, .missing, .error, .warning, .ok]

    func text() -> String {
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

    var summaryLine: String {
        Self.order.reversed().map { "\(report.count($0)) \($0.rawValue)" }.joined(separator: ", ")
    }

    func json() throws -> String {
        try JSONOutput.encode(
            DNSCheckJSON(
                view: view.rawValue, servers: servers, records: report.results.map(DNSCheckJSON.Record.init),
                summary: Dictionary(
                    uniqueKeysWithValues: DNSCheckStatus.allCases.map { ($0.rawValue, report.count($0)) })))
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// Writes "resolving n/total" over itself on stderr (only called when stderr is a terminal).
    static let progress: @Sendable (Int, Int) -> Void = { done, total in
        Console.errorRaw("\rlynccert: resolving \(done)/\(total)")
    }

    static func clearProgress() {
        Console.errorRaw("\r\u{1B}[K")
    }
}

/// DESIGN.md's `dns check` JSON shape, plus `view`, `servers`, `verified`, `disagreement`,
/// `purpose` and per-server details.
struct DNSCheckJSON: Encodable {
    struct Server: Encodable {
        let server: String
        let status: String
        let observed: [String]
        let message: String
    }

    struct Record: Encodable {
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

        init(_ r: DNSCheckResult) {
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
