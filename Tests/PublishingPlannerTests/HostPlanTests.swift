import LyncSupport
import PublishingPlanner
import Testing
import TopologyModel

@Suite("Host plan: adapters and gateway (lync-rules.md §3)")
struct HostPlanAdapterTests {
    @Test("the external adapter carries the only default gateway; the internal one has none")
    func adapters() {
        let plan = HostFixtures.plan()
        #expect(plan.externalAdapter.address == "203.0.113.10")
        #expect(plan.externalAdapter.subnet == "203.0.113.0/24")
        #expect(plan.externalAdapter.gateway == "203.0.113.1")
        #expect(plan.internalAdapter.address == "172.25.33.40")
        #expect(plan.internalAdapter.subnet == "172.25.33.0/24")
        #expect(plan.internalAdapter.gateway == nil)
        #expect(plan.defaultGatewayOn == [.external])
        #expect(plan.findings.isEmpty)
    }

    @Test("gateway-on-internal-adapter: a gateway on the internal adapter is an error")
    func internalGateway() {
        let plan = HostFixtures.plan(HostFixtures.topology(proxy: HostFixtures.proxy(internalGateway: "172.25.33.1")))
        let found = plan.findings(FindingCode.gatewayOnInternalAdapter.code)
        #expect(found.count == 1)
        #expect(found.first?.severity == .error)
        #expect(found.first?.path == "reverseProxy.internalGateway")
        #expect(plan.defaultGatewayOn == [.external, .internal])
        #expect(HostFixtures.plan().findings(FindingCode.gatewayOnInternalAdapter.code).isEmpty)
    }

    @Test("adapters-same-subnet: external and internal addresses in one subnet")
    func sameSubnet() {
        let same = HostFixtures.plan(
            HostFixtures.topology(
                proxy: HostFixtures.proxy(
                    internalAddress: "203.0.113.40", routes: [Route(subnet: "192.168.10.0/24", via: "203.0.113.2")])))
        #expect(same.findings(FindingCode.adaptersSameSubnet.code).map(\.severity) == [.error])
        // Only the external prefix known: still detected (the internal address lies in the external subnet).
        let oneKnown = HostFixtures.plan(
            HostFixtures.topology(
                proxy: HostFixtures.proxy(internalAddress: "203.0.113.40", internalPrefixLength: nil)))
        #expect(oneKnown.findings(FindingCode.adaptersSameSubnet.code).count == 1)
        #expect(HostFixtures.plan().findings(FindingCode.adaptersSameSubnet.code).isEmpty)
    }

    @Test("internal-adapter-unknown and internal-prefix-unknown")
    func unknownInternalAdapter() {
        let noAdapter = HostFixtures.plan(
            HostFixtures.topology(
                proxy: HostFixtures.proxy(internalAddress: nil, internalPrefixLength: nil, routes: [])))
        #expect(noAdapter.findings(FindingCode.internalAdapterUnknown.code).map(\.severity) == [.warning])
        // With no internal adapter nothing can be routed-checked: no target-not-routed noise.
        #expect(noAdapter.findings(FindingCode.targetNotRouted.code).isEmpty)
        #expect(noAdapter.firewallRules.filter { $0.direction == .outbound }.allSatisfy { !$0.addressesKnown })

        let noPrefix = HostFixtures.plan(HostFixtures.topology(proxy: HostFixtures.proxy(internalPrefixLength: nil)))
        #expect(noPrefix.findings(FindingCode.internalPrefixUnknown.code).map(\.severity) == [.info])
        #expect(noPrefix.findings(FindingCode.internalAdapterUnknown.code).isEmpty)
        #expect(noPrefix.internalAdapter.subnet == nil)

        // Nothing published: nothing to say about the internal side.
        let nothing = HostFixtures.plan(
            HostFixtures.topology(proxy: HostFixtures.proxy(internalAddress: nil, internalPrefixLength: nil)), rules: []
        )
        #expect(nothing.findings.isEmpty)
    }
}

