import DNSPlanner
import Exports
import Foundation
import LyncSupport
import TestSupport
import Testing
import TopologyModel

@Suite("bind export")
struct BindExportTests {
    @Test("golden zone files for the contoso topology, one per view and zone")
    func golden() {
        let topology = Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"])
        let files = Exporter.bindZoneFiles(DNSPlanning.plan(topology), sipDomains: topology.sipDomains)
        #expect(
            files.map(\.path) == [
                "external/contoso.com.zone", "external/fabrikam.com.zone", "internal/contoso.com.zone",
                "internal/fabrikam.com.zone", "internal/contoso.net.zone",
            ])
        for file in files {
            assertSnapshot(file.contents, named: "bind/contoso/" + file.path)
        }
    }

    @Test("every zone file starts with $ORIGIN and $TTL and passes nsd-checkzone")
    func nsdCheckzone() throws {
        let tmp = try TemporaryDirectory()
        for topology in [
            Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"]), Fixtures.contoso(addresses: false),
            Fixtures.contoso(lyncdiscover: .cname), Fixtures.standardEdition(),
        ] {
            for file in Exporter.bindZoneFiles(DNSPlanning.plan(topology), sipDomains: topology.sipDomains) {
                let zone = String(file.path.split(separator: "/")[1].dropLast(".zone".count))
                let body = file.contents.split(separator: "\n").filter { !$0.hasPrefix(";") }
                #expect(body.first == "$ORIGIN \(zone).")
                #expect(body.dropFirst().first == "$TTL 3600")
                let path = try tmp.write(file.path, file.contents)
                let result = try runProcess("nsd-checkzone", [zone, path])
                #expect(result.status == 0, "\(file.path): \(result.stdout)\(result.stderr)")
                #expect(result.stdout.contains("zone \(zone) is ok"))
            }
        }
    }

    /// `named-checkzone -i local`: BIND's in-zone integrity checks, as `named` itself applies them;
    /// the default mode would also look up out-of-zone names through the system resolver.
    static func namedCheckzone(_ zone: String, _ path: String) throws -> ProcessResult {
        try runProcess("named-checkzone", ["-i", "local", zone, path])
    }

    @Test(
        "every zone file loads in BIND (named-checkzone) and NSD (nsd-checkzone): default and given name servers",
        arguments: [
            [], [Exporter.BindNameServer(name: "ns1.contoso.com", addresses: [IPAddress("198.51.100.53")!])],
            [
                Exporter.BindNameServer(
                    name: "ns1.contoso.com", addresses: [IPAddress("198.51.100.53")!, IPAddress("2001:db8::53")!]),
                Exporter.BindNameServer(name: "ns2.example.net"),
            ],
        ])
    func namedAndNSDCheckzone(_ servers: [Exporter.BindNameServer]) throws {
        let tmp = try TemporaryDirectory()
        let options = Exporter.BindZoneOptions(nameServers: servers)
        var checked = 0
        for topology in [Fixtures.contoso(), Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"])] {
            let plan = DNSPlanning.plan(topology)
            #expect(Exporter.checkBindGlue(plan, sipDomains: topology.sipDomains, options: options) == nil)
            for file in Exporter.bindZoneFiles(plan, sipDomains: topology.sipDomains, options: options) {
                let zone = String(file.path.split(separator: "/")[1].dropLast(".zone".count))
                let path = try tmp.write("\(checked)/" + file.path, file.contents)
                let named = try Self.namedCheckzone(zone, path)
                #expect(named.status == 0, "\(file.path): \(named.stdout)\(named.stderr)")
                #expect(named.stdout.contains("zone \(zone)/IN: loaded serial 1"), "\(named.stdout)")
                #expect(!named.stdout.contains("NS '"), "\(file.path): \(named.stdout)")
                let nsd = try runProcess("nsd-checkzone", [zone, path])
                #expect(nsd.status == 0, "\(file.path): \(nsd.stdout)\(nsd.stderr)")
                checked += 1
                let ns = servers.isEmpty ? ["ns1.\(zone)"] : servers.map(\.name)
                #expect(ns.allSatisfy { file.contents.contains("@ IN NS \($0).\n") })
                #expect(file.contents.contains("@ IN SOA \(ns[0]). hostmaster.\(zone). "))
            }
        }
        #expect(checked == 8)
    }

    @Test("glue only where the name server lies inside the zone; BIND refuses the zone without it")
    func glue() throws {
        let topology = Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"])
        let plan = DNSPlanning.plan(topology)
        let options = Exporter.BindZoneOptions(nameServers: [
            Exporter.BindNameServer(name: "ns1.contoso.com", addresses: [IPAddress("198.51.100.53")!])
        ])
        let files = Exporter.bindZoneFiles(plan, sipDomains: topology.sipDomains, view: .external, options: options)
        let contoso = try #require(files.first { $0.path == "external/contoso.com.zone" })
        let fabrikam = try #require(files.first { $0.path == "external/fabrikam.com.zone" })
        #expect(contoso.contents.contains("\nns1 IN A 198.51.100.53\n"))
        #expect(!fabrikam.contents.contains("198.51.100.53"))
        // Without the glue line BIND does not load the zone (what the placeholder NS used to do).
        let tmp = try TemporaryDirectory()
        let bare = contoso.contents.replacingOccurrences(of: "ns1 IN A 198.51.100.53\n", with: "")
        let refused = try Self.namedCheckzone("contoso.com", try tmp.write("bare.zone", bare))
        #expect(refused.status != 0)
        #expect(refused.stdout.contains("NS 'ns1.contoso.com' has no address records"), "\(refused.stdout)")
        // A name server inside an exported zone without an address is refused up front.
        let missing = Exporter.checkBindGlue(
            plan, sipDomains: topology.sipDomains,
            options: Exporter.BindZoneOptions(nameServers: [Exporter.BindNameServer(name: "ns1.fabrikam.com")]))
        #expect(missing == Exporter.BindGlueMissing(nameServer: "ns1.fabrikam.com", zone: "fabrikam.com"))
    }

    @Test("--ns values: NAME or NAME=ADDR, merged by name")
    func nameServerParsing() {
        #expect(Exporter.BindNameServer.parse("NS1.Contoso.com") == Exporter.BindNameServer(name: "ns1.contoso.com"))
        #expect(
            Exporter.BindNameServer.parse("ns1.contoso.com=2001:db8::53")?.addresses == [IPAddress("2001:db8::53")!])
        for bad in ["", "=1.2.3.4", "ns1", "ns1.contoso.com=", "ns1.contoso.com=300.1.1.1", "bad name.com", "a..b"] {
            #expect(Exporter.BindNameServer.parse(bad) == nil, "\(bad)")
        }
        let merged = Exporter.BindNameServer.merged(
            ["a.example.net=192.0.2.7", "b.example.net", "a.example.net=2001:db8::7"].compactMap(
                Exporter.BindNameServer.parse))
        #expect(merged.map(\.name) == ["a.example.net", "b.example.net"])
        #expect(merged[0].addresses.map(\.description) == ["192.0.2.7", "2001:db8::7"])
    }

    @Test("a record whose address is unknown is a comment naming the field; a known one is a record")
    func unknownAddress() throws {
        let topology = Fixtures.contoso(addresses: false)
        let files = Exporter.bindZoneFiles(DNSPlanning.plan(topology), sipDomains: topology.sipDomains, view: .external)
        let external = try #require(files.first)
        #expect(files.map(\.path) == ["external/contoso.com.zone"])
        let webext = external.contents.split(separator: "\n").first { $0.contains("webext") }
        #expect(webext?.hasPrefix("; webext") == true)
        #expect(webext?.contains("fill in reverseProxy.externalAddress") == true)
        // SRV records need no address: they stay records.
        #expect(
            external.contents.split(separator: "\n").contains {
                $0.hasPrefix("_sip._tls ") && $0.contains("IN SRV   0 0 443 sip.contoso.com. ")
            })
    }

    @Test("--view selects one view; records keep their zone")
    func viewFilter() {
        let topology = Fixtures.contoso()
        let internalFiles = Exporter.bindZoneFiles(
            DNSPlanning.plan(topology), sipDomains: topology.sipDomains, view: .internal)
        #expect(internalFiles.map(\.path) == ["internal/contoso.com.zone", "internal/contoso.net.zone"])
        #expect(internalFiles[0].contents.contains("lyncdiscoverinternal"))
        #expect(!internalFiles[0].contents.contains("\nlyncdiscover "))
    }
}

