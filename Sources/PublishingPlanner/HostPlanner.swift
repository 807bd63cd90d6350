import LyncSupport
import TopologyModel

/// Derives the reverse proxy's own setup from a topology and its publishing plan. Pure.
///
/// What it reads (lync-rules.md §3, §9, §10):
/// - **Adapters**: the external adapter carries the listener address(es) and the only default
///   gateway; the internal adapter has an address and no gateway.
/// - **Routes**: the planner does not invent routes (it cannot know the next-hop router); it lists
///   the topology's `reverseProxy.internalRoutes`, says which targets each reaches, and flags every
///   target that no route reaches and that is not on the internal adapter's own subnet.
/// - **Internal names**: every rule target, with the address the topology knows for it. IIS ARR
///   uses the published name itself as its server farm's server address (RP-RULES step 2), so on
///   an ARR reverse proxy every published name must resolve to its target's internal address too;
///   those names are listed separately (`arrServerFarm`) and need no finding of their own.
/// - **Firewall**: inbound TCP from Any to each listener port the rules use (443, and 80 only when a
///   rule listens on it); outbound TCP from the internal adapter to each target on each forward
///   port (4443, 8080 when a rule bridges HTTP, 443 for Office Web Apps). Nothing else: §9 is the
///   complete list. A perimeter DNS server (port 53), if used instead of HOSTS, is not in the
///   topology and is left to the admin.
/// - **Checks**: per published pool, the `lynccert audit … --connect <internal>:4443` command that
///   proves the pool's external web site presents a certificate the reverse proxy accepts.
///
/// Reading chosen where the rules are silent: when the internal prefix length is unknown, a target
/// that no route reaches might still be on the adapter's own subnet, so `target-not-routed` is a
/// warning then, an error once the prefix length is known.
public enum HostPlanner {
    /// The CA file name the check commands use; the admin substitutes the internal root CA the
    /// reverse proxy trusts.
    public static let defaultCAFile = "internal-root.pem"

