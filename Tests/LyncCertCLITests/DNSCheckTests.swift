import Foundation
import TestSupport
import Testing

/// `lynccert dns check` end to end: a topology, its DNS plan (from `lynccert plan`), zones built
/// from that plan and served by NSD on loopback, then changed record by record.
@Suite("lynccert dns check")
struct DNSCheckCommandTests {
    /// Two SIP domains, one Front End pool, one Edge pool with federation.
    static let topology = """
        version: 1
        sipDomains: [contoso.com, fabrikam.com]
        simpleUrls:
          meet:
            - {domain: contoso.com, url: "https://meet.contoso.com"}
            - {domain: fabrikam.com, url: "https://meet.fabrikam.com"}
          dialin: "https://dialin.contoso.com"
        pools:
          - {fqdn: pool01.contoso.net, role: frontEnd, externalWebFqdn: webext.contoso.com, internalWebAddress: 192.168.10.5}
        edgePools:
          - fqdn: lsedge.contoso.net
            accessEdgeFqdn: sip.contoso.com
            webConferencingFqdn: webcon.contoso.com
            avFqdn: av.contoso.com
            externalAddresses: {access: 131.107.155.10, webConferencing: 131.107.155.20, av: 131.107.155.30}
            internalAddresses: [172.25.33.10]
            federation: true
        reverseProxy:
          externalAddress: 203.0.113.10

        """

    /// A planned record, as `lynccert plan --format json` lists it.
    struct Planned: Decodable {
        var view: String
        var type: String
        var name: String
        var value: String?
        var port: Int?
        var priority: Int?
        var weight: Int?
    }

    struct Fixture {
        let folder: TemporaryDirectory
        let topologyPath: String
        let records: [Planned]

        init() async throws {
            folder = try TemporaryDirectory()
            topologyPath = try folder.write("topology.yaml", DNSCheckCommandTests.topology)
            let plan = try await runLynccert(["plan", topologyPath, "--only", "dns", "--format", "json"])
            struct PlanJSON: Decodable { var dnsRecords: [Planned] }
            records = try JSONDecoder().decode(PlanJSON.self, from: plan.stdoutData).dnsRecords
        }

        func records(_ view: String) -> [Planned] { records.filter { $0.view == view } }
    }

    /// Zone files (origin → text) holding `records`, one zone per registrable domain.
    static func zones(_ records: [Planned], extra: [String] = []) -> [String: String] {
        var lines: [String: [String]] = [:]
        func origin(_ name: String) -> String { name.split(separator: ".").suffix(2).joined(separator: ".") }
        for r in records {
            let data: String
            switch r.type {
            case "CNAME": data = "\(r.value!)."
            case "SRV": data = "\(r.priority ?? 0) \(r.weight ?? 0) \(r.port ?? 0) \(r.value!)."
            default: data = r.value ?? "203.0.113.200"
            }
            lines[origin(r.name), default: []].append("\(r.name). IN \(r.type) \(data)")
        }
        for line in extra {
            let name = String(line.split(separator: " ")[0].dropLast())
            lines[origin(name), default: []].append(line)
        }
        return lines.mapValues { body in
            "$TTL 300\n@ IN SOA ns1 hostmaster 1 3600 600 86400 300\n@ IN NS ns1\nns1 IN A 127.0.0.1\n"
                + body.joined(separator: "\n") + "\n"
        }.reduce(into: [:]) { zones, pair in zones[pair.key] = "$ORIGIN \(pair.key).\n" + pair.value }
    }

    struct Report: Decodable {
        struct Row: Decodable {
            var view: String
            var type: String
            var name: String
            var expected: String
            var observed: [String]
            var status: String
            var message: String
            var disagreement: Bool
        }
        var records: [Row]
        var summary: [String: Int]

        func row(_ name: String) -> Row? { records.first { $0.name == name } }
    }

    static func check(_ fixture: Fixture, view: String = "external", servers: [String], extra: [String] = [])
        async throws -> (ProcessResult, Report?)
    {
        let result = try await runLynccert(
            [
                "dns", "check", fixture.topologyPath, "--view", view, "--timeout", "1", "--retries", "1", "--format",
                "json",
            ]
                + servers.flatMap { ["--server", $0] } + extra)
        let report = try? JSONDecoder().decode(Report.self, from: result.stdoutData)
        return (result, report)
    }

