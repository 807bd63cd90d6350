import DNSPlanner
import DNSResolver
import Foundation
import TestSupport
import Testing
import TopologyModel

@testable import Workflows

/// The one DNS check pipeline against real NSD servers on loopback (`dns check` and
/// `verify --dns-server` both run it).
@Suite("DNSCheckRun: planned records asked of live servers")
struct DNSCheckRunTests {
    static let plan = DNSPlanning.plan(Fixtures.contoso())

    /// Zones (origin → text) holding the plan's `view` records, less `dropping`.
    static func zones(_ view: DNSView, dropping: Set<String> = []) -> [String: String] {
        var lines: [String: [String]] = [:]
        func origin(_ name: String) -> String { name.split(separator: ".").suffix(2).joined(separator: ".") }
        for r in plan.records where r.view == view && !dropping.contains(r.name) {
            let data: String
            switch r.type {
            case .CNAME: data = "\(r.value!)."
            case .SRV: data = "\(r.priority ?? 0) \(r.weight ?? 0) \(r.port ?? 0) \(r.value!)."
            default: data = r.value ?? "203.0.113.200"
            }
            lines[origin(r.name), default: []].append("\(r.name). IN \(r.type.rawValue) \(data)")
        }
        return lines.reduce(into: [:]) { zones, pair in
            zones[pair.key] =
                "$ORIGIN \(pair.key).\n$TTL 300\n@ IN SOA ns1 hostmaster 1 3600 600 86400 300\n@ IN NS ns1\n"
                + "ns1 IN A 127.0.0.1\n" + pair.value.joined(separator: "\n") + "\n"
        }
    }

    static func server(_ nsd: NSDServer) throws -> DNSServer { try DNSServer(parsing: nsd.address) }

    @Test("DNS as planned: every external record ok, no problems, every server answered")
    func asPlanned() async throws {
        let nsd = try NSDServer(zones: Self.zones(.external))
        let server = try Self.server(nsd)
        let outcome = await DNSCheckRun.run(
            plan: Self.plan, view: .external, servers: [server], client: DNSClient(servers: [server], timeout: 1))
        #expect(outcome.noServerAnswered == nil)
        #expect(outcome.silentServers.isEmpty)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        let planned = Set(Self.plan.records.filter { $0.view == .external }.map(\.name))
        #expect(planned.isSubset(of: Set(outcome.report.results.map(\.name))))
        #expect(outcome.serverList == nsd.address)
    }

    @Test("a record deleted from the zone is a problem: missing")
    func deleted() async throws {
        let nsd = try NSDServer(zones: Self.zones(.external, dropping: ["dialin.contoso.com"]))
        let outcome = await DNSCheckRun.external(plan: Self.plan, server: try Self.server(nsd), timeout: 2)
        #expect(outcome.problems.map(\.name) == ["dialin.contoso.com"])
        #expect(outcome.problems.first?.status == .missing)
        #expect(outcome.view == .external)
    }

    @Test("verify's external check and dns check's pipeline judge alike")
    func sameJudgement() async throws {
        let nsd = try NSDServer(zones: Self.zones(.external, dropping: ["meet.contoso.com"]))
        let server = try Self.server(nsd)
        let viaVerify = await DNSCheckRun.external(plan: Self.plan, server: server, timeout: 2)
        let viaCheck = await DNSCheckRun.run(
            plan: Self.plan, view: .external, servers: [server], client: DNSClient(servers: [server], timeout: 2))
        #expect(viaVerify.report == viaCheck.report)
    }

    @Test("a server that never answers beside one that does is named silent; none answering is reported")
    func silent() async throws {
        let nsd = try NSDServer(zones: Self.zones(.external))
        // A bound UDP socket that reads nothing: questions to it time out.
        let mute = try #require(LoopbackUDPSocket())
        let good = try Self.server(nsd)
        let quiet = try DNSServer(address: "127.0.0.1", port: mute.port)
        let both = await DNSCheckRun.run(
            plan: Self.plan, view: .external, servers: [good, quiet],
            client: DNSClient(servers: [good, quiet], timeout: 0.3, retries: 0))
        #expect(both.noServerAnswered == nil)
        #expect(both.silentServers == [quiet])
        let none = await DNSCheckRun.run(
            plan: Self.plan, view: .external, servers: [quiet],
            client: DNSClient(servers: [quiet], timeout: 0.3, retries: 0))
        #expect(none.noServerAnswered != nil)
        #expect(none.silentServers.isEmpty)
    }

    @Test("questions are query-major: each planned query asked of every server in turn")
    func questionOrder() throws {
        let a = try DNSServer(address: "127.0.0.1", port: 5301)
        let b = try DNSServer(address: "127.0.0.1", port: 5302)
        let queries = DNSCheck.queries(for: Self.plan, view: .external)
        let questions = DNSCheckRun.questions(for: queries, servers: [a, b])
        #expect(questions.count == queries.count * 2)
        #expect(questions.count == DNSCheckRun.questionCount(plan: Self.plan, view: .external, servers: [a, b]))
        #expect(questions[0].server == a && questions[1].server == b)
        #expect(questions[0].name == queries[0].name && questions[1].name == queries[0].name)
    }
}