    /// - Parameters:
    ///   - topology: the validated topology.
    ///   - publishing: its publishing plan (`PublishingPlanning.plan`).
    ///   - topologyFile: the topology path to put in the check commands.
    public static func plan(
        topology: Topology, publishing: PublishingPlan, topologyFile: String = "topology.yaml"
    ) -> HostPlan {
        var findings: [Finding] = []
        let proxy = topology.reverseProxy
        let rules = publishing.rules

        // Adapters.
        let externalBytes = proxy.externalAddress.flatMap(IPAddress.init)
        let internalBytes = proxy.internalAddress.flatMap(IPAddress.init)
        let externalSubnet = externalBytes.flatMap { address in
            proxy.externalPrefixLength.flatMap { IPNetwork(address: address, prefixLength: $0) }
        }
        let internalSubnet = internalBytes.flatMap { address in
            proxy.internalPrefixLength.flatMap { IPNetwork(address: address, prefixLength: $0) }
        }
        var additional: [String] = []
        if let owas = topology.officeWebApps, owas.publishedExternally, let own = owas.externalAddress.map(canonical),
            own != proxy.externalAddress.map(canonical)
        {
            additional.append(own)
        }
        var externalNotes = [
            "listener address for every published name; the only adapter with a default gateway (§3, RP-NIC)"
        ]
        if !additional.isEmpty {
            externalNotes.append(
                "also carries \(additional.joined(separator: ", ")): the Office Web Apps listener has its own public address"
            )
        }
        let externalAdapter = HostAdapter(
            side: .external, address: proxy.externalAddress.map(canonical), additionalAddresses: additional,
            prefixLength: proxy.externalPrefixLength, subnet: externalSubnet?.description,
            gateway: proxy.externalGateway.map(canonical), notes: externalNotes)
        let internalAdapter = HostAdapter(
            side: .internal, address: proxy.internalAddress.map(canonical), prefixLength: proxy.internalPrefixLength,
            subnet: internalSubnet?.description, gateway: proxy.internalGateway.map(canonical),
            notes: [
                "no default gateway: internal subnets are reached through persistent static routes (§3, RP-NIC)",
                "register no DNS servers of the internal network: resolve internal names through HOSTS or a perimeter DNS (§3)",
            ])
        var gatewayOn: [AdapterSide] = []
        if proxy.externalGateway != nil { gatewayOn.append(.external) }
        if proxy.internalGateway != nil { gatewayOn.append(.internal) }

        if let gateway = proxy.internalGateway {
            findings.append(
                Finding(
                    .gatewayOnInternalAdapter,
                    message:
                        "the internal adapter has a default gateway (\(gateway)): only the external adapter may have "
                        + "one; remove it and add persistent routes to the internal subnets instead (§3, RP-NIC)"
                        + (proxy.externalGateway != nil
                            ? " — with two default gateways Windows sends Internet replies out of the wrong adapter"
                            : ""),
                    path: "reverseProxy.internalGateway"))
        }

        if let externalBytes, let internalBytes,
            externalSubnet?.contains(internalBytes) == true || internalSubnet?.contains(externalBytes) == true
        {
            let subnet = (externalSubnet?.contains(internalBytes) == true ? externalSubnet : internalSubnet)!
            findings.append(
                Finding(
                    .adaptersSameSubnet,
                    message:
                        "the external address \(canonical(proxy.externalAddress!)) and the internal address "
                        + "\(canonical(proxy.internalAddress!)) are both in \(subnet): the two adapters must be on "
                        + "separate networks, the perimeter's outside and inside (§3, RP-NIC)",
                    path: "reverseProxy.internalAddress"))
        }

        let hasRules = !rules.isEmpty
        if hasRules && proxy.internalAddress == nil {
            findings.append(
                Finding(
                    .internalAdapterUnknown,
                    message:
                        "reverseProxy.internalAddress is not set: the reverse proxy needs an internal adapter (no "
                        + "gateway) to reach the published servers; give it (and internalPrefixLength, internalRoutes) "
                        + "to check routes and fill in the firewall rules (§3, RP-NIC)",
                    path: "reverseProxy.internalAddress"))
        } else if hasRules && proxy.internalPrefixLength == nil {
            findings.append(
                Finding(
                    .internalPrefixUnknown,
                    message:
                        "reverseProxy.internalPrefixLength is not set: whether a target or a route's next hop is on "
                        + "the internal adapter's own subnet cannot be checked",
                    path: "reverseProxy.internalPrefixLength"))
        }

        // Internal names: every rule target, then the ARR server-farm names.
        var names: [InternalName] = []
        var targetIndex: [String: Int] = [:]
        var namesOfTarget: [String: Set<String>] = [:]  // public names already listed per target
        for rule in rules {
            let target = Hostname.normalized(rule.target)
            let publicNames = rule.publicNames.map(Hostname.normalized)
            if let index = targetIndex[target] {
                if !names[index].rules.contains(rule.name) { names[index].rules.append(rule.name) }
                for n in publicNames where namesOfTarget[target, default: []].insert(n).inserted {
                    names[index].publicNames.append(n)
                }
                continue
            }
            let lookup = address(of: target, rule: rule, topology: topology)
            targetIndex[target] = names.count
            namesOfTarget[target] = Set(publicNames)
            names.append(
                InternalName(
                    name: target, address: lookup.address, use: .target, rules: [rule.name], publicNames: publicNames,
                    reason: "", addressSource: lookup.address == nil ? lookup.source : nil))
        }
        for index in names.indices {
            names[index].reason =
                "internal site of the rule\(names[index].rules.count > 1 ? "s" : "") for "
                + "\(names[index].publicNames.joined(separator: ", ")): the reverse proxy resolves it without the "
                + "internal DNS (§3, §10)"
        }
        var seenNames = Set(names.map(\.name))
        for rule in rules {
            let target = Hostname.normalized(rule.target)
            for publicName in rule.publicNames.map(Hostname.normalized) where seenNames.insert(publicName).inserted {
                let targetName = targetIndex[target].map { names[$0] }
                names.append(
                    InternalName(
                        name: publicName, address: targetName?.address, use: .arrServerFarm, rules: [rule.name],
                        publicNames: [publicName], resolvesLike: target,
                        reason:
                            "IIS ARR only: the server farm \(publicName) uses the published name as its server address, "
                            + "so the reverse proxy must resolve it to \(target)'s internal address, not to itself (RP-RULES)",
                        addressSource: targetName?.addressSource))
            }
        }
        for name in names where name.use == .target && name.address == nil {
            findings.append(
                Finding(
                    .internalAddressUnknown,
                    message:
                        "the reverse proxy must resolve \(name.name) (target of \(name.rules.joined(separator: ", "))) "
                        + "but the topology has no address for it: add it to the topology (\(name.addressSource ?? "an address field")) "
                        + "or give the reverse proxy a HOSTS entry or a perimeter DNS record — never the internal DNS (§3, §10)",
                    path: name.addressSource))
        }

        // Routes.
        var routes: [HostRoute] = []
        var parsedRoutes: [IPNetwork] = []
        for (index, route) in proxy.internalRoutes.enumerated() {
            let path = "reverseProxy.internalRoutes[\(index)]"
            guard route.subnet.contains("/"), let subnet = IPNetwork(route.subnet, strict: true),
                let via = IPAddress(route.via), via.family == subnet.family
            else {
                findings.append(
                    Finding(
                        .routeInvalid,
                        message:
                            "route \(route.subnet) via \(route.via) is not a valid subnet (address/prefix) with a "
                            + "next hop of the same address family", path: path))
                continue
            }
            parsedRoutes.append(subnet)
            let reaches = names.filter { $0.use == .target }.filter { name in
                name.address.flatMap(IPAddress.init).map(subnet.contains) ?? false
            }.map(\.name)
            let viaText = via.description
            let externalSide: String? =
                if proxy.externalGateway.map(canonical) == viaText {
                    "the external adapter's default gateway"
                } else if proxy.externalAddress.map(canonical) == viaText {
                    "the reverse proxy's own external address"
                } else if let externalSubnet, externalSubnet.contains(via) {
                    "on the external adapter's subnet \(externalSubnet)"
                } else {
                    nil
                }
            var routeFindings: [Finding] = []
            if let externalSide {
                routeFindings.append(
                    Finding(
                        .routeViaNotInternal,
                        message:
                            "route \(subnet) goes via \(viaText), \(externalSide): internal subnets are reached through "
                            + "a router on the internal adapter's network, never the external side (§3, RP-NIC)",
                        path: path + ".via"))
            } else if let internalSubnet, !internalSubnet.contains(via) {
                routeFindings.append(
                    Finding(
                        .routeNextHopOffSubnet,
                        message:
                            "route \(subnet) goes via \(viaText), which is not on the internal adapter's subnet "
                            + "\(internalSubnet): a next hop must be directly reachable from that adapter (§3, RP-NIC)",
                        path: path + ".via"))
            }
            findings += routeFindings
            routes.append(
                HostRoute(
                    subnet: subnet.description, network: subnet.address.description,
                    prefixLength: subnet.prefixLength,
                    netmask: subnet.family == .v4 ? subnet.netmask.description : nil,
                    via: viaText, isIPv6: subnet.family == .v6, reaches: reaches,
                    warnings: routeFindings.map { "\($0.code): \($0.message)" }))
        }

        // Targets no route reaches.
        if proxy.internalAddress != nil {
            for name in names where name.use == .target {
                guard let text = name.address, let bytes = IPAddress(text) else { continue }
                if parsedRoutes.contains(where: { $0.contains(bytes) }) { continue }
                if let internalSubnet, internalSubnet.contains(bytes) { continue }
                let known = internalSubnet != nil
                findings.append(
                    Finding(
                        known ? .targetNotRouted : .targetRouteUnknown,
                        message:
                            "\(name.name) (\(text), target of \(name.rules.joined(separator: ", "))) is in no routed "
                            + "subnet"
                            + (known
                                ? " and not on the internal adapter's subnet \(internalSubnet!)"
                                : " (and the internal adapter's subnet is unknown, so it may or may not be on-link)")
                            + ": add a persistent route to its subnet through the internal router, or the reverse proxy "
                            + "sends its traffic to the external gateway (§3, RP-NIC)",
                        path: "reverseProxy.internalRoutes"))
            }
        }

        let firewall = firewallRules(rules: rules, names: names, topology: topology)
        let checks = checkCommands(topology: topology, topologyFile: topologyFile)
        return HostPlan(
            externalAdapter: externalAdapter, internalAdapter: internalAdapter, defaultGatewayOn: gatewayOn,
            routes: routes, internalNames: names, firewallRules: firewall, checks: checks, findings: findings)
    }

