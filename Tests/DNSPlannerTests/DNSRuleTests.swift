import DNSPlanner
import TestSupport
import Testing
import TopologyModel

/// One test per planning rule, each with the case where the rule applies and the case where it
/// does not.
@Suite("DNS planning rules")
struct DNSRuleTests {
    func names(_ plan: DNSPlan, _ view: DNSView) -> [String] { plan.records(in: view).map(\.name) }

    @Test("every pool's external web FQDN is published; a pool without one is not")
    func poolExternalWeb() {
        var topology = Fixtures.contoso()
        #expect(names(DNSPlanning.plan(topology), .external).contains("webdirext.contoso.com"))
        topology.pools[1].externalWebFqdn = nil
        let plan = DNSPlanning.plan(topology)
        #expect(!names(plan, .external).contains("webdirext.contoso.com"))
        #expect(names(plan, .external).contains("webext.contoso.com"))
    }

    @Test("a Meet host per SIP domain and the Dial-in host go external; Admin only internal")
    func simpleUrls() {
        let plan = DNSPlanning.plan(Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"]))
        let external = names(plan, .external)
        #expect(external.contains("meet.contoso.com") && external.contains("meet.fabrikam.com"))
        #expect(external.contains("dialin.contoso.com"))
        #expect(!external.contains("admin.contoso.com"))
        let internalAdmin = plan.records(in: .internal).first { $0.name == "admin.contoso.com" }
        // Internal simple URLs point at the Director (the entry pool), else the Front End pool.
        #expect(internalAdmin?.value == "192.168.10.20")
        let noDirector = DNSPlanning.plan(Fixtures.contoso(director: false))
        #expect(noDirector.records(in: .internal).first { $0.name == "meet.contoso.com" }?.value == "192.168.10.5")
    }

    @Test("simple URLs sharing a host (Option 2) become one record with both purposes")
    func sharedSimpleUrlHost() {
        var topology = Fixtures.contoso()
        topology.simpleUrls = SimpleUrls(
            meet: [MeetUrl(domain: "contoso.com", url: "https://lync.contoso.com/Meet")],
            dialin: "https://lync.contoso.com/Dialin")
        let plan = DNSPlanning.plan(topology)
        let lync = plan.records(in: .external).filter { $0.name == "lync.contoso.com" }
        #expect(lync.count == 1)
        #expect(lync.first?.purpose.contains("Meet") == true && lync.first?.purpose.contains("Dial-in") == true)
        #expect(!plan.findings.contains { $0.code == FindingCode.conflictingRecords.code })
    }

    @Test("Office Web Apps: external only when published, with its own address when given")
    func officeWebApps() {
        var topology = Fixtures.contoso()
        topology.officeWebApps?.externalAddress = "203.0.113.11"
        #expect(
            DNSPlanning.plan(topology).records(in: .external).first { $0.name == "officewebapps01.contoso.com" }?.value
                == "203.0.113.11")
        topology.officeWebApps?.publishedExternally = false
        let plan = DNSPlanning.plan(topology)
        #expect(!names(plan, .external).contains("officewebapps01.contoso.com"))
        #expect(
            plan.records(in: .internal).first { $0.name == "officewebapps01.contoso.com" }?.value == "192.168.10.30")
    }

    @Test("lyncdiscover / lyncdiscoverinternal: one per SIP domain, each in its own view")
    func autodiscoverPerDomain() {
        let plan = DNSPlanning.plan(Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"]))
        #expect(
            names(plan, .external).filter { $0.hasPrefix("lyncdiscover.") } == [
                "lyncdiscover.contoso.com", "lyncdiscover.fabrikam.com",
            ])
        #expect(
            names(plan, .internal).filter { $0.hasPrefix("lyncdiscoverinternal.") } == [
                "lyncdiscoverinternal.contoso.com", "lyncdiscoverinternal.fabrikam.com",
            ])
        #expect(!names(plan, .internal).contains { $0.hasPrefix("lyncdiscover.") })
        #expect(!names(plan, .external).contains { $0.hasPrefix("lyncdiscoverinternal.") })
    }

    @Test("sip.<d> per additional SIP domain to the Access Edge; none for the Access Edge's own name")
    func sipPerDomain() {
        let two = DNSPlanning.plan(Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"]))
        let sip = two.records(in: .external).filter { $0.name.hasPrefix("sip.") }
        #expect(sip.map(\.name) == ["sip.contoso.com", "sip.fabrikam.com"])
        #expect(sip.allSatisfy { $0.value == "131.107.155.10" })
        let one = DNSPlanning.plan(Fixtures.contoso())
        #expect(one.records(in: .external).filter { $0.name == "sip.contoso.com" }.count == 1)
    }

    @Test("_sip._tls per SIP domain; _sipfederationtls only with federation")
    func edgeSRV() {
        let with = DNSPlanning.plan(Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"]))
        let srv = with.records.filter { $0.type == .SRV && $0.view == .external }.map { "\($0.name) \($0.port ?? 0)" }
        #expect(srv.contains("_sip._tls.fabrikam.com 443"))
        #expect(srv.contains("_sipfederationtls._tcp.fabrikam.com 5061"))
        let without = DNSPlanning.plan(Fixtures.contoso(federation: false))
        #expect(!without.records.contains { $0.name.hasPrefix("_sipfederationtls") })
        #expect(without.records.contains { $0.name == "_sip._tls.contoso.com" })
    }

    @Test("XMPP records only when XMPP is on")
    func xmpp() {
        #expect(DNSPlanning.plan(Fixtures.contoso()).records.contains { $0.name == "_xmpp-server._tcp.contoso.com" })
        let off = DNSPlanning.plan(Fixtures.contoso(xmpp: false))
        #expect(!off.records.contains { $0.name.contains("xmpp") })
    }

    @Test("no Edge pool: no Edge records at all")
    func noEdge() {
        let plan = DNSPlanning.plan(Fixtures.standardEdition())
        #expect(!plan.records.contains { $0.rule.contains("§8.4") })
        #expect(
            names(plan, .external) == [
                "webext.contoso.com", "meet.contoso.com", "dialin.contoso.com", "lyncdiscover.contoso.com",
            ])
    }

    @Test("internal pool FQDN and internal web FQDN: one record when they are the same name")
    func poolInternal() {
        let plan = DNSPlanning.plan(Fixtures.contoso())
        let internalNames = names(plan, .internal)
        #expect(internalNames.contains("pool01.contoso.net") && internalNames.contains("lsweb.contoso.net"))
        #expect(internalNames.filter { $0 == "dirpool01.contoso.net" }.count == 1)
        #expect(plan.records(in: .internal).first { $0.name == "lsweb.contoso.net" }?.value == "192.168.10.5")
    }

    @Test("Edge internal FQDN: one A per internal address (DNS load balancing)")
    func edgeInternalAddresses() {
        var topology = Fixtures.contoso()
        topology.edgePools[0].internalAddresses = ["172.25.33.10", "172.25.33.11"]
        let plan = DNSPlanning.plan(topology)
        #expect(
            plan.records(in: .internal).filter { $0.name == "lsedge.contoso.net" }.compactMap(\.value) == [
                "172.25.33.10", "172.25.33.11",
            ])
        #expect(!plan.findings.contains { $0.code == FindingCode.conflictingRecords.code })
    }

    @Test("IPv6 addresses become AAAA records in canonical form")
    func ipv6() {
        var topology = Fixtures.contoso()
        topology.reverseProxy.externalAddress = "2001:DB8:0:0:0:0:0:10"
        let record = DNSPlanning.plan(topology).records.first { $0.name == "webext.contoso.com" }
        #expect(record?.type == .AAAA)
        #expect(record?.value == "2001:db8::10")
    }

    @Test("a missing address is planned with value nil, addressNeeded and the field to fill in")
    func missingAddress() {
        let plan = DNSPlanning.plan(Fixtures.contoso(addresses: false))
        let webext = plan.records.first { $0.name == "webext.contoso.com" }
        #expect(webext?.value == nil && webext?.addressNeeded == true)
        #expect(webext?.path == "reverseProxy.externalAddress")
        let edge = plan.records.first { $0.name == "lsedge.contoso.net" }
        #expect(edge?.path == "edgePools[0].internalAddresses" && edge?.addressNeeded == true)
        let known = DNSPlanning.plan(Fixtures.contoso())
        #expect(!known.records.contains { $0.addressNeeded })
    }

    @Test("order: external before internal, groups in the documented order, stable across runs")
    func order() {
        let plan = DNSPlanning.plan(Fixtures.contoso())
        let firstInternal = plan.records.firstIndex { $0.view == .internal }!
        #expect(plan.records[..<firstInternal].allSatisfy { $0.view == .external })
        #expect(plan.records[firstInternal...].allSatisfy { $0.view == .internal })
        #expect(
            names(plan, .external) == [
                "webext.contoso.com", "webdirext.contoso.com", "meet.contoso.com", "dialin.contoso.com",
                "officewebapps01.contoso.com", "lyncdiscover.contoso.com", "sip.contoso.com", "webcon.contoso.com",
                "av.contoso.com", "_sip._tls.contoso.com", "_sipfederationtls._tcp.contoso.com", "xmpp.contoso.com",
                "_xmpp-server._tcp.contoso.com",
            ])
        #expect(
            names(plan, .internal) == [
                "lyncdiscoverinternal.contoso.com", "sip.contoso.com", "_sipinternaltls._tcp.contoso.com",
                "pool01.contoso.net", "lsweb.contoso.net", "dirpool01.contoso.net", "meet.contoso.com",
                "dialin.contoso.com", "admin.contoso.com", "officewebapps01.contoso.com", "webext.contoso.com",
                "webdirext.contoso.com", "lsedge.contoso.net",
            ])
        #expect(DNSPlanning.plan(Fixtures.contoso()) == plan)
    }
}