    @Test("DNS exactly as planned: every record ok, internal-only names absent, exit 0")
    func asPlanned() async throws {
        let fixture = try await Fixture()
        let external = fixture.records("external")
        #expect(external.count >= 10)
        let nsd = try NSDServer(zones: Self.zones(external))
        let (result, report) = try await Self.check(fixture, servers: [nsd.address])
        #expect(result.status == 0, "\(result.stderr)\(result.stdout)")
        let rows = try #require(report).records
        #expect(rows.allSatisfy { $0.status == "ok" }, "\(rows.filter { $0.status != "ok" })")
        // Every planned external record has a row, plus the internal-only probes.
        #expect(Set(external.map(\.name)).isSubset(of: Set(rows.map(\.name))))
        #expect(rows.contains { $0.name == "lyncdiscoverinternal.contoso.com" && $0.view == "external" })
        #expect(report?.summary == ["ok": rows.count, "missing": 0, "mismatch": 0, "error": 0, "warning": 0])
        #expect(report?.row("_sip._tls.contoso.com")?.observed == ["0 0 443 sip.contoso.com"])
    }

    @Test("another address, a deleted record, an extra address, a leaked internal name: exit 1, each named")
    func drift() async throws {
        let fixture = try await Fixture()
        var external = fixture.records("external")
        external = external.filter { $0.name != "meet.fabrikam.com" }
        for i in external.indices where external[i].name == "webext.contoso.com" { external[i].value = "198.51.100.1" }
        let nsd = try NSDServer(
            zones: Self.zones(
                external,
                extra: [
                    "dialin.contoso.com. IN A 203.0.113.99",
                    "lyncdiscoverinternal.contoso.com. IN A 192.168.10.5",
                    "_sipfederationtls._tcp.fabrikam.com. IN SRV 0 0 5062 sip.contoso.com.",
                ]))
        let (result, optionalReport) = try await Self.check(fixture, servers: [nsd.address])
        #expect(result.status == 1)
        let report = try #require(optionalReport)
        #expect(report.row("webext.contoso.com")?.status == "mismatch")
        #expect(report.row("webext.contoso.com")?.message == "expected 203.0.113.10, seen 198.51.100.1")
        #expect(report.row("meet.fabrikam.com")?.status == "missing")
        #expect(report.row("dialin.contoso.com")?.status == "warning")
        #expect(report.row("dialin.contoso.com")?.message.contains("203.0.113.99") == true)
        #expect(report.row("lyncdiscoverinternal.contoso.com")?.status == "warning")
        #expect(report.row("lyncdiscoverinternal.fabrikam.com")?.status == "ok")
        #expect(report.row("_sipfederationtls._tcp.fabrikam.com")?.status == "warning")
        #expect(report.summary["mismatch"] == 1)
        #expect(report.summary["missing"] == 1)
        #expect(report.summary["warning"] == 3)

        // The text form groups by status, worst first.
        let text = try await runLynccert(
            ["dns", "check", fixture.topologyPath, "--view", "external", "--server", nsd.address])
        #expect(text.status == 1)
        let mismatch = try #require(text.stdout.range(of: "MISMATCH (1)"))
        let missing = try #require(text.stdout.range(of: "MISSING (1)"))
        let ok = try #require(text.stdout.range(of: "\nOK ("))
        #expect(mismatch.lowerBound < missing.lowerBound && missing.lowerBound < ok.lowerBound)
        #expect(text.stderr.isEmpty)
    }

    @Test("a lyncdiscover CNAME into another domain where the plan has an A record: warning")
    func crossDomainCname() async throws {
        let fixture = try await Fixture()
        let external = fixture.records("external").filter { $0.name != "lyncdiscover.fabrikam.com" }
        let nsd = try NSDServer(
            zones: Self.zones(external, extra: ["lyncdiscover.fabrikam.com. IN CNAME webext.contoso.com."]))
        let (result, report) = try await Self.check(fixture, servers: [nsd.address])
        #expect(result.status == 0)
        let row = try #require(report?.row("lyncdiscover.fabrikam.com"))
        #expect(row.status == "warning")
        #expect(row.observed == ["CNAME webext.contoso.com", "203.0.113.10"])
        #expect(row.message.contains("another domain"))
    }

