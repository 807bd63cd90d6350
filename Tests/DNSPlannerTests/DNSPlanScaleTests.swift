import DNSPlanner
import TestSupport
import Testing
import TopologyModel

/// Many SIP domains: the names other fields already use are looked up in an index built once,
/// and must name the same field a scan of the topology from the start names.
@Suite("DNS plan: many SIP domains")
struct DNSPlanScaleTests {
    /// The field a scan finds first for external `name` (pools' external web FQDNs, then Meet URLs).
    func scannedOwner(_ topology: Topology, _ name: String) -> String? {
        for (i, pool) in topology.pools.enumerated() where pool.externalWebFqdn?.lowercased() == name {
            return "pools[\(i)].externalWebFqdn"
        }
        for (i, meet) in topology.simpleUrls.meet.enumerated() where meet.url == "https://\(name)" {
            return "simpleUrls.meet[\(i)].url"
        }
        return nil
    }

    /// Determine DNS requirements (Gg398758): when sip.<d> is taken, the SRV finding names the
    /// field that took it.
    @Test("Gg398758: 300 SIP domains, sip.<d> taken by Meet URLs (some twice) and a pool: the first user is named")
    func firstOwnerNamed() {
        let domains = (0..<300).map { "d\($0).example" }
        var topology = Fixtures.contoso(sipDomains: ["contoso.com"] + domains)
        topology.simpleUrls.meet = [MeetUrl(domain: "contoso.com", url: "https://meet.contoso.com")]
        for (i, domain) in domains.enumerated() {
            let host = i % 3 == 0 ? "sip.\(domain)" : "meet.\(domain)"
            topology.simpleUrls.meet.append(MeetUrl(domain: domain, url: "https://\(host)"))
        }
        // Later Meet URLs with a host an earlier one has: the earlier one is named.
        for i in stride(from: 0, to: 300, by: 30) {
            topology.simpleUrls.meet.append(MeetUrl(domain: domains[i], url: "https://sip.\(domains[i])"))
        }
        // A pool's external web FQDN is looked at before the Meet URLs.
        topology.pools[0].externalWebFqdn = "sip.d3.example"
        let plan = DNSPlanning.plan(topology)
        let srv = plan.findings.filter { $0.code == FindingCode.srvTargetOtherDomain.code }
        var taken = 0
        for domain in domains {
            let owner = scannedOwner(topology, "sip.\(domain)")
            let about = srv.filter { $0.message.contains("another name in \(domain) ") }
            if let owner {
                taken += 1
                #expect(about.contains { $0.message.contains(owner) }, "\(domain): \(owner)")
            } else {
                #expect(about.isEmpty, "\(domain)")
                #expect(
                    plan.records(in: .external).contains { $0.name == "sip.\(domain)" && $0.value == "131.107.155.10" })
            }
        }
        #expect(taken == 100)
        #expect(scannedOwner(topology, "sip.d3.example") == "pools[0].externalWebFqdn")
        #expect(scannedOwner(topology, "sip.d30.example") == "simpleUrls.meet[31].url")
    }
}