@Suite("Host plan: persistent routes (lync-rules.md §3)")
struct HostPlanRouteTests {
    @Test("a route lists the targets it reaches, with network and netmask for route ADD")
    func routeReaches() {
        let plan = HostFixtures.plan()
        #expect(plan.routes.count == 1)
        let route = plan.routes[0]
        #expect(route.subnet == "192.168.10.0/24")
        #expect(route.network == "192.168.10.0")
        #expect(route.netmask == "255.255.255.0")
        #expect(route.via == "172.25.33.1")
        #expect(route.reaches == ["lsweb.contoso.net", "dirpool01.contoso.net"])
        #expect(route.warnings.isEmpty)
    }

    @Test("target-not-routed: an error when the internal subnet is known and no route reaches the target")
    func notRouted() {
        let plan = HostFixtures.plan(
            HostFixtures.topology(feAddress: "192.168.30.5"), rules: HostFixtures.rules(feAddress: "192.168.30.5"))
        let found = plan.findings(FindingCode.targetNotRouted.code)
        #expect(found.count == 1)
        #expect(found.first?.severity == .error)
        #expect(found.first?.message.contains("lsweb.contoso.net") == true)
        #expect(found.first?.message.contains("192.168.30.5") == true)
    }

    /// One code, one severity: the unsure case is its own code, target-route-unknown (warning).
    @Test("target-route-unknown: only a warning while the internal prefix length is unknown")
    func notRoutedPrefixUnknown() {
        let plan = HostFixtures.plan(
            HostFixtures.topology(proxy: HostFixtures.proxy(internalPrefixLength: nil), feAddress: "192.168.30.5"),
            rules: HostFixtures.rules(feAddress: "192.168.30.5"))
        #expect(plan.findings(FindingCode.targetRouteUnknown.code).map(\.severity) == [.warning])
        #expect(plan.findings(FindingCode.targetNotRouted.code).isEmpty)
    }

    @Test("no target-not-routed for a target on the internal adapter's own subnet or inside a summary route")
    func routedOrOnLink() {
        let onLink = HostFixtures.plan(
            HostFixtures.topology(feAddress: "172.25.33.50"), rules: HostFixtures.rules(feAddress: "172.25.33.50"))
        #expect(onLink.findings(FindingCode.targetNotRouted.code).isEmpty)

        // Route summarisation (§3): one /16 covers 192.168.10.0/24 and 192.168.30.0/24.
        let summary = HostFixtures.plan(
            HostFixtures.topology(
                proxy: HostFixtures.proxy(routes: [Route(subnet: "192.168.0.0/16", via: "172.25.33.1")]),
                feAddress: "192.168.30.5"),
            rules: HostFixtures.rules(feAddress: "192.168.30.5"))
        #expect(summary.findings(FindingCode.targetNotRouted.code).isEmpty)
        #expect(summary.routes.first?.reaches == ["lsweb.contoso.net", "dirpool01.contoso.net"])
        #expect(summary.routes.first?.netmask == "255.255.0.0")
    }

    @Test("route-next-hop-off-subnet: the next hop must be on the internal adapter's subnet")
    func nextHopOffSubnet() {
        let plan = HostFixtures.plan(
            HostFixtures.topology(
                proxy: HostFixtures.proxy(routes: [Route(subnet: "192.168.10.0/24", via: "172.25.34.1")])))
        let found = plan.findings(FindingCode.routeNextHopOffSubnet.code)
        #expect(found.map(\.severity) == [.error])
        #expect(found.first?.path == "reverseProxy.internalRoutes[0].via")
        #expect(plan.routes.first?.warnings.first?.hasPrefix(FindingCode.routeNextHopOffSubnet.code) == true)
        #expect(HostFixtures.plan().findings(FindingCode.routeNextHopOffSubnet.code).isEmpty)
    }