    @Test("two servers that disagree (a stale secondary): the rows say so")
    func disagreement() async throws {
        let fixture = try await Fixture()
        let external = fixture.records("external")
        var stale = external
        for i in stale.indices where stale[i].name == "meet.contoso.com" { stale[i].value = "198.51.100.77" }
        let primary = try NSDServer(zones: Self.zones(external))
        let secondary = try NSDServer(zones: Self.zones(stale))
        let (result, optionalReport) = try await Self.check(fixture, servers: [primary.address, secondary.address])
        #expect(result.status == 1)
        let report = try #require(optionalReport)
        let row = try #require(report.row("meet.contoso.com"))
        #expect(row.disagreement)
        #expect(row.status == "mismatch")
        #expect(
            row.message.contains(
                "servers disagree: \(primary.address) says 203.0.113.10; \(secondary.address) says 198.51.100.77"))
        #expect(report.records.filter(\.disagreement).count == 1)
    }

    @Test("a server that refuses the zone: error rows, exit 1")
    func refusedZone() async throws {
        let fixture = try await Fixture()
        let contosoOnly = fixture.records("external").filter { !$0.name.hasSuffix("fabrikam.com") }
        let nsd = try NSDServer(zones: Self.zones(contosoOnly))
        let (result, optionalReport) = try await Self.check(fixture, servers: [nsd.address])
        #expect(result.status == 1)
        let report = try #require(optionalReport)
        let row = try #require(report.row("meet.fabrikam.com"))
        #expect(row.status == "error")
        #expect(row.message.contains("REFUSED"))
        #expect(report.row("meet.contoso.com")?.status == "ok")
    }

    @Test("no server answers at all: exit 3, nothing on stdout")
    func nobodyAnswers() async throws {
        let fixture = try await Fixture()
        let responder = try DNSTestResponder { _ in [] }
        defer { responder.stop() }
        let (result, _) = try await Self.check(fixture, servers: [responder.address], extra: ["--timeout", "0.2"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("no DNS server answered"))
        #expect(result.stdout.isEmpty)
        #expect(responder.queryCount > 0)
    }

    @Test("a server answering garbage: error rows (malformed answer), not a crash")
    func garbage() async throws {
        let fixture = try await Fixture()
        let responder = try DNSTestResponder { query in [Array(query.prefix(2)) + [UInt8](repeating: 0xEE, count: 30)] }
        defer { responder.stop() }
        let (result, optionalReport) = try await Self.check(
            fixture, servers: [responder.address], extra: ["--timeout", "0.2"])
        #expect(result.status == 1)
        let report = try #require(optionalReport)
        #expect(report.records.allSatisfy { $0.status == "error" })
        #expect(report.records.first?.message.contains("malformed answer") == true)
    }

    @Test("the internal view against an internal NSD: ok, exit 0")
    func internalView() async throws {
        let fixture = try await Fixture()
        let nsd = try NSDServer(zones: Self.zones(fixture.records("internal")))
        let (result, optionalReport) = try await Self.check(fixture, view: "internal", servers: [nsd.address])
        #expect(result.status == 0, "\(result.stdout)")
        let report = try #require(optionalReport)
        #expect(report.records.allSatisfy { $0.view == "internal" && $0.status == "ok" })
        #expect(report.row("pool01.contoso.net")?.observed == ["192.168.10.5"])
    }

    @Test("a CNAME loop and a chain longer than 8 steps are errors, exit 1 (docs/commands.md: dns check statuses)")
    func cnameLoopAndLongChain() async throws {
        let fixture = try await Fixture()
        // Two names planned as A records: one enters a loop, one a chain of 10 CNAMEs.
        let external = fixture.records("external").filter {
            !["meet.contoso.com", "dialin.contoso.com"].contains($0.name)
        }
        var extra = [
            "meet.contoso.com. IN CNAME loop1.contoso.com.",
            "loop1.contoso.com. IN CNAME loop2.contoso.com.",
            "loop2.contoso.com. IN CNAME loop1.contoso.com.",
            "dialin.contoso.com. IN CNAME hop1.contoso.com.",
        ]
        for hop in 1...9 { extra.append("hop\(hop).contoso.com. IN CNAME hop\(hop + 1).contoso.com.") }
        extra.append("hop10.contoso.com. IN A 203.0.113.10")
        let nsd = try NSDServer(zones: Self.zones(external, extra: extra))
        let (result, optionalReport) = try await Self.check(fixture, servers: [nsd.address])
        #expect(result.status == 1, "\(result.stdout)")
        let report = try #require(optionalReport)
        let meet = try #require(report.row("meet.contoso.com"))
        #expect(meet.status == "error")
        #expect(meet.message.contains("CNAME loop"), "\(meet.message)")
        let dialin = try #require(report.row("dialin.contoso.com"))
        #expect(dialin.status == "error")
        #expect(dialin.message.contains("longer than 8"), "\(dialin.message)")
        #expect(report.summary["error"] == 2)
        #expect(report.row("webext.contoso.com")?.status == "ok")
    }
}
