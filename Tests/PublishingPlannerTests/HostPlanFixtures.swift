import PublishingPlanner
import TopologyModel

/// Hand-built topologies and publishing rules for the host-plan tests.
///
/// The baseline is Microsoft's DNS-RP example, moved to documentation addresses where public:
/// - external adapter 203.0.113.10/24, default gateway 203.0.113.1;
/// - internal adapter 172.25.33.40/24, no gateway;
/// - one route 192.168.10.0/24 via the perimeter router 172.25.33.1;
/// - a Front End pool (internal web FQDN lsweb.contoso.net at 192.168.10.5) and a Director
///   (dirpool01.contoso.net at 192.168.10.20), both published 443 → 4443.
enum HostFixtures {
    static func proxy(
        externalAddress: String? = "203.0.113.10", externalPrefixLength: Int? = 24,
        externalGateway: String? = "203.0.113.1", internalAddress: String? = "172.25.33.40",
        internalPrefixLength: Int? = 24, internalGateway: String? = nil,
        routes: [Route] = [Route(subnet: "192.168.10.0/24", via: "172.25.33.1")]
    ) -> ReverseProxy {
        ReverseProxy(
            externalAddress: externalAddress, externalGateway: externalGateway,
            externalPrefixLength: externalPrefixLength, internalAddress: internalAddress,
            internalPrefixLength: internalPrefixLength, internalGateway: internalGateway, internalRoutes: routes)
    }

    static func topology(
        proxy: ReverseProxy = HostFixtures.proxy(), feAddress: String? = "192.168.10.5",
        directorAddress: String? = "192.168.10.20", officeWebApps: OfficeWebApps? = nil
    ) -> Topology {
        Topology(
            sipDomains: ["contoso.com"],
            simpleUrls: SimpleUrls(
                meet: [MeetUrl(domain: "contoso.com", url: "https://meet.contoso.com")],
                dialin: "https://dialin.contoso.com"),
            pools: [
                Pool(
                    fqdn: "pool01.contoso.net", role: .frontEnd, internalWebFqdn: "lsweb.contoso.net",
                    externalWebFqdn: "webext.contoso.com", internalWebAddress: feAddress),
                Pool(
                    fqdn: "dirpool01.contoso.net", role: .director, externalWebFqdn: "webdirext.contoso.com",
                    internalWebAddress: directorAddress),
                Pool(fqdn: "pool09.contoso.net", role: .frontEnd),
            ],
            officeWebApps: officeWebApps, reverseProxy: proxy)
    }

    /// The rules the publishing planner makes for `topology()` (built by hand here).
    static func rules(
        feAddress: String? = "192.168.10.5", directorAddress: String? = "192.168.10.20", httpAutodiscover: Bool = false
    ) -> [PublishingRule] {
        var rules = [
            PublishingRule(
                name: "webext.contoso.com", kind: .webServices, publicNames: ["webext.contoso.com"],
                target: "lsweb.contoso.net", targetAddress: feAddress),
            PublishingRule(
                name: "webdirext.contoso.com", kind: .webServices, publicNames: ["webdirext.contoso.com"],
                target: "dirpool01.contoso.net", targetAddress: directorAddress),
            PublishingRule(
                name: "simple-urls", kind: .simpleUrls, publicNames: ["meet.contoso.com", "dialin.contoso.com"],
                target: "dirpool01.contoso.net", targetAddress: directorAddress),
        ]
        if httpAutodiscover {
            rules.append(
                PublishingRule(
                    name: "autodiscover-http", kind: .autodiscoverHttp, publicNames: ["lyncdiscover.contoso.com"],
                    target: "dirpool01.contoso.net", targetAddress: directorAddress, protocol: "http", listenPort: 80,
                    forwardPort: 8080))
        } else {
            rules.append(
                PublishingRule(
                    name: "autodiscover", kind: .autodiscover, publicNames: ["lyncdiscover.contoso.com"],
                    target: "dirpool01.contoso.net", targetAddress: directorAddress))
        }
        return rules
    }

    static let owasRule = PublishingRule(
        name: "officewebapps01.contoso.com", kind: .officeWebApps, publicNames: ["officewebapps01.contoso.com"],
        target: "officewebapps01.contoso.com", targetAddress: "192.168.10.30", listenPort: 443, forwardPort: 443)

    static func plan(
        _ topology: Topology = HostFixtures.topology(), rules: [PublishingRule] = HostFixtures.rules()
    ) -> HostPlan {
        HostPlanner.plan(
            topology: topology, publishing: PublishingPlan(rules: rules, findings: []), topologyFile: "contoso.yaml")
    }
}

extension HostPlan {
    func findings(_ code: String) -> [Finding] { findings.filter { $0.code == code } }
    func name(_ name: String) -> InternalName? { internalNames.first { $0.name == name } }
}
