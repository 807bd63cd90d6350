import DNSPlanner
import TestSupport
import Testing
import TopologyModel

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
        let plan = DNSPlanning.plan(Fixtures.contoso(sipDomains: two))
        #expect(record(plan, .external, "_sip._tls.fabrikam.com")?.value == "sip.fabrikam.com")
        #expect(record(plan, .external, "_sipfederationtls._tcp.fabrikam.com")?.value == "sip.fabrikam.com")
        #expect(record(plan, .external, "sip.fabrikam.com")?.value == "131.107.155.10")
        #expect(record(plan, .external, "_sip._tls.contoso.com")?.value == "sip.contoso.com")
        #expect(record(plan, .external, "_sipfederationtls._tcp.contoso.com")?.value == "sip.contoso.com")
        for srv in plan.records where srv.type == .SRV && !srv.name.hasPrefix("_xmpp") {
            let domain = String(srv.name.split(separator: ".", maxSplits: 2)[2])
            #expect(Hostname.isWithin(srv.value ?? "", domain: domain), "\(srv.name) → \(srv.value ?? "")")
        }
        #expect(!codes(plan).contains(FindingCode.srvTargetOtherDomain.code))
    }

    /// Gg398758 again, with an Access Edge FQDN in no SIP domain at all: every SIP domain's SRV
    /// records use its own sip.<d>.
    @Test("Gg398758: an Access Edge FQDN outside every SIP domain; each SIP domain uses its sip.<d>")
    func accessEdgeOutsideEverySipDomain() {
        var topology = Fixtures.contoso(sipDomains: two)
        topology.edgePools[0].accessEdgeFqdn = "access.contoso-edge.com"
        let plan = DNSPlanning.plan(topology)
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
        let plan = DNSPlanning.plan(Fixtures.contoso(sipDomains: two))
        for domain in two {
            let srv = record(plan, .internal, "_sipinternaltls._tcp.\(domain)")
            #expect(srv?.value == "sip.\(domain)" && srv?.port == 5061)
        }
        #expect(!codes(plan).contains(FindingCode.srvTargetOtherDomain.code))
        #expect(
            record(DNSPlanning.plan(Fixtures.standardEdition()), .internal, "_sipinternaltls._tcp.contoso.com")?.value
                == "se01.contoso.com")
    }

    /// When another field already uses sip.<d>, no name in <d> leads to the Access Edge: the SRV
    /// keeps the Access Edge FQDN and the one finding says exactly which record to add.
    @Test("Gg398758: sip.<d> taken by a Meet host; srv-target-other-domain names the record to add")
    func noSameDomainNameExternal() {
        var topology = Fixtures.contoso(sipDomains: two)
        topology.simpleUrls.meet[1].url = "https://sip.fabrikam.com"
        let plan = DNSPlanning.plan(topology)
        // sip.fabrikam.com is the Meet host's reverse-proxy record only: no second A record.
        #expect(plan.records(in: .external).filter { $0.name == "sip.fabrikam.com" }.map(\.value) == ["203.0.113.10"])
        #expect(record(plan, .external, "_sip._tls.fabrikam.com")?.value == "sip.contoso.com")
        let srv = plan.findings.filter { $0.code == FindingCode.srvTargetOtherDomain.code }
        #expect(srv.count == 1)
        #expect(srv.first?.message.contains("simpleUrls.meet[1].url") == true)
        #expect(srv.first?.message.contains("add an external A record for another name in fabrikam.com") == true)
        #expect(!codes(plan).contains(FindingCode.conflictingRecords.code))
        // One fact, one finding: the taken name is told once, in the SRV finding.
        #expect(!codes(plan).contains(FindingCode.sipNameTaken.code))
        // Internally the Meet host leads to the Director anyway, so the internal SRV can use it.
        #expect(record(plan, .internal, "_sipinternaltls._tcp.fabrikam.com")?.value == "sip.fabrikam.com")
    }

    @Test("Gg398758: internal sip.<d> taken by Office Web Apps; the finding names the internal record to add")
    func noSameDomainNameInternal() {
        var topology = Fixtures.contoso(sipDomains: two)
        topology.officeWebApps = OfficeWebApps(fqdn: "sip.fabrikam.com", internalAddress: "192.168.10.30")
        let plan = DNSPlanning.plan(topology)
        #expect(plan.records(in: .internal).filter { $0.name == "sip.fabrikam.com" }.map(\.value) == ["192.168.10.30"])
        #expect(record(plan, .internal, "_sipinternaltls._tcp.fabrikam.com")?.value == "dirpool01.contoso.net")
        let srv = plan.findings.filter { $0.code == FindingCode.srvTargetOtherDomain.code }
        #expect(srv.count == 1)
        #expect(
            srv.first?.message.contains(
                "add an internal A record for another name in fabrikam.com with the address of pools[1].internalWebAddress"
            )
                == true)
        #expect(!codes(plan).contains(FindingCode.conflictingRecords.code))
    }

    @Test("an external web FQDN named sip.<d> keeps its internal hairpin record; the internal SRV says what to add")
    func externalWebNamedSip() {
        var topology = Fixtures.contoso(sipDomains: two)
        topology.pools[0].externalWebFqdn = "sip.fabrikam.com"
        let plan = DNSPlanning.plan(topology)
        #expect(plan.records(in: .internal).filter { $0.name == "sip.fabrikam.com" }.map(\.value) == ["203.0.113.10"])
        #expect(record(plan, .internal, "_sipinternaltls._tcp.fabrikam.com")?.value == "dirpool01.contoso.net")
        #expect(!codes(plan).contains(FindingCode.conflictingRecords.code))
        let srv = plan.findings.filter { $0.code == FindingCode.srvTargetOtherDomain.code }
        // External and internal: one finding per SRV record, both naming the field.
        #expect(srv.count == 2)
        #expect(srv.allSatisfy { $0.message.contains("pools[0].externalWebFqdn") })
    }

    @Test("sip-name-taken: sip.<d> used by another service while the SRV still has a name in <d>")
    func sipNameTaken() {
        var topology = Fixtures.contoso(sipDomains: two)
        topology.edgePools[0].accessEdgeFqdn = "access.fabrikam.com"
        topology.simpleUrls.meet[1].url = "https://sip.fabrikam.com"
        let plan = DNSPlanning.plan(topology)
        #expect(record(plan, .external, "_sip._tls.fabrikam.com")?.value == "access.fabrikam.com")
        let taken = plan.findings.filter { $0.code == FindingCode.sipNameTaken.code }
        #expect(taken.count == 1 && taken.first?.severity == .warning)
        #expect(taken.first?.path == "simpleUrls.meet[1].url")
        #expect(!codes(plan).contains(FindingCode.conflictingRecords.code))
        #expect(!codes(plan).contains(FindingCode.srvTargetOtherDomain.code))
        #expect(!codes(DNSPlanning.plan(Fixtures.contoso(sipDomains: two))).contains(FindingCode.sipNameTaken.code))
    }

    // MARK: 2. Internal automatic sign-in

    /// DNS summary - Single Director (JJ205021): "Internal DNS/A sip.contoso.com → Director".
    /// Without a Director the Front End pool takes its place (§8.3).
    @Test("JJ205021 DNS summary - Single Director: internal A sip.<d> to the Director, else the Front End pool")
    func internalSipToDirector() {
        let plan = DNSPlanning.plan(Fixtures.contoso(sipDomains: two))
        for domain in two {
            let sip = plan.records(in: .internal).filter { $0.name == "sip.\(domain)" }
            #expect(sip.map(\.value) == ["192.168.10.20"])
            #expect(sip.first?.type == .A && sip.first?.purpose.contains("dirpool01.contoso.net") == true)
        }
        let noDirector = DNSPlanning.plan(Fixtures.contoso(director: false))
        #expect(record(noDirector, .internal, "sip.contoso.com")?.value == "192.168.10.5")
        #expect(record(noDirector, .internal, "_sipinternaltls._tcp.contoso.com")?.value == "sip.contoso.com")
        // A missing address is asked for, never invented.
        let unknown = DNSPlanning.plan(Fixtures.contoso(addresses: false))
        #expect(record(unknown, .internal, "sip.contoso.com")?.addressNeeded == true)
        #expect(record(unknown, .internal, "sip.contoso.com")?.path == "pools[1].internalWebAddress")
    }
}