    // MARK: Firewall (lync-rules.md §9)

    static func firewallRules(rules: [PublishingRule], names: [InternalName], topology: Topology) -> [FirewallRule] {
        let proxy = topology.reverseProxy
        var result: [FirewallRule] = []

        // Inbound: Any → listener, per (listener address, port).
        var inbound: [(address: String?, port: Int, http: Bool, names: [String], seen: Set<String>)] = []
        func addInbound(_ address: String?, _ port: Int, http: Bool, _ publicNames: [String]) {
            if let i = inbound.firstIndex(where: { $0.address == address && $0.port == port }) {
                for n in publicNames where inbound[i].seen.insert(n).inserted { inbound[i].names.append(n) }
            } else {
                var seen = Set<String>()
                inbound.append((address, port, http, publicNames.filter { seen.insert($0).inserted }, seen))
            }
        }
        for rule in rules {
            var listener = proxy.externalAddress.map(canonical)
            if rule.kind == .officeWebApps, let own = topology.officeWebApps?.externalAddress {
                listener = canonical(own)
            }
            let publicNames = rule.publicNames.map(Hostname.normalized)
            addInbound(listener, rule.listenPort, http: rule.protocol == "http", publicNames)
            if let http = rule.httpListenPort { addInbound(listener, http, http: true, publicNames) }
        }
        for entry in inbound {
            let https = !entry.http
            let reason =
                https
                ? "§9 RP external HTTPS/TCP/\(entry.port): Any → RP listener (address book, autodiscover, meetings, "
                    + "dial-in, device updates, Office Web Apps)"
                : "§9 RP external HTTP/TCP/\(entry.port) (optional): Any → RP listener; a rule listens on it "
                    + "(autodiscover over HTTP, or redirect to HTTPS)"
            result.append(
                FirewallRule(
                    name: "Lync reverse proxy \(https ? "HTTPS" : "HTTP") \(entry.port) in"
                        + (entry.address.map { " (\($0))" } ?? ""),
                    direction: .inbound, adapter: .external, source: "Any",
                    destination: entry.address ?? "reverse proxy external address",
                    destinationNames: entry.names, port: entry.port, addressesKnown: entry.address != nil,
                    reason: reason))
        }

        // Outbound: internal adapter → target, per (target, port).
        var outbound: [(target: String, port: Int, http: Bool, owas: Bool)] = []
        for rule in rules {
            let target = Hostname.normalized(rule.target)
            var ports = [(rule.forwardPort, rule.protocol == "http")]
            if let http = rule.httpForwardPort { ports.append((http, true)) }
            for (port, http) in ports where !outbound.contains(where: { $0.target == target && $0.port == port }) {
                outbound.append((target, port, http, rule.kind == .officeWebApps))
            }
        }
        let source = proxy.internalAddress.map(canonical)
        for entry in outbound {
            let address = names.first { $0.name == entry.target && $0.use == .target }?.address
            let reason: String
            if entry.owas {
                reason =
                    "§9 RP internal HTTPS/TCP/\(entry.port): RP internal NIC → Office Web Apps Server (published 443 to 443, no 4443 bridging)"
            } else if entry.http {
                reason =
                    "§9 RP internal HTTP/TCP/\(entry.port) (optional): RP internal NIC → pool; published HTTP bridged to \(entry.port) (autodiscover over HTTP)"
            } else {
                reason =
                    "§9 RP internal HTTPS/TCP/\(entry.port): RP internal NIC → Front End / Director (pool VIP); 443 bridged to \(entry.port) so the pool tells external from internal traffic"
            }
            result.append(
                FirewallRule(
                    name: "Lync reverse proxy to \(entry.target) \(entry.http ? "HTTP" : "HTTPS") \(entry.port) out",
                    direction: .outbound, adapter: .internal, source: source ?? "reverse proxy internal address",
                    destination: address ?? entry.target, destinationNames: [entry.target], port: entry.port,
                    addressesKnown: address != nil && source != nil, reason: reason))
        }
        return result
    }