    @Test(
        "route-via-not-internal: a next hop on the external side",
        arguments: ["203.0.113.1", "203.0.113.10", "203.0.113.254"])
    func viaExternal(via: String) {
        let plan = HostFixtures.plan(
            HostFixtures.topology(
                proxy: HostFixtures.proxy(
                    internalPrefixLength: nil, routes: [Route(subnet: "192.168.10.0/24", via: via)])))
        #expect(plan.findings(FindingCode.routeViaNotInternal.code).map(\.severity) == [.error])
        // Reported once, not also as off-subnet.
        #expect(plan.findings(FindingCode.routeNextHopOffSubnet.code).isEmpty)
    }

    @Test("route-invalid: a hand-built route that does not parse")
    func invalidRoute() {
        let plan = HostFixtures.plan(
            HostFixtures.topology(
                proxy: HostFixtures.proxy(routes: [
                    Route(subnet: "192.168.10.0/24", via: "172.25.33.1"),
                    Route(subnet: "192.168.20.7/24", via: "172.25.33.1"),
                ])))
        #expect(plan.findings(FindingCode.routeInvalid.code).map(\.path) == ["reverseProxy.internalRoutes[1]"])
        #expect(plan.routes.count == 1)
    }

    @Test("IPv6 routes have no netmask and keep the prefix")
    func ipv6Route() {
        let plan = HostFixtures.plan(
            HostFixtures.topology(
                proxy: HostFixtures.proxy(
                    internalAddress: "2001:db8:33::40", internalPrefixLength: 64,
                    routes: [Route(subnet: "2001:db8:10::/48", via: "2001:db8:33::1")]),
                feAddress: "2001:db8:10::5", directorAddress: "2001:db8:10::20"),
            rules: HostFixtures.rules(feAddress: "2001:db8:10::5", directorAddress: "2001:db8:10::20"))
        #expect(plan.routes.first?.isIPv6 == true)
        #expect(plan.routes.first?.netmask == nil)
        #expect(plan.routes.first?.subnet == "2001:db8:10::/48")
        #expect(plan.findings.isEmpty)
    }
}

@Suite("Host plan: names the reverse proxy resolves (lync-rules.md §3, §10)")
struct HostPlanNameTests {
    @Test("every rule target once, with its address; then the IIS ARR farm names")
    func targetsAndFarms() {
        let plan = HostFixtures.plan()
        let targets = plan.internalNames.filter { $0.use == .target }
        #expect(targets.map(\.name) == ["lsweb.contoso.net", "dirpool01.contoso.net"])
        #expect(targets.map(\.address) == ["192.168.10.5", "192.168.10.20"])
        #expect(
            plan.name("dirpool01.contoso.net")?.publicNames == [
                "webdirext.contoso.com", "meet.contoso.com", "dialin.contoso.com", "lyncdiscover.contoso.com",
            ])
        #expect(plan.name("dirpool01.contoso.net")?.rules == ["webdirext.contoso.com", "simple-urls", "autodiscover"])
        let farms = plan.internalNames.filter { $0.use == .arrServerFarm }
        #expect(
            farms.map(\.name) == [
                "webext.contoso.com", "webdirext.contoso.com", "meet.contoso.com", "dialin.contoso.com",
                "lyncdiscover.contoso.com",
            ])
        #expect(plan.name("meet.contoso.com")?.address == "192.168.10.20")
        #expect(plan.name("meet.contoso.com")?.resolvesLike == "dirpool01.contoso.net")
    }

    @Test("the address comes from the topology when the rule does not carry it")
    func addressFromTopology() {
        let plan = HostFixtures.plan(rules: HostFixtures.rules(feAddress: nil))
        #expect(plan.name("lsweb.contoso.net")?.address == "192.168.10.5")
        #expect(plan.findings(FindingCode.internalAddressUnknown.code).isEmpty)
    }

    @Test("internal-address-unknown: a target with no known address names the field to fill in")
    func unknownAddress() {
        let plan = HostFixtures.plan(
            HostFixtures.topology(directorAddress: nil), rules: HostFixtures.rules(directorAddress: nil))
        let found = plan.findings(FindingCode.internalAddressUnknown.code)
        #expect(found.count == 1)  // one per name, not per rule
        #expect(found.first?.severity == .warning)
        #expect(found.first?.path == "pools[1].internalWebAddress")
        #expect(plan.name("dirpool01.contoso.net")?.address == nil)
        #expect(plan.name("dirpool01.contoso.net")?.addressSource == "pools[1].internalWebAddress")
        // The farm names that follow it are unknown too, but not reported twice.
        #expect(plan.name("meet.contoso.com")?.address == nil)
    }

    @Test("Office Web Apps: its public name is its target, listed once")
    func officeWebApps() {
        let owas = OfficeWebApps(fqdn: "officewebapps01.contoso.com", publishedExternally: true)
        let plan = HostFixtures.plan(
            HostFixtures.topology(officeWebApps: owas), rules: HostFixtures.rules() + [HostFixtures.owasRule])
        #expect(plan.internalNames.filter { $0.name == "officewebapps01.contoso.com" }.count == 1)
        #expect(plan.name("officewebapps01.contoso.com")?.use == .target)
        #expect(plan.name("officewebapps01.contoso.com")?.address == "192.168.10.30")
        #expect(plan.routes.first?.reaches.contains("officewebapps01.contoso.com") == true)
    }
}

