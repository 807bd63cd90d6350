import DNSPlanner
import TestSupport
import Testing
import Topology

/// Cases where the DNS plan follows the words of Microsoft's Lync Server 2013 pages rather than
/// only their contoso tables; each test names the page (title and TechNet ID).
@Suite("DNS plan: Microsoft's text")
struct MicrosoftTextTests {
    let two = ["contoso.com", "fabrikam.com"]

    func record(_ plan: DNSPlan, _ view: DNSView, _ name: String) -> DNSRecord? {
        plan.records(in: view).first { $0.name == name }
    }

    func codes(_ plan: DNSPlan) -> [String] { plan.findings.map(\.code) }

    // MARK: 1. SRV targets stay in their own SIP domain

    /// Determine DNS requirements (Gg398758): an SRV record "must point to a DNS A record in the
    /// same domain". The Access Edge is sip.contoso.com, so fabrikam.com's SRV records point at
    /// the planned sip.fabrikam.com, an A record to the same Access Edge address.
    @Test("Gg398758 Determine DNS requirements: _sip._tls and _sipfederationtls of every SIP domain stay in it")
    func externalSRVInOwnDomain() {
        let plan = DNSPlanner.plan(Fixtures.contoso(sipDomains: two))
        #expect(record(plan, .external, "_sip._tls.fabrikam.com")?.value == "sip.fabrikam.com")
        #expect(record(plan, .external, "_sipfederationtls._tcp.fabrikam.com")?.value == "sip.fabrikam.com")
        #expect(record(plan, .external, "sip.fabrikam.com")?.value == "131.107.155.10")
        #expect(record(plan, .external, "_sip._tls.contoso.com")?.value == "sip.contoso.com")
        #expect(record(plan, .external, "_sipfederationtls._tcp.contoso.com")?.value == "sip.contoso.com")
        for srv in plan.records where srv.type == .SRV && !srv.name.hasPrefix("_xmpp") {
            let domain = String(srv.name.split(separator: ".", maxSplits: 2)[2])
            #expect(Hostname.isWithin(srv.value ?? "", domain: domain), "\(srv.name) → \(srv.value ?? "")")
        }
        #expect(!codes(plan).contains(DNSFindingCode.srvTargetOtherDomain))
    }

    /// Gg398758 again, with an Access Edge FQDN in no SIP domain at all: every SIP domain's SRV
    /// records use its own sip.<d>.
    @Test("Gg398758: an Access Edge FQDN outside every SIP domain; each SIP domain uses its sip.<d>")
    func accessEdgeOutsideEverySipDomain() {
        var topology = Fixtures.contoso(sipDomains: two)
        topology.edgePools[0].accessEdgeFqdn = "access.contoso-edge.com"
        let plan = DNSPlanner.plan(topology)
        for domain in two {
            #expect(record(plan, .external, "_sip._tls.\(domain)")?.value == "sip.\(domain)")
            #expect(record(plan, .external, "_sipfederationtls._tcp.\(domain)")?.value == "sip.\(domain)")
            #expect(record(plan, .external, "sip.\(domain)")?.value == "131.107.155.10")
        }
        #expect(plan.findings.isEmpty, "\(plan.findings)")
    }

