import DNSPlanner
import TestSupport
import Testing
import TopologyModel

/// Microsoft's DNS tables of lync-rules.md §8, reproduced record for record from the contoso
/// topology of `Fixtures.contoso()`.
@Suite("Microsoft's §8 examples")
struct MicrosoftExampleTests {
    /// A record as the tables write it: view, type, name, value, SRV port.
    struct Row: Hashable, CustomStringConvertible {
        var view: DNSView
        var type: DNSRecordType
        var name: String
        var value: String?
        var port: Int? = nil
        var description: String { "\(view) \(type) \(name) \(value ?? "nil") \(port.map(String.init) ?? "")" }
    }

    static func rows(_ records: [DNSRecord]) -> [Row] {
        records.map { Row(view: $0.view, type: $0.type, name: $0.name, value: $0.value, port: $0.port) }
    }

    @Test("§8.1 RP-DNS / DNS-RP: every reverse-proxy name is an external A to the listener")
    func reverseProxyExternal() {
        let plan = DNSPlanning.plan(Fixtures.contoso())
        let toProxy = plan.records.filter { $0.view == .external && $0.value == "203.0.113.10" }
        let expected: Set<Row> = [
            Row(view: .external, type: .A, name: "webext.contoso.com", value: "203.0.113.10"),
            Row(view: .external, type: .A, name: "webdirext.contoso.com", value: "203.0.113.10"),
            Row(view: .external, type: .A, name: "dialin.contoso.com", value: "203.0.113.10"),
            Row(view: .external, type: .A, name: "meet.contoso.com", value: "203.0.113.10"),
            Row(view: .external, type: .A, name: "officewebapps01.contoso.com", value: "203.0.113.10"),
            Row(view: .external, type: .A, name: "lyncdiscover.contoso.com", value: "203.0.113.10"),
        ]
        #expect(Set(Self.rows(toProxy)) == expected)
        #expect(toProxy.count == expected.count)
        // The Admin URL is internal only: never in external DNS.
        #expect(!plan.records.contains { $0.view == .external && $0.name == "admin.contoso.com" })
    }

    @Test("§8.4 DNS-EDGE-PUB: the Edge table, record for record")
    func edge() {
        let plan = DNSPlanning.plan(Fixtures.contoso())
        let edgeRows = Self.rows(plan.records.filter { $0.rule.contains("§8.4") })
        let expected: [Row] = [
            Row(view: .external, type: .A, name: "sip.contoso.com", value: "131.107.155.10"),
            Row(view: .external, type: .A, name: "webcon.contoso.com", value: "131.107.155.20"),
            Row(view: .external, type: .A, name: "av.contoso.com", value: "131.107.155.30"),
            Row(view: .external, type: .SRV, name: "_sip._tls.contoso.com", value: "sip.contoso.com", port: 443),
            Row(
                view: .external, type: .SRV, name: "_sipfederationtls._tcp.contoso.com", value: "sip.contoso.com",
                port: 5061),
            Row(view: .external, type: .A, name: "xmpp.contoso.com", value: "131.107.155.10"),
            Row(
                view: .external, type: .SRV, name: "_xmpp-server._tcp.contoso.com", value: "xmpp.contoso.com",
                port: 5269),
            Row(view: .internal, type: .A, name: "lsedge.contoso.net", value: "172.25.33.10"),
        ]
        #expect(edgeRows == expected)
        for srv in plan.records where srv.type == .SRV {
            #expect(srv.priority == 0 && srv.weight == 0)
        }
    }

    @Test("§8.2 DNS-MOB: lyncdiscoverinternal internal A, lyncdiscover external A or CNAME")
    func autodiscover() {
        let a = DNSPlanning.plan(Fixtures.contoso())
        #expect(
            Self.rows(a.records.filter { $0.name.hasPrefix("lyncdiscover") }) == [
                Row(view: .external, type: .A, name: "lyncdiscover.contoso.com", value: "203.0.113.10"),
                // The Director's internal web services address (Director first, §8.2).
                Row(view: .internal, type: .A, name: "lyncdiscoverinternal.contoso.com", value: "192.168.10.20"),
            ])
        let cname = DNSPlanning.plan(Fixtures.contoso(lyncdiscover: .cname))
        #expect(
            Self.rows(cname.records.filter { $0.name == "lyncdiscover.contoso.com" }) == [
                Row(view: .external, type: .CNAME, name: "lyncdiscover.contoso.com", value: "webdirext.contoso.com")
            ])
        // Without a Director the CNAME targets the Front End pool's external web FQDN.
        let noDirector = DNSPlanning.plan(Fixtures.contoso(director: false, lyncdiscover: .cname))
        #expect(noDirector.records.first { $0.name == "lyncdiscover.contoso.com" }?.value == "webext.contoso.com")
        #expect(
            noDirector.records.first { $0.name == "lyncdiscoverinternal.contoso.com" }?.value == "192.168.10.5")
    }

    @Test("§8.3 DNS-SIGNIN: _sipinternaltls._tcp SRV 0 0 5061 to the sign-in pool")
    func signIn() {
        var topology = Fixtures.contoso(director: false)
        topology.pools[0].fqdn = "pool01.contoso.com"
        let plan = DNSPlanning.plan(topology)
        #expect(
            Self.rows(plan.records.filter { $0.type == .SRV && $0.view == .internal }) == [
                Row(
                    view: .internal, type: .SRV, name: "_sipinternaltls._tcp.contoso.com", value: "pool01.contoso.com",
                    port: 5061)
            ])
        #expect(!plan.findings.contains { $0.code == FindingCode.srvTargetOtherDomain.code })
        // With a Director, sign-in goes to the Director: dirpool01.contoso.net is outside
        // contoso.com, so through the internal sip.contoso.com A record to it (Gg398758, JJ205021).
        let withDirector = DNSPlanning.plan(Fixtures.contoso())
        #expect(
            withDirector.records.first { $0.name == "_sipinternaltls._tcp.contoso.com" }?.value == "sip.contoso.com")
        #expect(
            withDirector.records(in: .internal).first { $0.name == "sip.contoso.com" }?.value == "192.168.10.20")
    }
}

@Suite("DNS planner fixtures")
struct FixtureValidityTests {
    /// The Swift-built fixtures are topologies the loader accepts: the tables above are reproduced
    /// from valid input, not from a model the file format would refuse.
    @Test("every fixture passes the topology loader's validation")
    func fixturesAreValid() throws {
        for topology in [
            Fixtures.contoso(), Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"]),
            Fixtures.contoso(director: false, lyncdiscover: .cname), Fixtures.contoso(addresses: false),
            Fixtures.contoso(autodiscover: .http, federation: false, xmpp: false), Fixtures.standardEdition(),
        ] {
            let loaded = try TopologyLoader.validate(topology, source: "fixture")
            #expect(!loaded.findings.hasErrors)
        }
    }
}
