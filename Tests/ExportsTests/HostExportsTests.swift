import Foundation
import LyncSupport
import PublishingPlanner
import TestSupport
import Testing
import TopologyModel

@testable import Exports

/// The bundled examples (`lynccert init --example NAME`), loaded as the command would load them.
enum HostExamples {
    static let names = ["contoso", "multi-domain", "standard-edition"]

    static func topology(_ name: String) throws -> Topology {
        // A process: ExportsTests does not link the command layer.
        let result = try runLynccertProcess(["init", "--example", name])
        #expect(result.status == 0, "lynccert init --example \(name): \(result.stderr)")
        return try TopologyLoader.load(text: result.stdout, format: .yaml, source: "\(name).yaml").topology
    }

    static func hostPlan(_ name: String) throws -> HostPlan {
        try hostPlan(topology(name), file: "\(name).yaml")
    }

    static func hostPlan(_ topology: Topology, file: String = "topology.yaml") -> HostPlan {
        HostPlanner.plan(topology: topology, publishing: PublishingPlanning.plan(topology), topologyFile: file)
    }
}

/// `route -p ADD` lines parsed back into subnets (what Windows would install).
enum RouteCommandParser {
    struct Parsed: Equatable {
        var subnet: IPNetwork
        var via: IPAddress
    }

    /// Every `route -p ADD` line of a routes export; `rem` lines are skipped. Fails the test on a
    /// line it cannot read (a non-contiguous mask, a malformed address).
    static func parse(_ script: String) -> [Parsed] {
        var routes: [Parsed] = []
        for line in script.split(whereSeparator: \.isNewline) {
            let words = line.split(separator: " ").map(String.init)
            guard words.count >= 4, words[0] == "route", words[1] == "-p", words[2] == "ADD" else { continue }
            if words.count == 7, words[4] == "MASK", let mask = IPAddress(words[5]), let via = IPAddress(words[6]),
                let prefix = prefixLength(ofMask: mask.bytes),
                let subnet = IPNetwork("\(words[3])/\(prefix)", strict: true)
            {
                routes.append(Parsed(subnet: subnet, via: via))
            } else if words.count == 5, words[3].contains("/"), let subnet = IPNetwork(words[3], strict: true),
                let via = IPAddress(words[4])
            {
                routes.append(Parsed(subnet: subnet, via: via))
            } else {
                Issue.record("unreadable route command: \(line)")
            }
        }
        return routes
    }

    /// The prefix length of a contiguous netmask (`255.255.252.0` → 22), `nil` otherwise.
    static func prefixLength(ofMask mask: [UInt8]) -> Int? {
        let bits: [Bool] = mask.flatMap { byte -> [Bool] in (0..<8).map { byte & (0x80 >> $0) != 0 } }
        let ones = bits.prefix { $0 }.count
        return bits.dropFirst(ones).contains(true) ? nil : ones
    }
}

@Suite("Host exports: routes round-trip (lync-rules.md §3)")
struct HostRoutesRoundTripTests {
    /// Every publishing target with a known address is reached by a parsed route or lies on the
    /// internal adapter's own subnet; returns the targets that are not.
    static func unreachedTargets(_ plan: HostPlan, routes: [RouteCommandParser.Parsed]) -> [String] {
        let internalSubnet = plan.internalAdapter.subnet.flatMap { IPNetwork($0, strict: true) }
        return plan.internalNames.filter { $0.use == .target }.compactMap { name in
            guard let address = name.address.flatMap(IPAddress.init) else { return nil }
            if routes.contains(where: { $0.subnet.contains(address) }) { return nil }
            if internalSubnet?.contains(address) == true { return nil }
            return name.name
        }
    }

    @Test("route -p ADD lines of the bundled examples reach every target", arguments: ["contoso", "multi-domain"])
    func examples(name: String) throws {
        let plan = try HostExamples.hostPlan(name)
        let script = Exporter.routeCommands(plan)
        let routes = RouteCommandParser.parse(script)
        #expect(routes.count == plan.routes.count)
        #expect(!plan.internalNames.filter { $0.use == .target }.isEmpty)
        #expect(Self.unreachedTargets(plan, routes: routes).isEmpty)
        // Every next hop parsed back is the topology's.
        #expect(routes.map(\.via.description) == plan.routes.map(\.via))
    }

    @Test("a topology missing a route: the round-trip finds the unreached target and the script says MISSING")
    func missingRoute() throws {
        var topology = try HostExamples.topology("multi-domain")
        topology.reverseProxy.internalRoutes.removeLast()  // drops 192.168.20.0/24 (pool02)
        let plan = HostExamples.hostPlan(topology)
        let script = Exporter.routeCommands(plan)
        #expect(Self.unreachedTargets(plan, routes: RouteCommandParser.parse(script)) == ["pool02.contoso.net"])
        #expect(script.contains("rem MISSING target-route-unknown: pool02.contoso.net (192.168.20.5"))
    }