    // MARK: Checks

    static func checkCommands(topology: Topology, topologyFile: String) -> [HostCheck] {
        topology.pools.compactMap { pool in
            guard let external = pool.externalWebFqdn.map(Hostname.normalized) else { return nil }
            let fqdn = Hostname.normalized(pool.fqdn)
            let host = pool.internalWebAddress.map(canonical) ?? Hostname.normalized(pool.effectiveInternalWebFqdn)
            let connect = (host.contains(":") ? "[\(host)]" : host) + ":\(pool.ports.httpsListen)"
            let id = "\(fqdn)/web-external"
            return HostCheck(
                pool: fqdn, certificateId: id, connect: connect,
                command:
                    "lynccert audit \(shellWord(topologyFile)) --cert \(id) --connect \(connect) --ca-file \(defaultCAFile)",
                reason:
                    "the pool's External Web Site (port \(pool.ports.httpsListen)) must present a certificate covering "
                    + "\(external) that chains to the CA the reverse proxy trusts (§6, IIS-VDIR)")
        }
    }

    // MARK: Helpers

    /// The address the topology knows for `target`, or the field that would give it.
    static func address(of target: String, rule: PublishingRule, topology: Topology) -> (
        address: String?, source: String?
    ) {
        if let known = rule.targetAddress { return (canonical(known), nil) }
        if let owas = topology.officeWebApps, Hostname.normalized(owas.fqdn) == target {
            return (owas.internalAddress.map(canonical), "officeWebApps.internalAddress")
        }
        let index =
            topology.pools.firstIndex { Hostname.normalized($0.effectiveInternalWebFqdn) == target }
            ?? topology.pools.firstIndex { Hostname.normalized($0.fqdn) == target }
        if let index {
            return (topology.pools[index].internalWebAddress.map(canonical), "pools[\(index)].internalWebAddress")
        }
        return (nil, nil)
    }

    /// Presentation form of an address (unchanged when it does not parse).
    static func canonical(_ text: String) -> String {
        IPAddress(text)?.description ?? text
    }

    /// A path as one POSIX shell word (single-quoted only when needed).
    static func shellWord(_ text: String) -> String {
        let plain = text.allSatisfy { $0.isLetter || $0.isNumber || "-_./:@+,=".contains($0) }
        if plain && !text.isEmpty { return text }
        return "'" + text.map { $0 == "'" ? "'\\''" : String($0) }.joined() + "'"
    }
}