    /// Gg398758 for `_sipinternaltls._tcp`: the Director dirpool01.contoso.net is outside
    /// contoso.com, so the SRV points at the internal sip.contoso.com (JJ205021's record to the
    /// Director); a pool FQDN inside the SIP domain is used as is.
    @Test("Gg398758: _sipinternaltls points at sip.<d> when the sign-in pool's FQDN is outside <d>")
    func internalSRVInOwnDomain() {
        let plan = DNSPlanner.plan(Fixtures.contoso(sipDomains: two))
        for domain in two {
            let srv = record(plan, .internal, "_sipinternaltls._tcp.\(domain)")
            #expect(srv?.value == "sip.\(domain)" && srv?.port == 5061)
        }
        #expect(!codes(plan).contains(DNSFindingCode.srvTargetOtherDomain))
        #expect(
            record(DNSPlanner.plan(Fixtures.standardEdition()), .internal, "_sipinternaltls._tcp.contoso.com")?.value
                == "se01.contoso.com")
    }

    /// When another field already uses sip.<d>, no name in <d> leads to the Access Edge: the SRV
    /// keeps the Access Edge FQDN and the one finding says exactly which record to add.
    @Test("Gg398758: sip.<d> taken by a Meet host; srv-target-other-domain names the record to add")
    func noSameDomainNameExternal() {
        var topology = Fixtures.contoso(sipDomains: two)
        topology.simpleUrls.meet[1].url = "https://sip.fabrikam.com"
        let plan = DNSPlanner.plan(topology)
        // sip.fabrikam.com is the Meet host's reverse-proxy record only: no second A record.
        #expect(plan.records(in: .external).filter { $0.name == "sip.fabrikam.com" }.map(\.value) == ["203.0.113.10"])
        #expect(record(plan, .external, "_sip._tls.fabrikam.com")?.value == "sip.contoso.com")
        let srv = plan.findings.filter { $0.code == DNSFindingCode.srvTargetOtherDomain }
        #expect(srv.count == 1)
        #expect(srv.first?.message.contains("simpleUrls.meet[1].url") == true)
        #expect(srv.first?.message.contains("add an external A record for another name in fabrikam.com") == true)
        #expect(!codes(plan).contains(DNSFindingCode.conflictingRecords))
        // One fact, one finding: the taken name is told once, in the SRV finding.
        #expect(!codes(plan).contains(DNSFindingCode.sipNameTaken))
        // Internally the Meet host leads to the Director anyway, so the internal SRV can use it.
        #expect(record(plan, .internal, "_sipinternaltls._tcp.fabrikam.com")?.value == "sip.fabrikam.com")
    }

    @Test("Gg398758: internal sip.<d> taken by Office Web Apps; the finding names the internal record to add")
    func noSameDomainNameInternal() {
        var topology = Fixtures.contoso(sipDomains: two)
        topology.officeWebApps = OfficeWebApps(fqdn: "sip.fabrikam.com", internalAddress: "192.168.10.30")
        let plan = DNSPlanner.plan(topology)
        #expect(plan.records(in: .internal).filter { $0.name == "sip.fabrikam.com" }.map(\.value) == ["192.168.10.30"])
        #expect(record(plan, .internal, "_sipinternaltls._tcp.fabrikam.com")?.value == "dirpool01.contoso.net")
        let srv = plan.findings.filter { $0.code == DNSFindingCode.srvTargetOtherDomain }
        #expect(srv.count == 1)
        #expect(
            srv.first?.message.contains(
                "add an internal A record for another name in fabrikam.com with the address of pools[1].internalWebAddress"
            )
                == true)
        #expect(!codes(plan).contains(DNSFindingCode.conflictingRecords))
    }

    @Test("sip-name-taken: sip.<d> used by another service while the SRV still has a name in <d>")
    func sipNameTaken() {
        var topology = Fixtures.contoso(sipDomains: two)
        topology.edgePools[0].accessEdgeFqdn = "access.fabrikam.com"
        topology.simpleUrls.meet[1].url = "https://sip.fabrikam.com"
        let plan = DNSPlanner.plan(topology)
        #expect(record(plan, .external, "_sip._tls.fabrikam.com")?.value == "access.fabrikam.com")
        let taken = plan.findings.filter { $0.code == DNSFindingCode.sipNameTaken }
        #expect(taken.count == 1 && taken.first?.severity == .warning)
        #expect(taken.first?.path == "simpleUrls.meet[1].url")
        #expect(!codes(plan).contains(DNSFindingCode.conflictingRecords))
        #expect(!codes(plan).contains(DNSFindingCode.srvTargetOtherDomain))
        #expect(!codes(DNSPlanner.plan(Fixtures.contoso(sipDomains: two))).contains(DNSFindingCode.sipNameTaken))
    }

    // MARK: 2. Internal automatic sign-in

    /// DNS summary - Single Director (JJ205021): "Internal DNS/A sip.contoso.com → Director".
    /// Without a Director the Front End pool takes its place (§8.3).
    @Test("JJ205021 DNS summary - Single Director: internal A sip.<d> to the Director, else the Front End pool")
    func internalSipToDirector() {
        let plan = DNSPlanner.plan(Fixtures.contoso(sipDomains: two))
        for domain in two {
            let sip = plan.records(in: .internal).filter { $0.name == "sip.\(domain)" }
            #expect(sip.map(\.value) == ["192.168.10.20"])
            #expect(sip.first?.type == .A && sip.first?.purpose.contains("dirpool01.contoso.net") == true)
        }
        let noDirector = DNSPlanner.plan(Fixtures.contoso(director: false))
        #expect(record(noDirector, .internal, "sip.contoso.com")?.value == "192.168.10.5")
        #expect(record(noDirector, .internal, "_sipinternaltls._tcp.contoso.com")?.value == "sip.contoso.com")
        // A missing address is asked for, never invented.
        let unknown = DNSPlanner.plan(Fixtures.contoso(addresses: false))
        #expect(record(unknown, .internal, "sip.contoso.com")?.addressNeeded == true)
        #expect(record(unknown, .internal, "sip.contoso.com")?.path == "pools[1].internalWebAddress")
    }
}
