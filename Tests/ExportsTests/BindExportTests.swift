import DNSPlanner
import Exports
import Foundation
import TestSupport
import Testing
import Topology

@Suite("bind export")
struct BindExportTests {
    @Test("golden zone files for the contoso topology, one per view and zone")
    func golden() {
        let topology = Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"])
        let files = Exports.bindZoneFiles(DNSPlanner.plan(topology), sipDomains: topology.sipDomains)
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
            for file in Exports.bindZoneFiles(DNSPlanner.plan(topology), sipDomains: topology.sipDomains) {
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

    @Test("a record whose address is unknown is a comment naming the field; a known one is a record")
    func unknownAddress() throws {
        let topology = Fixtures.contoso(addresses: false)
        let files = Exports.bindZoneFiles(DNSPlanner.plan(topology), sipDomains: topology.sipDomains, view: .external)
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
        let internalFiles = Exports.bindZoneFiles(
            DNSPlanner.plan(topology), sipDomains: topology.sipDomains, view: .internal)
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
            Exports.windowsDNSScript(DNSPlanner.plan(topology), sipDomains: topology.sipDomains),
            named: "windows-dns/contoso.ps1")
        let missing = Fixtures.contoso(addresses: false)
        assertSnapshot(
            Exports.windowsDNSScript(DNSPlanner.plan(missing), sipDomains: missing.sipDomains, view: .external),
            named: "windows-dns/contoso-no-addresses-external.ps1")
    }

    @Test("one command per record with the right cmdlet and parameters; views separated")
    func commands() {
        let topology = Fixtures.contoso(lyncdiscover: .cname)
        let plan = DNSPlanner.plan(topology)
        let script = Exports.windowsDNSScript(plan, sipDomains: topology.sipDomains)
        let lines = script.split(separator: "\n")
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
        let onlyInternal = Exports.windowsDNSScript(plan, sipDomains: topology.sipDomains, view: .internal)
        #expect(!onlyInternal.contains("$ExternalDnsServer"))
    }
}
