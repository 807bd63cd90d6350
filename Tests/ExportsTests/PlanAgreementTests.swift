import CertPlanner
import DNSPlanner
import TestSupport
import Testing
import TopologyModel

/// The certificate plan and the DNS plan describe one deployment: a `sip.<d>` name on a
/// certificate must have a DNS record leading to the server that holds the certificate.
@Suite("Certificate and DNS plans agree")
struct PlanAgreementTests {
    static let topologies: [Topology] = [
        Fixtures.contoso(), Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"]),
        Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"], director: false), Fixtures.standardEdition(),
    ]

    /// DNS summary - Single Director (JJ205021): internal A sip.<d> → the Director; the
    /// certificate plan puts sip.<d> on that pool's Default certificate.
    @Test("JJ205021: every sip.<d> on a pool's Default certificate has an internal A record to that pool")
    func internalSipNames() throws {
        for topology in Self.topologies {
            let certificates = CertificatePlanner.plan(topology).certificates
            let dns = DNSPlanning.plan(topology)
            var checked = 0
            for certificate in certificates where certificate.role == .poolDefault {
                let pool = try #require(topology.pools.first { $0.fqdn == certificate.subject })
                for name in certificate.sanNames where name.hasPrefix("sip.") {
                    let values = dns.records(in: .internal).filter { $0.name == name }.compactMap(\.value)
                    #expect(values == [pool.internalWebAddress].compactMap { $0 }, "\(name) on \(pool.fqdn)")
                    checked += 1
                }
            }
            #expect(checked == topology.sipDomains.count)
        }
    }

    @Test("every sip.<d> on the external Edge certificate has an external A record to the Access Edge")
    func externalSipNames() throws {
        var tested = 0
        for topology in Self.topologies where !topology.edgePools.isEmpty {
            let certificates = CertificatePlanner.plan(topology).certificates
            let dns = DNSPlanning.plan(topology)
            let edge = try #require(certificates.first { $0.role == .edgeExternal })
            var checked = 0
            for name in edge.sanNames where name.hasPrefix("sip.") {
                let values = dns.records(in: .external).filter { $0.name == name }.compactMap(\.value)
                #expect(values == topology.edgePools[0].externalAddresses.access, "\(name)")
                checked += 1
            }
            // The Edge certificate carries sip.<d> for every SIP domain.
            #expect(checked == topology.sipDomains.count)
            tested += 1
        }
        #expect(tested > 0)
    }
}