@Suite("Host plan: firewall rules (lync-rules.md §9)")
struct HostPlanFirewallTests {
    @Test("HTTPS only: inbound 443 from Any, outbound 4443 to each pool target, nothing on 80 or 8080")
    func httpsOnly() {
        let plan = HostFixtures.plan()
        let inbound = plan.firewallRules.filter { $0.direction == .inbound }
        #expect(inbound.map(\.port) == [443])
        #expect(inbound.first?.source == "Any")
        #expect(inbound.first?.destination == "203.0.113.10")
        #expect(inbound.first?.adapter == .external)
        #expect(inbound.first?.reason.hasPrefix("§9") == true)
        let outbound = plan.firewallRules.filter { $0.direction == .outbound }
        #expect(outbound.map(\.destination) == ["192.168.10.5", "192.168.10.20"])
        #expect(outbound.allSatisfy { $0.port == 4443 && $0.source == "172.25.33.40" && $0.protocol == "TCP" })
        #expect(outbound.allSatisfy { $0.adapter == .internal && $0.addressesKnown })
        #expect(!plan.firewallRules.contains { $0.port == 80 || $0.port == 8080 })
        #expect(Set(plan.firewallRules.map(\.name)).count == plan.firewallRules.count)
    }

    @Test("autodiscover over HTTP opens 80 inbound and 8080 outbound")
    func httpAutodiscover() {
        let plan = HostFixtures.plan(rules: HostFixtures.rules(httpAutodiscover: true))
        #expect(plan.firewallRules.filter { $0.direction == .inbound }.map(\.port) == [443, 80])
        let http = plan.firewallRules.filter { $0.direction == .outbound && $0.port == 8080 }
        #expect(http.map(\.destination) == ["192.168.10.20"])
        #expect(http.first?.reason.contains("§9 RP internal HTTP/TCP/8080") == true)
    }

    @Test("a rule that also bridges HTTP (httpForwardPort) opens that port outbound")
    func httpForwardPort() {
        var rules = HostFixtures.rules()
        rules[0].httpListenPort = 80
        rules[0].httpForwardPort = 8080
        let plan = HostFixtures.plan(rules: rules)
        #expect(plan.firewallRules.contains { $0.direction == .inbound && $0.port == 80 })
        #expect(plan.firewallRules.contains { $0.destination == "192.168.10.5" && $0.port == 8080 })
        #expect(!plan.firewallRules.contains { $0.destination == "192.168.10.20" && $0.port == 8080 })
    }

