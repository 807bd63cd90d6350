import DNSPlanner
import Testing
import TopologyModel

/// How records are grouped into zones for zone files and Windows DNS.
@Suite("DNS zone grouping")
struct DNSZoningTests {
    func record(_ view: DNSView, _ name: String) -> DNSRecord {
        DNSRecord(view: view, type: .A, name: name, value: "192.0.2.1", purpose: "test", rule: "§8")
    }

    @Test("names go to the longest SIP domain, else to their parent; zones per view")
    func grouping() {
        let records = [
            record(.external, "webext.contoso.com"), record(.external, "_sip._tls.fabrikam.com"),
            record(.external, "meet.emea.contoso.com"), record(.external, "sip.eu.fabrikam.com"),
            record(.internal, "lsweb.contoso.net"), record(.internal, "fe01.site1.contoso.net"),
            record(.internal, "pool01.contoso.net"), record(.internal, "webext.contoso.com"),
            record(.internal, "owas.example"), record(.internal, "admin"),
        ]
        let zones = DNSZoning.zones(for: records, sipDomains: ["contoso.com", "fabrikam.com", "eu.fabrikam.com"])
        let summary = zones.map {
            "\($0.view.rawValue) \($0.name): " + $0.records.map { $0.name }.joined(separator: " ")
        }
        #expect(
            summary == [
                "external contoso.com: webext.contoso.com meet.emea.contoso.com",
                "external fabrikam.com: _sip._tls.fabrikam.com",
                "external eu.fabrikam.com: sip.eu.fabrikam.com",
                "internal contoso.com: webext.contoso.com",
                "internal contoso.net: lsweb.contoso.net fe01.site1.contoso.net pool01.contoso.net",
                "internal owas.example: owas.example",
            ])
        #expect(zones[0].relativeName(of: zones[0].records[1]) == "meet.emea")
        #expect(zones[5].relativeName(of: zones[5].records[0]) == "@")
        #expect(DNSZoning.unzoned(records, sipDomains: ["contoso.com"]).map(\.name) == ["admin"])
    }
}
