import PublishingPlanner
import TestSupport
import Testing
import TopologyModel

@Suite("Publishing plan")
struct PublishingPlannerTests {
    @Test("RP-RULES step 12: the common list of published URLs, one rule per pool")
    func commonList() {
        let plan = PublishingPlanning.plan(Fixtures.contoso())
        #expect(plan.rules.map(\.kind) == [.webServices, .webServices, .simpleUrls, .autodiscover, .officeWebApps])
        #expect(
            plan.rules.flatMap(\.publicNames) == [
                "webext.contoso.com", "webdirext.contoso.com", "meet.contoso.com", "dialin.contoso.com",
                "lyncdiscover.contoso.com", "officewebapps01.contoso.com",
            ])
        #expect(plan.findings == [])
    }

    @Test("web services rules: target = internal web FQDN, 443 → 4443, path /*, Host kept, no offloading, 960 s")
    func webServices() throws {
        let plan = PublishingPlanning.plan(Fixtures.contoso())
        let fe = try #require(plan.rules.first)
        #expect(fe.target == "lsweb.contoso.net" && fe.targetAddress == "192.168.10.5")
        #expect(fe.protocol == "https" && fe.listenPort == 443 && fe.forwardPort == 4443)
        #expect(fe.path == "/*" && fe.preserveHostHeader && !fe.sslOffloading)
        #expect(fe.timeoutSeconds == 960)
        #expect(fe.notes.contains { $0.contains("900 s") })
        // The Director's internal web FQDN defaults to its pool FQDN.
        #expect(plan.rules[1].target == "dirpool01.contoso.net")
    }

    @Test("overridden listening ports are honoured")
    func customPorts() {
        var topology = Fixtures.contoso(director: false)
        topology.pools[0].ports = WebPorts(httpListen: 8081, httpsListen: 4444, httpPublished: 80, httpsPublished: 443)
        let plan = PublishingPlanning.plan(topology)
        #expect(plan.rules.filter { $0.kind != .officeWebApps }.allSatisfy { $0.forwardPort == 4444 })
    }

    @Test("simple URLs: own rule to the Director, else the first Front End pool; never Admin")
    func simpleUrls() throws {
        let withDirector = PublishingPlanning.plan(Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"]))
        let rule = try #require(withDirector.rules.first { $0.kind == .simpleUrls })
        #expect(rule.publicNames == ["meet.contoso.com", "meet.fabrikam.com", "dialin.contoso.com"])
        #expect(rule.target == "dirpool01.contoso.net")
        #expect(!withDirector.rules.flatMap(\.publicNames).contains("admin.contoso.com"))
        let noDirector = PublishingPlanning.plan(Fixtures.contoso(director: false))
        #expect(noDirector.rules.first { $0.kind == .simpleUrls }?.target == "lsweb.contoso.net")
    }

    @Test("autodiscover over HTTPS: lyncdiscover per SIP domain, 443 → 4443")
    func autodiscoverHTTPS() throws {
        let plan = PublishingPlanning.plan(Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"]))
        let rule = try #require(plan.rules.first { $0.kind == .autodiscover })
        #expect(rule.publicNames == ["lyncdiscover.contoso.com", "lyncdiscover.fabrikam.com"])
        #expect(rule.listenPort == 443 && rule.forwardPort == 4443 && rule.protocol == "https")
        #expect(!plan.rules.contains { $0.kind == .autodiscoverHttp })
    }

    @Test("autodiscover over HTTP: the port-80 rule, 80 → 8080 only, lyncdiscover on no other rule")
    func autodiscoverHTTP() throws {
        let plan = PublishingPlanning.plan(Fixtures.contoso(autodiscover: .http))
        let rule = try #require(plan.rules.first { $0.kind == .autodiscoverHttp })
        #expect(rule.protocol == "http" && rule.listenPort == 80 && rule.forwardPort == 8080)
        #expect(rule.httpListenPort == nil)
        #expect(!plan.rules.contains { $0.kind == .autodiscover })
        let carrying = plan.rules.filter { $0.publicNames.contains("lyncdiscover.contoso.com") }
        #expect(carrying.count == 1)
    }

    @Test("Office Web Apps: 443 → 443 when published; nothing (and an info finding) when not")
    func officeWebApps() throws {
        let plan = PublishingPlanning.plan(Fixtures.contoso())
        let rule = try #require(plan.rules.first { $0.kind == .officeWebApps })
        #expect(rule.listenPort == 443 && rule.forwardPort == 443 && rule.target == "officewebapps01.contoso.com")
        var topology = Fixtures.contoso()
        topology.officeWebApps?.publishedExternally = false
        let unpublished = PublishingPlanning.plan(topology)
        #expect(!unpublished.rules.contains { $0.kind == .officeWebApps })
        #expect(unpublished.findings.map(\.code) == [FindingCode.officeWebAppsNotPublished.code])
    }

    @Test("pool-not-published: a pool without external web FQDN")
    func poolNotPublished() {
        var topology = Fixtures.contoso()
        topology.pools[0].externalWebFqdn = nil
        let plan = PublishingPlanning.plan(topology)
        let finding = plan.findings.first { $0.code == FindingCode.poolNotPublished.code }
        #expect(finding?.path == "pools[0].externalWebFqdn" && finding?.severity == .warning)
        #expect(!plan.rules.contains { $0.publicNames.contains("webext.contoso.com") })
        #expect(
            !PublishingPlanning.plan(Fixtures.contoso()).findings.contains {
                $0.code == FindingCode.poolNotPublished.code
            })
        // A Director: director-not-published, an error (DNS summary - Reverse proxy, JJ204781).
        var director = Fixtures.contoso()
        director.pools[1].externalWebFqdn = nil
        let codes = PublishingPlanning.plan(director).findings.map { "\($0.code) \($0.severity)" }
        #expect(codes.filter { $0.hasPrefix("director-not-published") } == ["director-not-published error"])
        #expect(!codes.contains { $0.hasPrefix("pool-not-published") })
    }

    @Test("target-address-unknown: one info finding per target the proxy cannot resolve")
    func targetAddressUnknown() {
        let plan = PublishingPlanning.plan(Fixtures.contoso(addresses: false))
        let unknown = plan.findings.filter { $0.code == FindingCode.targetAddressUnknown.code }
        #expect(
            unknown.map(\.path) == [
                "pools[0].internalWebAddress", "pools[1].internalWebAddress", "officeWebApps.internalAddress",
            ])
        #expect(unknown.allSatisfy { $0.severity == .info && $0.message.contains("HOSTS") })
        // The Director's target carries its web rule, the simple URLs and autodiscover: named once.
        #expect(unknown[1].message.contains("meet.contoso.com") && unknown[1].message.contains("lyncdiscover"))
        #expect(PublishingPlanning.plan(Fixtures.contoso()).findings.isEmpty)
    }

    @Test("duplicate-public-name: one name on two rules")
    func duplicatePublicName() {
        var topology = Fixtures.contoso()
        topology.pools[1].externalWebFqdn = "lyncdiscover.contoso.com"
        let plan = PublishingPlanning.plan(topology)
        #expect(
            plan.findings.contains { $0.code == FindingCode.duplicatePublicName.code && $0.severity == .error })
    }

    @Test("a simple-URL host equal to an external web FQDN is not published twice")
    func simpleUrlSharedWithPool() {
        var topology = Fixtures.contoso()
        topology.simpleUrls.dialin = "https://webdirext.contoso.com/dialin"
        let plan = PublishingPlanning.plan(topology)
        #expect(plan.rules.flatMap(\.publicNames).filter { $0 == "webdirext.contoso.com" }.count == 1)
        #expect(!plan.findings.contains { $0.code == FindingCode.duplicatePublicName.code })
    }

    @Test("no-web-pool: nothing to publish the simple URLs and autodiscover to")
    func noWebPool() {
        var topology = Fixtures.contoso()
        topology.pools = []
        let plan = PublishingPlanning.plan(topology)
        #expect(plan.findings.contains { $0.code == FindingCode.noWebPool.code })
        #expect(plan.rules.map(\.kind) == [.officeWebApps])
        #expect(
            !PublishingPlanning.plan(Fixtures.contoso()).findings.contains { $0.code == FindingCode.noWebPool.code }
        )
    }
}
