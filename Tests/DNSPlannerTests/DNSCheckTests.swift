import DNSPlanner
import Testing
import TopologyModel

/// The comparison of live answers with the plan, on plain values (no network).
///
/// The plan below exercises:
/// - `webext.contoso.com` A 203.0.113.10 — the reverse proxy listener (§8.1)
/// - `pool01.contoso.net` A 192.168.10.11 and .12 (internal, DNS load balancing)
/// - `lyncdiscover.contoso.com` CNAME webext.contoso.com (§8.2, same domain)
/// - `lyncdiscover.fabrikam.com` A 203.0.113.10
/// - `_sip._tls.contoso.com` SRV 0 0 443 sip.contoso.com (§8.4)
/// - `dialin.contoso.com` A with no address in the topology (`addressNeeded`)
/// - internal `lyncdiscoverinternal.contoso.com` and `_sipinternaltls._tcp.contoso.com`, which
///   must not answer in external DNS
@Suite("DNSCheck: live answers against the plan")
struct DNSCheckTests {
    static let plan = DNSPlan(
        records: [
            DNSRecord(
                view: .external, type: .A, name: "webext.contoso.com", value: "203.0.113.10", purpose: "web",
                rule: "8.1"),
            DNSRecord(
                view: .external, type: .CNAME, name: "lyncdiscover.contoso.com", value: "webext.contoso.com",
                purpose: "autodiscover", rule: "8.2"),
            DNSRecord(
                view: .external, type: .A, name: "lyncdiscover.fabrikam.com", value: "203.0.113.10",
                purpose: "autodiscover", rule: "8.2"),
            DNSRecord(
                view: .external, type: .SRV, name: "_sip._tls.contoso.com", value: "sip.contoso.com", port: 443,
                priority: 0, weight: 0, purpose: "remote access", rule: "8.4"),
            DNSRecord(
                view: .external, type: .A, name: "dialin.contoso.com", value: nil, purpose: "dial-in", rule: "8.1",
                addressNeeded: true, path: "reverseProxy.externalAddress"),
            DNSRecord(
                view: .internal, type: .A, name: "pool01.contoso.net", value: "192.168.10.11", purpose: "pool",
                rule: "8.5"),
            DNSRecord(
                view: .internal, type: .A, name: "pool01.contoso.net", value: "192.168.10.12", purpose: "pool",
                rule: "8.5"),
            DNSRecord(
                view: .internal, type: .CNAME, name: "lyncdiscoverinternal.contoso.com", value: "lsweb.contoso.net",
                purpose: "internal autodiscover", rule: "8.2"),
            DNSRecord(
                view: .internal, type: .SRV, name: "_sipinternaltls._tcp.contoso.com", value: "pool01.contoso.com",
                port: 5061, priority: 0, weight: 0, purpose: "sign-in", rule: "8.3"),
        ], findings: [])

    static func a(_ name: String, _ value: String) -> DNSObservedRecord {
        DNSObservedRecord(type: .A, name: name, value: value)
    }
    static func cname(_ name: String, _ target: String) -> DNSObservedRecord {
        DNSObservedRecord(type: .CNAME, name: name, value: target)
    }
    static func srv(_ name: String, _ target: String, port: Int, priority: Int = 0, weight: Int = 0)
        -> DNSObservedRecord
    {
        DNSObservedRecord(type: .SRV, name: name, value: target, port: port, priority: priority, weight: weight)
    }

    /// A world where every external record is as planned and the internal-only names are absent.
    static var healthy: [String: DNSObservation] {
        [
            "webext.contoso.com": DNSObservation(server: "s1", records: [a("webext.contoso.com", "203.0.113.10")]),
            "lyncdiscover.contoso.com": DNSObservation(
                server: "s1",
                records: [
                    cname("lyncdiscover.contoso.com", "webext.contoso.com"), a("webext.contoso.com", "203.0.113.10"),
                ]),
            "lyncdiscover.fabrikam.com": DNSObservation(
                server: "s1", records: [a("lyncdiscover.fabrikam.com", "203.0.113.10")]),
            "_sip._tls.contoso.com": DNSObservation(
                server: "s1", records: [srv("_sip._tls.contoso.com", "sip.contoso.com", port: 443)]),
            "dialin.contoso.com": DNSObservation(server: "s1", records: [a("dialin.contoso.com", "203.0.113.10")]),
            "lyncdiscoverinternal.contoso.com": DNSObservation(server: "s1", nxdomain: true),
            "_sipinternaltls._tcp.contoso.com": DNSObservation(server: "s1", nxdomain: true),
        ]
    }