    @Test("IPv6 routes are written with their prefix and parse back", .timeLimit(.minutes(1)))
    func ipv6() throws {
        var topology = try HostExamples.topology("contoso")
        topology.reverseProxy.internalAddress = "2001:db8:33::40"
        topology.reverseProxy.internalPrefixLength = 64
        topology.reverseProxy.internalRoutes = [Route(subnet: "2001:db8:10::/48", via: "2001:db8:33::1")]
        for index in topology.pools.indices { topology.pools[index].internalWebAddress = "2001:db8:10::\(index + 5)" }
        topology.officeWebApps?.internalAddress = "2001:db8:10::30"
        let plan = HostExamples.hostPlan(topology)
        let script = Exporter.routeCommands(plan)
        #expect(script.contains("route -p ADD 2001:db8:10::/48 2001:db8:33::1\r\n"))
        #expect(Self.unreachedTargets(plan, routes: RouteCommandParser.parse(script)).isEmpty)
        #expect(
            Exporter.netshRouteCommands(plan).contains(
                "netsh interface ipv6 add route 2001:db8:10::/48 \"Internal\" 2001:db8:33::1 store=persistent"))
    }

    @Test("a non-contiguous mask is not a prefix")
    func maskParsing() {
        #expect(RouteCommandParser.prefixLength(ofMask: [255, 255, 252, 0]) == 22)
        #expect(RouteCommandParser.prefixLength(ofMask: [255, 0, 255, 0]) == nil)
        #expect(RouteCommandParser.prefixLength(ofMask: [0, 0, 0, 0]) == 0)
    }
}

@Suite("Host exports: hosts, routes and firewall renderers")
struct HostExportsRendererTests {
    @Test("hosts: address, name and reason; targets first, then the IIS ARR farm names")
    func hosts() throws {
        let text = Exporter.hostsFile(try HostExamples.hostPlan("contoso"))
        let entries = text.components(separatedBy: "\r\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
        let parsed = entries.map { line -> (String, String) in
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            return (String(words[0]), String(words[1]))
        }
        #expect(parsed.first! == ("192.168.10.5", "lsweb.contoso.net"))
        #expect(parsed.contains { $0 == ("192.168.10.30", "officewebapps01.contoso.com") })
        #expect(parsed.contains { $0 == ("192.168.10.20", "meet.contoso.com") })
        #expect(entries.allSatisfy { $0.contains("  # ") })
        // Each name once (a HOSTS file with two lines for one name uses the first only).
        #expect(Set(parsed.map(\.1)).count == parsed.count)
    }

    @Test("hosts: an unknown address becomes a commented line naming the field to fill in")
    func hostsUnknown() throws {
        var topology = try HostExamples.topology("contoso")
        topology.pools[1].internalWebAddress = nil
        let text = Exporter.hostsFile(HostExamples.hostPlan(topology))
        let line = try #require(text.components(separatedBy: "\r\n").first { $0.contains("dirpool01.contoso.net ") })
        #expect(line.hasPrefix("# ADDRESS?"))
        #expect(line.contains("set pools[1].internalWebAddress in the topology"))
        #expect(
            !text.components(separatedBy: "\r\n").contains { !$0.hasPrefix("#") && $0.contains("meet.contoso.com") })
    }