/// Points 3–6 of the same reading: Edge ports and address lists, names two Edge pools claim,
/// and internal records for the external web names.
@Suite("DNS plan: Edge layouts and internal web names")
struct EdgeLayoutTests {
    let two = ["contoso.com", "fabrikam.com"]

    func record(_ plan: DNSPlan, _ view: DNSView, _ name: String) -> DNSRecord? {
        plan.records(in: view).first { $0.name == name }
    }

    func values(_ plan: DNSPlan, _ view: DNSView, _ name: String) -> [String] {
        plan.records(in: view).filter { $0.name == name }.compactMap(\.value)
    }

    // MARK: 3. Single FQDN / single IP Edge

    /// DNS summary - Single consolidated edge with public IP addresses (JJ205025): with one IP
    /// address the services need distinct ports (5061 / 444 / 443); Topology Builder's "single
    /// FQDN and IP address" gives the Access Edge 5061 (the AutomatedLab .tbxml says Port="5061").
    @Test("JJ205025 single consolidated Edge: one FQDN and address gives _sip._tls port 5061")
    func singleAddressEdgePort() {
        var topology = Fixtures.contoso()
        topology.edgePools[0].webConferencingFqdn = "sip.contoso.com"
        topology.edgePools[0].avFqdn = "sip.contoso.com"
        topology.edgePools[0].externalAddresses = EdgeAddresses(
            access: "131.107.155.10", webConferencing: "131.107.155.10", av: "131.107.155.10")
        let plan = DNSPlanning.plan(topology)
        #expect(record(plan, .external, "_sip._tls.contoso.com")?.port == 5061)
        // Federation keeps 5061; the shared name is one A record.
        #expect(record(plan, .external, "_sipfederationtls._tcp.contoso.com")?.port == 5061)
        #expect(values(plan, .external, "sip.contoso.com") == ["131.107.155.10"])
        #expect(plan.findings.isEmpty, "\(plan.findings)")
        // Three names on one address: still the single-address layout.
        var sameAddress = Fixtures.contoso()
        sameAddress.edgePools[0].externalAddresses = EdgeAddresses(
            access: "131.107.155.10", webConferencing: "131.107.155.10", av: "131.107.155.10")
        #expect(record(DNSPlanning.plan(sameAddress), .external, "_sip._tls.contoso.com")?.port == 5061)
        // Three names, three addresses: 443 (DNS-EDGE-PUB's table).
        #expect(record(DNSPlanning.plan(Fixtures.contoso()), .external, "_sip._tls.contoso.com")?.port == 443)
    }