    static func external(_ byName: [String: DNSObservation], extra: [String: [DNSObservation]] = [:]) -> DNSCheckReport
    {
        var observations: [DNSCheckQuery: [DNSObservation]] = [:]
        for q in DNSCheck.queries(for: plan, view: .external) {
            observations[q] = extra[q.name] ?? byName[q.name].map { [$0] } ?? []
        }
        return DNSCheck.evaluate(plan: plan, view: .external, observations: observations)
    }

    static func row(_ report: DNSCheckReport, _ name: String) -> DNSCheckResult {
        report.results.first { $0.name == name }!
    }

    @Test("queries: planned CNAMEs are asked as A, internal-only names are probed in the external view")
    func queries() {
        let q = DNSCheck.queries(for: Self.plan, view: .external)
        #expect(q.contains(DNSCheckQuery(name: "lyncdiscover.contoso.com", type: .A)))
        #expect(q.contains(DNSCheckQuery(name: "_sip._tls.contoso.com", type: .SRV)))
        #expect(q.contains(DNSCheckQuery(name: "lyncdiscoverinternal.contoso.com", type: .A)))
        #expect(q.contains(DNSCheckQuery(name: "_sipinternaltls._tcp.contoso.com", type: .SRV)))
        #expect(!q.contains { $0.name == "pool01.contoso.net" })
        let inside = DNSCheck.queries(for: Self.plan, view: .internal)
        #expect(
            inside == [
                DNSCheckQuery(name: "pool01.contoso.net", type: .A),
                DNSCheckQuery(name: "lyncdiscoverinternal.contoso.com", type: .A),
                DNSCheckQuery(name: "_sipinternaltls._tcp.contoso.com", type: .SRV),
            ])
    }

    @Test("everything as planned: all ok, no problems")
    func healthy() {
        let report = Self.external(Self.healthy)
        #expect(report.results.count == 7)
        #expect(report.results.allSatisfy { $0.status == .ok }, "\(report.results.filter { $0.status != .ok })")
        #expect(!report.hasProblems)
        #expect(Self.row(report, "_sip._tls.contoso.com").expected == "0 0 443 sip.contoso.com")
        #expect(Self.row(report, "lyncdiscover.contoso.com").observed == ["CNAME webext.contoso.com", "203.0.113.10"])
    }

    @Test("addressNeeded: reported as seen, ok but not verified; missing when absent")
    func addressNeeded() {
        var report = Self.external(Self.healthy)
        var row = Self.row(report, "dialin.contoso.com")
        #expect(row.status == .ok)
        #expect(!row.verified)
        #expect(row.expected == "(address needed: reverseProxy.externalAddress)")
        #expect(row.message.contains("203.0.113.10"))
        var world = Self.healthy
        world["dialin.contoso.com"] = DNSObservation(server: "s1", nxdomain: true)
        report = Self.external(world)
        row = Self.row(report, "dialin.contoso.com")
        #expect(row.status == .missing)
    }

    @Test("a CNAME without a known target is reported as seen, not judged")
    func cnameTargetNeeded() {
        let plan = DNSPlan(
            records: [
                DNSRecord(
                    view: .external, type: .CNAME, name: "lyncdiscover.contoso.com", value: nil,
                    purpose: "autodiscover",
                    rule: "8.2", addressNeeded: true, path: "pools")
            ], findings: [])
        let q = DNSCheckQuery(name: "lyncdiscover.contoso.com", type: .A)
        let seen = DNSObservation(server: "s1", records: [Self.cname("lyncdiscover.contoso.com", "webext.contoso.com")])
        let row = DNSCheck.evaluate(plan: plan, view: .external, observations: [q: [seen]]).results[0]
        #expect(row.status == .ok)
        #expect(!row.verified)
        #expect(row.message.contains("seen CNAME webext.contoso.com"))
    }

    @Test("NXDOMAIN and no-data are missing")
    func missing() {
        var world = Self.healthy
        world["webext.contoso.com"] = DNSObservation(server: "s1", nxdomain: true)
        world["_sip._tls.contoso.com"] = DNSObservation(server: "s1")
        let report = Self.external(world)
        #expect(Self.row(report, "webext.contoso.com").status == .missing)
        #expect(Self.row(report, "webext.contoso.com").message.contains("NXDOMAIN"))
        #expect(Self.row(report, "_sip._tls.contoso.com").status == .missing)
        #expect(report.hasProblems)
        #expect(report.count(.missing) == 2)
    }

    @Test("another address, CNAME target, SRV port or SRV target is a mismatch that says what was seen")
    func mismatch() {
        var world = Self.healthy
        world["webext.contoso.com"] = DNSObservation(
            server: "s1", records: [Self.a("webext.contoso.com", "198.51.100.1")])
        world["lyncdiscover.contoso.com"] = DNSObservation(
            server: "s1", records: [Self.cname("lyncdiscover.contoso.com", "old.contoso.com")])
        world["_sip._tls.contoso.com"] = DNSObservation(
            server: "s1", records: [Self.srv("_sip._tls.contoso.com", "sip.contoso.com", port: 5061)])
        world["lyncdiscover.fabrikam.com"] = DNSObservation(
            server: "s1", records: [Self.a("lyncdiscover.fabrikam.com", "203.0.113.99")])
        let report = Self.external(world)
        let web = Self.row(report, "webext.contoso.com")
        #expect(web.status == .mismatch)
        #expect(web.message == "expected 203.0.113.10, seen 198.51.100.1")
        #expect(web.observed == ["198.51.100.1"])
        #expect(
            Self.row(report, "lyncdiscover.contoso.com").message
                == "CNAME to old.contoso.com, expected webext.contoso.com")
        #expect(Self.row(report, "_sip._tls.contoso.com").message == "port 5061, expected 443")
        #expect(Self.row(report, "lyncdiscover.fabrikam.com").status == .mismatch)

        world["_sip._tls.contoso.com"] = DNSObservation(
            server: "s1", records: [Self.srv("_sip._tls.contoso.com", "edge.contoso.com", port: 443)])
        #expect(
            Self.row(Self.external(world), "_sip._tls.contoso.com").message
                == "target edge.contoso.com, expected sip.contoso.com")
    }

    /// Determine DNS requirements (Gg398758): a sign-in SRV must point at an A record in its own
    /// domain. The plan never breaks it, but what DNS answers may.
    @Test("Gg398758: a sign-in SRV answering with a target outside its domain says srv-target-other-domain")
    func srvTargetOutsideDomain() {
        var world = Self.healthy
        world["_sip._tls.contoso.com"] = DNSObservation(
            server: "s1",
            records: [
                Self.srv("_sip._tls.contoso.com", "sip.contoso.com", port: 443),
                Self.srv("_sip._tls.contoso.com", "access.fabrikam.com", port: 443),
            ])
        let extra = Self.row(Self.external(world), "_sip._tls.contoso.com")
        #expect(extra.status == .warning)
        #expect(extra.message.contains("target access.fabrikam.com is outside contoso.com"))
        #expect(extra.message.contains("srv-target-other-domain"))
        world["_sip._tls.contoso.com"] = DNSObservation(
            server: "s1", records: [Self.srv("_sip._tls.contoso.com", "sip.fabrikam.com", port: 443)])
        let wrong = Self.row(Self.external(world), "_sip._tls.contoso.com")
        #expect(wrong.status == .mismatch)
        #expect(
            wrong.message.hasPrefix(
                "target sip.fabrikam.com, expected sip.contoso.com; target sip.fabrikam.com is outside"))
        // In its own domain: nothing to say.
        #expect(!Self.row(Self.external(Self.healthy), "_sip._tls.contoso.com").message.contains("outside"))
    }

    @Test("an A record where the plan has a CNAME is a mismatch")
    func aInsteadOfCname() {
        var world = Self.healthy
        world["lyncdiscover.contoso.com"] = DNSObservation(
            server: "s1", records: [Self.a("lyncdiscover.contoso.com", "203.0.113.10")])
        let row = Self.row(Self.external(world), "lyncdiscover.contoso.com")
        #expect(row.status == .mismatch)
        #expect(row.message.contains("instead of a CNAME to webext.contoso.com"))
    }

    @Test("time-outs, SERVFAIL and REFUSED are errors with the resolver's message")
    func errors() {
        var world = Self.healthy
        world["webext.contoso.com"] = DNSObservation(
            server: "s1", failure: .init(kind: .timeout, message: "no answer from 127.0.0.1:53 within 2 s (3 attempts)")
        )
        world["_sip._tls.contoso.com"] = DNSObservation(
            server: "s1", failure: .init(kind: .serverFailure, message: "127.0.0.1:53 answered SERVFAIL"))
        let report = Self.external(world)
        #expect(Self.row(report, "webext.contoso.com").status == .error)
        #expect(Self.row(report, "webext.contoso.com").message.contains("within 2 s"))
        #expect(Self.row(report, "_sip._tls.contoso.com").message == "127.0.0.1:53 answered SERVFAIL")
        #expect(report.count(.error) == 2)
        #expect(report.hasProblems)
    }

    @Test("extra addresses are a warning")
    func extraAddresses() {
        var world = Self.healthy
        world["webext.contoso.com"] = DNSObservation(
            server: "s1",
            records: [Self.a("webext.contoso.com", "203.0.113.10"), Self.a("webext.contoso.com", "203.0.113.77")])
        let row = Self.row(Self.external(world), "webext.contoso.com")
        #expect(row.status == .warning)
        #expect(row.message == "extra addresses not in the plan: 203.0.113.77")
    }

    @Test("DNS load balancing: every planned address of a name counts, none is 'extra'")
    func loadBalanced() {
        let both = DNSObservation(
            server: "s1",
            records: [Self.a("pool01.contoso.net", "192.168.10.11"), Self.a("pool01.contoso.net", "192.168.10.12")])
        var observations: [DNSCheckQuery: [DNSObservation]] = [:]
        for q in DNSCheck.queries(for: Self.plan, view: .internal) {
            observations[q] = [q.name == "pool01.contoso.net" ? both : DNSObservation(server: "s1", nxdomain: true)]
        }
        let report = DNSCheck.evaluate(plan: Self.plan, view: .internal, observations: observations)
        let pool = report.results.filter { $0.name == "pool01.contoso.net" }
        #expect(pool.count == 2)
        #expect(pool.allSatisfy { $0.status == .ok })
        // Private addresses are expected inside.
        #expect(!pool.contains { $0.message.contains("private") })
    }

    @Test("a CNAME where the plan has an A record, ending at the right address, is a warning")
    func cnameInsteadOfA() {
        var world = Self.healthy
        world["webext.contoso.com"] = DNSObservation(
            server: "s1",
            records: [Self.cname("webext.contoso.com", "rp.contoso.com"), Self.a("rp.contoso.com", "203.0.113.10")])
        let row = Self.row(Self.external(world), "webext.contoso.com")
        #expect(row.status == .warning)
        #expect(row.message.contains("a CNAME (rp.contoso.com) where the plan has an A record"))
        // …and one that ends elsewhere is a mismatch.
        world["webext.contoso.com"] = DNSObservation(
            server: "s1",
            records: [Self.cname("webext.contoso.com", "rp.contoso.com"), Self.a("rp.contoso.com", "203.0.113.11")])
        #expect(Self.row(Self.external(world), "webext.contoso.com").status == .mismatch)
    }

    @Test("a lyncdiscover CNAME into another domain is a warning (§8.2)")
    func crossDomainLyncdiscover() {
        var world = Self.healthy
        world["lyncdiscover.fabrikam.com"] = DNSObservation(
            server: "s1",
            records: [
                Self.cname("lyncdiscover.fabrikam.com", "webext.contoso.com"),
                Self.a("webext.contoso.com", "203.0.113.10"),
            ])
        let row = Self.row(Self.external(world), "lyncdiscover.fabrikam.com")
        #expect(row.status == .warning)
        #expect(row.message.contains("lyncdiscover CNAME into another domain (webext.contoso.com)"))
        // Within the same domain it is fine.
        #expect(Self.row(Self.external(Self.healthy), "lyncdiscover.contoso.com").status == .ok)
    }

    @Test("a private address in the external view is a warning")
    func privateExternal() {
        var world = Self.healthy
        world["webext.contoso.com"] = DNSObservation(
            server: "s1",
            records: [Self.a("webext.contoso.com", "203.0.113.10"), Self.a("webext.contoso.com", "10.1.2.3")])
        let row = Self.row(Self.external(world), "webext.contoso.com")
        #expect(row.status == .warning)
        #expect(row.message.contains("private address 10.1.2.3 in external DNS"))
    }

    @Test("internal-only names answering in the external view are a warning")
    func internalOnlyExternally() {
        var world = Self.healthy
        world["lyncdiscoverinternal.contoso.com"] = DNSObservation(
            server: "s1", records: [Self.a("lyncdiscoverinternal.contoso.com", "192.168.10.5")])
        let report = Self.external(world)
        let row = Self.row(report, "lyncdiscoverinternal.contoso.com")
        #expect(row.view == .external)
        #expect(row.status == .warning)
        #expect(row.message.contains("must exist only in internal DNS"))
        #expect(row.expected == "(no record in external DNS)")
        #expect(Self.row(report, "_sipinternaltls._tcp.contoso.com").status == .ok)
    }

    @Test("an incomplete chain (the target's zone refused) is a warning, not ok")
    func incompleteChain() {
        var world = Self.healthy
        world["webext.contoso.com"] = DNSObservation(
            server: "s1", records: [Self.cname("webext.contoso.com", "rp.example.net")],
            failure: .init(kind: .refused, message: "127.0.0.1:53 answered REFUSED"))
        let row = Self.row(Self.external(world), "webext.contoso.com")
        #expect(row.status == .warning)
        #expect(row.message.contains("could not be resolved: 127.0.0.1:53 answered REFUSED"))
    }

    @Test("a planned CNAME whose chain then loops is an error, though its first step is the planned one")
    func plannedCnameThenLoop() {
        var world = Self.healthy
        world["lyncdiscover.contoso.com"] = DNSObservation(
            server: "s1",
            records: [
                Self.cname("lyncdiscover.contoso.com", "webext.contoso.com"),
                Self.cname("webext.contoso.com", "lyncdiscover.contoso.com"),
            ],
            failure: .init(kind: .cnameChain, message: "CNAME loop: webext.contoso.com points back"))
        let row = Self.row(Self.external(world), "lyncdiscover.contoso.com")
        #expect(row.status == .error)
        #expect(row.message.hasPrefix("CNAME to webext.contoso.com → lyncdiscover.contoso.com: CNAME loop"))
    }

    @Test("two servers that disagree: the row says so and is at least a warning")
    func disagreement() {
        let old = DNSObservation(server: "s2", records: [Self.a("webext.contoso.com", "198.51.100.1")])
        let report = Self.external(
            Self.healthy, extra: ["webext.contoso.com": [Self.healthy["webext.contoso.com"]!, old]])
        let row = Self.row(report, "webext.contoso.com")
        #expect(row.disagreement)
        #expect(row.status == .mismatch)
        #expect(row.observed == ["203.0.113.10", "198.51.100.1"])
        #expect(row.message.contains("servers disagree: s1 says 203.0.113.10; s2 says 198.51.100.1"))
        #expect(row.servers.map(\.status) == [.ok, .mismatch])

        // Both right but one has an extra address: disagreement alone makes a warning.
        let extra = DNSObservation(
            server: "s2",
            records: [Self.a("dialin.contoso.com", "203.0.113.10"), Self.a("dialin.contoso.com", "203.0.113.12")])
        let second = Self.external(
            Self.healthy, extra: ["dialin.contoso.com": [Self.healthy["dialin.contoso.com"]!, extra]])
        #expect(Self.row(second, "dialin.contoso.com").status == .warning)
        #expect(Self.row(second, "dialin.contoso.com").disagreement)
    }

    @Test("one server timing out while another answers is an error row, not a disagreement")
    func oneServerDown() {
        let down = DNSObservation(server: "s2", failure: .init(kind: .timeout, message: "no answer"))
        let report = Self.external(
            Self.healthy, extra: ["webext.contoso.com": [Self.healthy["webext.contoso.com"]!, down]])
        let row = Self.row(report, "webext.contoso.com")
        #expect(row.status == .error)
        #expect(!row.disagreement)
        #expect(row.message == "s2: no answer")
    }
}