@Suite("windows-dns export")
struct WindowsDNSExportTests {
    @Test("golden PowerShell for the contoso topology")
    func golden() {
        let topology = Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"], lyncdiscover: .cname)
        assertSnapshot(
            Exporter.windowsDNSScript(DNSPlanning.plan(topology), sipDomains: topology.sipDomains),
            named: "windows-dns/contoso.ps1")
        let missing = Fixtures.contoso(addresses: false)
        assertSnapshot(
            Exporter.windowsDNSScript(DNSPlanning.plan(missing), sipDomains: missing.sipDomains, view: .external),
            named: "windows-dns/contoso-no-addresses-external.ps1")
    }

    @Test("one command per record with the right cmdlet and parameters; views separated")
    func commands() {
        let topology = Fixtures.contoso(lyncdiscover: .cname)
        let plan = DNSPlanning.plan(topology)
        let script = Exporter.windowsDNSScript(plan, sipDomains: topology.sipDomains)
        let lines = script.components(separatedBy: "\r\n")
        let commands = lines.filter { $0.hasPrefix("Add-DnsServerResourceRecord") }
        #expect(commands.count == plan.records.count)
        #expect(
            lines.contains {
                $0.hasPrefix(
                    "Add-DnsServerResourceRecordA -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name 'webext' "
                        + "-IPv4Address '203.0.113.10'")
            })
        #expect(
            lines.contains {
                $0.hasPrefix(
                    "Add-DnsServerResourceRecordCName -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' "
                        + "-Name 'lyncdiscover' -HostNameAlias 'webdirext.contoso.com'")
            })
        #expect(
            lines.contains {
                $0.hasPrefix(
                    "Add-DnsServerResourceRecord -Srv -ComputerName $InternalDnsServer -ZoneName 'contoso.com' "
                        + "-Name '_sipinternaltls._tcp' -DomainName 'sip.contoso.com' -Priority 0 -Weight 0 -Port 5061"
                )
            })
        let external = script.range(of: "external view")!.lowerBound
        let internalView = script.range(of: "internal view")!.lowerBound
        #expect(external < internalView)
        #expect(script.contains("[Parameter(Mandatory = $true)][string]$ExternalDnsServer"))
        let onlyInternal = Exporter.windowsDNSScript(plan, sipDomains: topology.sipDomains, view: .internal)
        #expect(!onlyInternal.contains("$ExternalDnsServer"))
    }

    @Test("the .ps1 is ASCII with CRLF line ends, like the hosts, routes and firewall exports")
    func asciiCRLF() {
        for topology in [
            Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"]), Fixtures.contoso(addresses: false),
        ] {
            for view in [nil, DNSView.external, .internal] {
                let script = Exporter.windowsDNSScript(
                    DNSPlanning.plan(topology), sipDomains: topology.sipDomains, view: view)
                #expect(script.unicodeScalars.allSatisfy { $0.isASCII })
                #expect(script.hasSuffix("\r\n"))
                let unpaired = script.replacingOccurrences(of: "\r\n", with: "").unicodeScalars
                #expect(!unpaired.contains("\n") && !unpaired.contains("\r"), "bare LF or CR")
                // The purposes' section signs and arrows survive as ASCII.
                #expect(script.contains("(sec. 8"))
            }
        }
        let both = Exporter.windowsDNSScript(
            DNSPlanning.plan(Fixtures.contoso()), sipDomains: Fixtures.contoso().sipDomains)
        #expect(
            both.contains(
                "param(\r\n    [Parameter(Mandatory = $true)][string]$ExternalDnsServer,\r\n"
                    + "    [Parameter(Mandatory = $true)][string]$InternalDnsServer\r\n)\r\n"))
    }
}