    @Test("edgePools[].accessEdgePort, when given (imported from the XML), is the _sip._tls port")
    func configuredAccessEdgePort() {
        var topology = Fixtures.contoso(sipDomains: two)
        topology.edgePools[0].accessEdgePort = 5061
        let plan = DNSPlanning.plan(topology)
        #expect(record(plan, .external, "_sip._tls.contoso.com")?.port == 5061)
        #expect(record(plan, .external, "_sip._tls.fabrikam.com")?.port == 5061)
        topology.edgePools[0].accessEdgePort = 443
        topology.edgePools[0].webConferencingFqdn = "sip.contoso.com"
        topology.edgePools[0].avFqdn = "sip.contoso.com"
        #expect(record(DNSPlanning.plan(topology), .external, "_sip._tls.contoso.com")?.port == 443)
    }

    // MARK: 4. Two Edge pools, one name

    /// The second Edge pool's Access Edge FQDN is sip.fabrikam.com: fabrikam.com goes to it, the
    /// first Edge pool does not claim sip.fabrikam.com as well, and the choice is told once.
    @Test("two Edge pools claiming sip.<d>: the pool whose Access Edge FQDN it is wins, no conflict")
    func twoEdgePoolsOneName() {
        var topology = Fixtures.contoso(sipDomains: two)
        topology.edgePools.append(
            EdgePool(
                fqdn: "lsedge2.contoso.net", accessEdgeFqdn: "sip.fabrikam.com",
                webConferencingFqdn: "webcon.fabrikam.com", avFqdn: "av.fabrikam.com",
                externalAddresses: EdgeAddresses(
                    access: "131.107.156.10", webConferencing: "131.107.156.20", av: "131.107.156.30"),
                internalAddresses: ["172.25.34.10"], federation: true, accessEdgePort: 5061))
        let plan = DNSPlanning.plan(topology)
        #expect(values(plan, .external, "sip.fabrikam.com") == ["131.107.156.10"])
        let srv = record(plan, .external, "_sip._tls.fabrikam.com")
        #expect(srv?.value == "sip.fabrikam.com" && srv?.port == 5061)
        #expect(record(plan, .external, "_sipfederationtls._tcp.fabrikam.com")?.value == "sip.fabrikam.com")
        // contoso.com stays on the first Edge pool.
        #expect(record(plan, .external, "_sip._tls.contoso.com")?.value == "sip.contoso.com")
        #expect(record(plan, .external, "_sip._tls.contoso.com")?.port == 443)
        #expect(!plan.findings.contains { $0.code == FindingCode.conflictingRecords.code })
        let told = plan.findings.filter { $0.code == FindingCode.edgePoolForSipDomain.code }
        #expect(told.count == 1 && told.first?.severity == .info)
        #expect(told.first?.path == "edgePools[1].accessEdgeFqdn")
        #expect(plan.findings.count == 1, "\(plan.findings)")
        // The choice is about external records: an export of the internal view does not tell it.
        #expect(
            DNSPlanning.plan(topology, view: .external).findings.map(\.code) == [FindingCode.edgePoolForSipDomain.code])
        #expect(DNSPlanning.plan(topology, view: .internal).findings.isEmpty)
        // One Edge pool: nothing to tell.
        #expect(
            !DNSPlanning.plan(Fixtures.contoso(sipDomains: two)).findings.contains {
                $0.code == FindingCode.edgePoolForSipDomain.code
            })
    }

    // MARK: 5. Scaled Edge, DNS load balancing

    /// DNS summary - Scaled consolidated edge, DNS load balancing with public IP addresses
    /// (JJ205319): every external name gets one A record per Edge server.
    @Test("JJ205319 scaled consolidated Edge, DNS load balancing: one A record per address")
    func scaledEdgeDNSLoadBalancing() {
        var topology = Fixtures.contoso(sipDomains: two)
        topology.edgePools[0].externalAddresses = EdgeAddresses(
            access: ["131.107.155.10", "131.107.155.11"], webConferencing: ["131.107.155.20", "131.107.155.21"],
            av: ["131.107.155.30", "131.107.155.31"])
        topology.edgePools[0].internalAddresses = ["172.25.33.10", "172.25.33.11"]
        let plan = DNSPlanning.plan(topology)
        #expect(values(plan, .external, "sip.contoso.com") == ["131.107.155.10", "131.107.155.11"])
        #expect(values(plan, .external, "webcon.contoso.com") == ["131.107.155.20", "131.107.155.21"])
        #expect(values(plan, .external, "av.contoso.com") == ["131.107.155.30", "131.107.155.31"])
        #expect(values(plan, .external, "sip.fabrikam.com") == ["131.107.155.10", "131.107.155.11"])
        #expect(values(plan, .external, "xmpp.contoso.com") == ["131.107.155.10", "131.107.155.11"])
        #expect(values(plan, .internal, "lsedge.contoso.net") == ["172.25.33.10", "172.25.33.11"])
        #expect(plan.findings.isEmpty, "\(plan.findings)")
        // A private address in the list: one finding for the field, naming it.
        topology.edgePools[0].externalAddresses.access = ["131.107.155.10", "10.45.16.11"]
        let bad = DNSPlanning.plan(topology).findings.filter { $0.code == FindingCode.privateAddressExternal.code }
        #expect(bad.count == 1)
        #expect(bad.first?.path == "edgePools[0].externalAddresses.access")
        #expect(bad.first?.message.hasPrefix("10.45.16.11 is a private") == true)
    }

    // MARK: 6. Internal records for the external web names

    /// DNS summary - Single Director (JJ205021): "Internal DNS/A webdirexternal.contoso.com →
    /// Director". Technical requirements for mobility (Hh690030): internal mobile clients use the
    /// external web FQDN and "always connect … externally through the reverse proxy" (hairpin), so
    /// a Front End pool's external web FQDN goes to the reverse proxy in internal DNS as well.
    @Test("JJ205021 / Hh690030: internal webdirext to the Director, internal webext to the reverse proxy")
    func internalExternalWebNames() {
        let plan = DNSPlanning.plan(Fixtures.contoso())
        let webdirext = record(plan, .internal, "webdirext.contoso.com")
        #expect(webdirext?.value == "192.168.10.20" && webdirext?.type == .A)
        let webext = record(plan, .internal, "webext.contoso.com")
        #expect(webext?.value == "203.0.113.10")
        #expect(webext?.purpose.contains("hairpin") == true)
        #expect(webext?.purpose.contains("Mobility Service") == true)
        #expect(plan.findings.isEmpty)
        // Unknown addresses are asked for, in the field they come from.
        let unknown = DNSPlanning.plan(Fixtures.contoso(addresses: false))
        #expect(record(unknown, .internal, "webext.contoso.com")?.path == "reverseProxy.externalAddress")
        #expect(record(unknown, .internal, "webdirext.contoso.com")?.path == "pools[1].internalWebAddress")
    }

    /// external-web-fqdn-equals-internal (split-brain naming): the name already has the pool's
    /// own internal record, which stays the only one.
    @Test("an external web FQDN equal to the internal one keeps one internal record, no conflict")
    func splitBrainExternalEqualsInternal() {
        var topology = Fixtures.standardEdition()
        topology.pools[0].externalWebFqdn = "se01.contoso.com"
        let plan = DNSPlanning.plan(topology)
        #expect(values(plan, .internal, "se01.contoso.com") == ["192.168.10.5"])
        #expect(values(plan, .external, "se01.contoso.com") == ["203.0.113.10"])
        #expect(!plan.findings.contains { $0.code == FindingCode.conflictingRecords.code })
        // The same for a Front End pool whose external name is its internal web FQDN.
        var pool = Fixtures.contoso()
        pool.pools[0].externalWebFqdn = "lsweb.contoso.net"
        let poolPlan = DNSPlanning.plan(pool)
        #expect(values(poolPlan, .internal, "lsweb.contoso.net") == ["192.168.10.5"])
        #expect(!poolPlan.findings.contains { $0.code == FindingCode.conflictingRecords.code })
        // A simple URL host that is also the external web FQDN keeps its simple-URL record.
        var shared = Fixtures.contoso()
        shared.simpleUrls.dialin = "https://webext.contoso.com/dialin"
        let sharedPlan = DNSPlanning.plan(shared)
        #expect(values(sharedPlan, .internal, "webext.contoso.com") == ["192.168.10.20"])
        #expect(!sharedPlan.findings.contains { $0.code == FindingCode.conflictingRecords.code })
    }

    // MARK: Done: no finding about the plan's own records

    @Test("two SIP domains, a Director outside both, XMPP and federation: no DNS finding at all")
    func twoSipDomainsNoFindings() {
        for topology in [
            Fixtures.contoso(sipDomains: two), Fixtures.contoso(sipDomains: two, director: false),
            Fixtures.contoso(sipDomains: two, lyncdiscover: .cname, autodiscover: .http),
        ] {
            let plan = DNSPlanning.plan(topology)
            #expect(plan.findings.isEmpty, "\(plan.findings)")
        }
    }
}