    @Test("Office Web Apps: outbound 443 (no 4443), and its own public listener address when it has one")
    func officeWebApps() {
        let owas = OfficeWebApps(
            fqdn: "officewebapps01.contoso.com", publishedExternally: true, externalAddress: "203.0.113.11")
        let plan = HostFixtures.plan(
            HostFixtures.topology(officeWebApps: owas), rules: HostFixtures.rules() + [HostFixtures.owasRule])
        let toOwas = plan.firewallRules.filter { $0.destination == "192.168.10.30" }
        #expect(toOwas.map(\.port) == [443])
        #expect(toOwas.first?.reason.contains("Office Web Apps") == true)
        let inbound = plan.firewallRules.filter { $0.direction == .inbound }
        #expect(inbound.map(\.destination) == ["203.0.113.10", "203.0.113.11"])
        #expect(inbound.last?.destinationNames == ["officewebapps01.contoso.com"])
        #expect(plan.externalAdapter.additionalAddresses == ["203.0.113.11"])
    }

    @Test("an unknown target address leaves the name as destination and marks the rule incomplete")
    func unknownDestination() {
        let plan = HostFixtures.plan(
            HostFixtures.topology(directorAddress: nil), rules: HostFixtures.rules(directorAddress: nil))
        let rule = plan.firewallRules.first { $0.destinationNames == ["dirpool01.contoso.net"] }
        #expect(rule?.destination == "dirpool01.contoso.net")
        #expect(rule?.addressesKnown == false)
    }
}

@Suite("Host plan: internal-side checks (lync-rules.md §6, IIS-VDIR)")
struct HostPlanCheckTests {
    @Test("one audit command per published pool, connecting to its internal address on 4443")
    func checks() {
        let plan = HostFixtures.plan()
        #expect(plan.checks.map(\.pool) == ["pool01.contoso.net", "dirpool01.contoso.net"])
        #expect(
            plan.checks.first?.command
                == "lynccert audit contoso.yaml --cert pool01.contoso.net/web-external --connect 192.168.10.5:4443 "
                + "--ca-file internal-root.pem")
    }

    @Test("without an address the internal web FQDN is used; the listening port follows the topology")
    func fqdnAndPort() {
        var topology = HostFixtures.topology(feAddress: nil)
        topology.pools[0].ports.httpsListen = 14443
        let plan = HostPlanner.plan(
            topology: topology, publishing: PublishingPlan(rules: [], findings: []), topologyFile: "my topology.yaml")
        #expect(plan.checks.first?.connect == "lsweb.contoso.net:14443")
        #expect(plan.checks.first?.command.hasPrefix("lynccert audit 'my topology.yaml' --cert") == true)
    }
}

@Suite("Subnet containment the host plan relies on (IPNetwork)")
struct HostPlanAddressTests {
    @Test(
        "contains",
        arguments: [
            ("192.168.10.0/24", "192.168.10.255", true), ("192.168.10.0/24", "192.168.11.0", false),
            ("10.0.0.0/8", "10.255.1.2", true), ("0.0.0.0/0", "203.0.113.9", true),
            ("172.16.0.0/12", "172.32.0.1", false), ("2001:db8::/32", "2001:db8:ffff::1", true),
            ("2001:db8::/32", "2001:db9::1", false), ("192.168.10.0/24", "::ffff:192.168.10.1", false),
        ])
    func contains(subnet: String, address: String, expected: Bool) throws {
        let network = try #require(IPNetwork(subnet, strict: true))
        #expect(network.contains(try #require(IPAddress(address))) == expected)
    }

    @Test("an adapter's subnet from its address and prefix length, and the netmask route ADD takes")
    func adapterSubnet() throws {
        let address = try #require(IPAddress("172.25.33.40"))
        let subnet = try #require(IPNetwork(address: address, prefixLength: 22))
        #expect(subnet.description == "172.25.32.0/22")
        #expect(subnet.netmask.description == "255.255.252.0")
        let plan = HostFixtures.plan(HostFixtures.topology(proxy: HostFixtures.proxy(internalPrefixLength: 22)))
        #expect(plan.internalAdapter.subnet == "172.25.32.0/22")
    }
}