    @Test("netsh: the adapter name is a parameter, quotes removed")
    func netshAdapterName() throws {
        let plan = try HostExamples.hostPlan("contoso")
        #expect(
            Exporter.netshRouteCommands(plan).contains(
                "netsh interface ipv4 add route 192.168.10.0/24 \"Internal\" 172.25.33.1 store=persistent"))
        #expect(
            Exporter.netshRouteCommands(plan, adapterName: "Ethernet \"2\"").contains(
                "add route 192.168.10.0/24 \"Ethernet 2\" 172.25.33.1"))
    }

    @Test("routes: a route with a wrong next hop carries its warning above the command")
    func routeWarning() throws {
        var topology = try HostExamples.topology("contoso")
        topology.reverseProxy.internalRoutes = [Route(subnet: "192.168.10.0/24", via: "203.0.113.1")]
        let script = Exporter.routeCommands(HostExamples.hostPlan(topology))
        let lines = script.components(separatedBy: "\r\n")
        let command = try #require(lines.firstIndex(of: "route -p ADD 192.168.10.0 MASK 255.255.255.0 203.0.113.1"))
        #expect(lines[..<command].contains { $0.hasPrefix("rem WARNING route-via-not-internal") })
    }

    @Test("firewall CSV: a header and one row per rule, every row the header's width")
    func firewallCSV() throws {
        let plan = try HostExamples.hostPlan("contoso")
        let csv = Exporter.firewallCSV(plan)
        #expect(csv.hasSuffix("\r\n"))
        let rows = csv.components(separatedBy: "\r\n").dropLast()
        #expect(rows.first?.hasPrefix("Name,Direction,Adapter,Source,Destination") == true)
        #expect(rows.count == plan.firewallRules.count + 1)
        for row in rows { #expect(Self.csvFields(row).count == 10, "\(row)") }
        #expect(rows.contains { $0.contains(",Inbound,External,Any,203.0.113.10,") && $0.contains(",TCP,443,") })
        #expect(rows.contains { $0.contains(",Outbound,Internal,172.25.33.40,192.168.10.30,") && $0.contains(",443,") })
    }

    @Test("firewall PowerShell: one New-NetFirewallRule per rule; unknown addresses commented out")
    func firewallPowerShell() throws {
        let plan = try HostExamples.hostPlan("contoso")
        let script = Exporter.firewallPowerShell(plan)
        let commands = script.components(separatedBy: "\r\n").filter { $0.hasPrefix("New-NetFirewallRule") }
        #expect(commands.count == plan.firewallRules.count)
        #expect(
            commands.contains {
                $0.contains(
                    "-Direction Inbound -Protocol TCP -LocalPort 443 -RemoteAddress Any -LocalAddress 203.0.113.10")
            })
        #expect(
            commands.contains {
                $0.contains("-Direction Outbound -Protocol TCP -RemotePort 4443 -RemoteAddress 192.168.10.5")
                    && $0.contains("-LocalAddress 172.25.33.40") && $0.hasSuffix("-Action Allow")
            })

        var noAdapter = try HostExamples.topology("standard-edition")
        noAdapter.reverseProxy.internalAddress = nil
        let unknown = Exporter.firewallPowerShell(HostExamples.hostPlan(noAdapter))
        let lines = unknown.components(separatedBy: "\r\n")
        #expect(lines.contains { $0.hasPrefix("New-NetFirewallRule") && $0.contains("-LocalPort 443") })
        #expect(lines.contains { $0.hasPrefix("# New-NetFirewallRule") && $0.contains("-RemotePort 4443") })
        #expect(lines.contains { $0.hasPrefix("# ADDRESS NEEDED: the reverse proxy's internal address") })
    }

    @Test("every host export is ASCII with CRLF line ends (Windows PowerShell 5.1, cmd.exe, Excel)")
    func windowsText() throws {
        let plan = try HostExamples.hostPlan("contoso")
        let texts =
            [Exporter.hostsFile(plan)] + (Exporter.routeFiles(plan) + Exporter.firewallFiles(plan)).map(\.contents)
        for text in texts {
            #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
            #expect(text.hasSuffix("\r\n"))
            #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        }
        #expect(Exporter.firewallPowerShell(plan).contains("# sec. 9 RP external HTTPS/TCP/443: Any -> RP listener"))
    }

    /// RFC 4180 field splitting (quoted fields may hold commas and doubled quotes).
    static func csvFields(_ row: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var chars = Array(row)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" {
                        current.append("\"")
                        chars = chars.dropFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        fields.append(current)
        return fields
    }
}

@Suite("Host exports: golden files of the bundled examples")
struct HostExportsSnapshotTests {
    @Test("hosts, routes (route and netsh), firewall (CSV and PowerShell)", arguments: HostExamples.names)
    func snapshots(name: String) throws {
        let plan = try HostExamples.hostPlan(name)
        assertSnapshot(Exporter.hostsFile(plan), named: "host/\(name)/hosts")
        for file in Exporter.routeFiles(plan) + Exporter.firewallFiles(plan) {
            assertSnapshot(file.contents, named: "host/\(name)/\(file.path)")
        }
    }
}

@Suite("quoting in exported scripts")
struct ExportQuotingTests {
    @Test("PowerShell single quotes: ' and the typographic quotes PowerShell also ends strings at are doubled")
    func powerShellQuotes() {
        #expect(Exporter.psQuote("it's") == "'it''s'")
        #expect(Exporter.psQuote("a\u{2019}b\u{2018}c") == "'a\u{2019}\u{2019}b\u{2018}\u{2018}c'")
        #expect(Exporter.psQuote("$env:x `n") == "'$env:x `n'")
        #expect(Exporter.psQuote("a\nb") == "'a\u{FFFD}b'")
    }

    @Test("XML attributes, Markdown cells and CSV fields cannot be broken by a control character")
    func otherQuoting() {
        #expect(Exporter.xmlEscape("a\"<&>'\u{1B}") == "a&quot;&lt;&amp;&gt;&apos;\u{FFFD}")
        #expect(Exporter.markdownCell("a|b\nc\u{7}") == "a\\|b c\u{FFFD}")
        #expect(Exporter.csvField("a,\"b\"\r\n") == "\"a,\"\"b\"\"\u{FFFD}\u{FFFD}\"")
    }
}
