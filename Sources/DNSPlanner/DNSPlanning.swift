import LyncSupport
import TopologyModel

/// Derives the DNS plan from a topology (lync-rules.md §7, §8). Pure: values in, values out.
///
/// Records come out in a fixed order so text, JSON, zone files and checks are stable:
///
/// - **external view**
///   1. reverse-proxy names (§8.1): each pool's external web FQDN in topology order, the Meet
///      hosts in topology order, the Dial-in host, Office Web Apps (when published);
///   2. autodiscover (§8.2): `lyncdiscover.<sipdomain>` per SIP domain, in topology order;
///   3. Edge (§8.4): per Edge pool its Access, Web Conferencing and A/V A records (one per
///      address); then per SIP domain `sip.<d>`, then `_sip._tls.<d>`, then (with federation)
///      `_sipfederationtls._tcp.<d>`; then XMPP (`xmpp.<default SIP domain>` and
///      `_xmpp-server._tcp.<d>` per SIP domain).
/// - **internal view**
///   1. autodiscover (§8.2): `lyncdiscoverinternal.<sipdomain>` per SIP domain;
///   2. automatic sign-in (§8.3): `sip.<sipdomain>`, then `_sipinternaltls._tcp.<sipdomain>`, per
///      SIP domain;
///   3. pools (§8.5): per pool its pool FQDN, then its internal web FQDN when it differs;
///   4. simple URLs (§7): Meet hosts, Dial-in, Admin;
///   5. Office Web Apps (when in the topology);
///   6. external web FQDNs (§8.5, mobility), those without an internal record yet;
///   7. Edge internal interface (§8.4): one A per internal address, per Edge pool.
///
/// Identical records (same view, type, name and value: `lync.contoso.com` for both Meet and
/// Dial-in) are merged into one, keeping the first position and joining the purposes.
///
/// Readings of ambiguous rules (also in docs/ambiguous-rules.md):
/// - `lyncdiscoverinternal.<d>` is always an A/AAAA record to the internal web address of the
///   first Director, else the first Front End/Standard Edition pool. Microsoft allows a CNAME to
///   the internal web FQDN too, but that FQDN is usually in another domain (`contoso.net`), and
///   mobile clients do not follow a CNAME across domains over HTTPS; an A record avoids it. When
///   the address is not in the topology the record is planned with `addressNeeded`.
/// - Sign-in and federation SRV records point inside their own SIP domain (Determine DNS
///   requirements, Gg398758: an SRV "must point to a DNS A record in the same domain"): the
///   Access Edge FQDN / pool FQDN when it lies in the domain, else the planned `sip.<d>`. The
///   plan never raises `srv-target-other-domain` about its own choice; only a topology that
///   already uses `sip.<d>` for another service leaves no name in the domain.
/// - `sip.<d>` (external) is planned for every SIP domain whose `sip.<d>` is not an Access Edge
///   FQDN: §8.4 says "repeat per SIP domain", and the Edge certificate carries `sip.<d>` for every
///   SIP domain. A SIP domain is served by the Edge pool whose Access Edge FQDN is `sip.<d>`, else
///   lies in `<d>`, else by the first Edge pool (`routeEdgeIndex`).
/// - `sip.<d>` (internal) is an A record to the sign-in pool (DNS summary - Single Director,
///   JJ205021), the pool whose Default certificate carries `sip.<d>`.
/// - External web FQDNs get internal records: a Director's to the Director (JJ205021), a Front
///   End pool's to the reverse proxy (mobility hairpin, Hh690030).
/// - XMPP: one `xmpp.<default SIP domain>` A record (the name on the Edge certificate) and an
///   `_xmpp-server._tcp.<d>` SRV per SIP domain pointing at it.
/// - Internal `ucupdates-r2.<d>` and `_ntp._udp` (§8.3, for Lync Phone Edition) and the
///   member-server A records are not planned: the topology does not say whether such devices
///   exist, and server records are registered by Windows itself.
public enum DNSPlanning {
    public static func plan(_ topology: Topology) -> DNSPlan { plan(topology, view: nil) }

    /// The plan of one view: its records, and only the findings about them (an export of the
    /// external view says nothing about internal records). `nil`: both views, as `plan(_:)`.
    public static func plan(_ topology: Topology, view: DNSView?) -> DNSPlan {
        var builder = DNSPlanBuilder(topology)
        builder.planExternal()
        builder.planInternal()
        return builder.finish(view: view)
    }
}

/// A planned record and where its value comes from in the topology (for findings).
struct SourcedRecord {
    var record: DNSRecord
    /// Topology field the value comes from (set even when the value is known).
    var valuePath: String?
    /// For a sign-in SRV the plan could not point inside its own domain: the record the admin must add.
    var fix: String? = nil
}

/// The first pool or Meet URL that uses each name, in topology order (what a scan from the
/// start would find first).
struct NameOwners {
    /// Normalized external web FQDN → pool index.
    var externalWeb: [String: Int] = [:]
    /// Meet URL host → index in `simpleUrls.meet`.
    var meet: [String: Int] = [:]
    /// Normalized pool FQDN or internal web FQDN → pool index, and whether it is the FQDN (a
    /// pool's FQDN is looked at before its internal web FQDN, as a scan would).
    var internalPool: [String: (Int, Bool)] = [:]

    init(_ topology: Topology) {
        for (i, pool) in topology.pools.enumerated() {
            if let web = pool.externalWebFqdn, externalWeb[Hostname.normalized(web)] == nil {
                externalWeb[Hostname.normalized(web)] = i
            }
            let fqdn = Hostname.normalized(pool.fqdn)
            if internalPool[fqdn] == nil { internalPool[fqdn] = (i, true) }
            let web = Hostname.normalized(pool.effectiveInternalWebFqdn)
            if internalPool[web] == nil { internalPool[web] = (i, false) }
        }
        for (i, entry) in topology.simpleUrls.meet.enumerated() {
            if let host = SimpleUrlHost.host(of: entry.url), meet[host] == nil { meet[host] = i }
        }
    }
}

/// Collects records in plan order, then merges duplicates and derives findings.
struct DNSPlanBuilder {
    let topology: Topology
    let sipDomains: [String]
    var records: [SourcedRecord] = []
    /// Findings about how the topology's names were read (a name taken by another field).
    /// Findings about the plan's readings of the topology, each with the view it is about.
    var readings: [(view: DNSView, finding: Finding)] = []
    /// SIP domains whose internal `sip.<d>` another field already uses, with that field.
    var internalSipTaken: [String: String] = [:]

    /// Where each name first appears among the pools' and Meet URLs' names, found once:
    /// `externalOwner` and `internalOwner` run for every SIP domain, and scanning every Meet URL
    /// for each domain made the plan quadratic (500 domains with a Meet URL each: most of a 2 s plan).
    let owners: NameOwners

    init(_ topology: Topology) {
        self.topology = topology
        var seen = Set<String>()
        sipDomains = topology.sipDomains.map(Hostname.normalized).filter { seen.insert($0).inserted }
        owners = NameOwners(topology)
    }

    // MARK: - Pools

    /// Indices of Directors, and of Front End pools / Standard Edition servers, in topology order.
    var directorIndices: [Int] { topology.pools.indices.filter { topology.pools[$0].role == .director } }
    var userPoolIndices: [Int] { topology.pools.indices.filter { topology.pools[$0].role != .director } }

    /// The pool that answers sign-in, simple URLs and autodiscover: the first Director, else the
    /// first Front End pool / Standard Edition server (lync-rules.md §7, §8.2, §8.3).
    var entryPoolIndex: Int? { directorIndices.first ?? userPoolIndices.first }

    /// The pool whose external web FQDN a `lyncdiscover` CNAME targets: the first Director with an
    /// external web FQDN, else the first Front End/SE pool with one.
    var externalWebTargetIndex: Int? {
        directorIndices.first { topology.pools[$0].externalWebFqdn != nil }
            ?? userPoolIndices.first { topology.pools[$0].externalWebFqdn != nil }
    }

    static func roleText(_ role: PoolRole) -> String {
        switch role {
        case .frontEnd: "Front End pool"
        case .standardEdition: "Standard Edition server"
        case .director: "Director"
        }
    }

    // MARK: - Adding records

    /// An A or AAAA record for `address`; with no address, an A record marked `addressNeeded`.
    mutating func addAddress(
        _ view: DNSView, name: String, address: String?, path: String, purpose: String, rule: String
    ) {
        let owner = Hostname.normalized(name)
        guard let address else {
            records.append(
                SourcedRecord(
                    record: DNSRecord(
                        view: view, type: .A, name: owner, value: nil, purpose: purpose, rule: rule,
                        addressNeeded: true, path: path),
                    valuePath: path))
            return
        }
        let trimmed = address.trimmingSpaces
        if let ip = IPAddress(trimmed) {
            records.append(
                SourcedRecord(
                    record: DNSRecord(
                        view: view, type: ip.family == .v6 ? .AAAA : .A, name: owner, value: ip.description,
                        purpose: purpose, rule: rule),
                    valuePath: path))
        } else {
            // Kept as written so the finding can quote it; never replaced by a guess.
            records.append(
                SourcedRecord(
                    record: DNSRecord(view: view, type: .A, name: owner, value: trimmed, purpose: purpose, rule: rule),
                    valuePath: path))
        }
    }

    /// One A/AAAA record per address (DNS load balancing); a needed-address record when empty.
    /// `scalar`: the field may hold a single address written without a list, whose path then
    /// has no index (`edgePools[0].externalAddresses.access`).
    /// The Meet hosts and the Dial-in host in `view`, all at `address` (§7).
    mutating func addSimpleUrlHosts(
        _ view: DNSView, address: String?, path: String, purposeSuffix: String, rule: String
    ) {
        for meet in topology.simpleUrls.meet {
            guard let host = SimpleUrlHost.host(of: meet.url) else { continue }
            addAddress(
                view, name: host, address: address, path: path,
                purpose: "Meet simple URL for \(Hostname.normalized(meet.domain))\(purposeSuffix)", rule: rule)
        }
        if let host = SimpleUrlHost.host(of: topology.simpleUrls.dialin) {
            addAddress(
                view, name: host, address: address, path: path, purpose: "Dial-in simple URL\(purposeSuffix)",
                rule: rule)
        }
    }

    mutating func addAddresses(
        _ view: DNSView, name: String, addresses: [String], path: String, purpose: String, rule: String,
        scalar: Bool = false
    ) {
        if addresses.isEmpty {
            addAddress(view, name: name, address: nil, path: path, purpose: purpose, rule: rule)
        }
        for (i, address) in addresses.enumerated() {
            let itemPath = scalar && addresses.count == 1 ? path : "\(path)[\(i)]"
            addAddress(view, name: name, address: address, path: itemPath, purpose: purpose, rule: rule)
        }
    }

    mutating func addCNAME(
        _ view: DNSView, name: String, target: String?, path: String, purpose: String, rule: String
    ) {
        records.append(
            SourcedRecord(
                record: DNSRecord(
                    view: view, type: .CNAME, name: Hostname.normalized(name), value: target.map(Hostname.normalized),
                    purpose: purpose, rule: rule, addressNeeded: target == nil, path: target == nil ? path : nil),
                valuePath: path))
    }

    mutating func addSRV(
        _ view: DNSView, name: String, target: String, port: Int, path: String, purpose: String, rule: String,
        fix: String? = nil
    ) {
        records.append(
            SourcedRecord(
                record: DNSRecord(
                    view: view, type: .SRV, name: Hostname.normalized(name), value: Hostname.normalized(target),
                    port: port, priority: 0, weight: 0, purpose: purpose, rule: rule),
                valuePath: path, fix: fix))
    }

    // MARK: - Names the topology already uses

    /// Who else claims `name` in external DNS: an external web FQDN, a Meet or Dial-in host, the
    /// published Office Web Apps FQDN, or an Edge service FQDN other than an Access Edge FQDN.
    /// `nil` when the name is free for the plan's own `sip.<d>`.
    func externalOwner(of name: String) -> String? {
        if let i = owners.externalWeb[name] { return "pools[\(i)].externalWebFqdn" }
        if let i = owners.meet[name] { return "simpleUrls.meet[\(i)].url" }
        if SimpleUrlHost.host(of: topology.simpleUrls.dialin) == name { return "simpleUrls.dialin" }
        if let owas = topology.officeWebApps, owas.publishedExternally, Hostname.normalized(owas.fqdn) == name {
            return "officeWebApps.fqdn"
        }
        for (i, edge) in topology.edgePools.enumerated() where Hostname.normalized(edge.accessEdgeFqdn) != name {
            if Hostname.normalized(edge.webConferencingFqdn) == name { return "edgePools[\(i)].webConferencingFqdn" }
            if Hostname.normalized(edge.avFqdn) == name { return "edgePools[\(i)].avFqdn" }
        }
        return nil
    }

    /// Who else claims `name` in internal DNS, and whether that record already leads to the entry
    /// pool (then the plan's internal `sip.<d>` is simply that record).
    func internalOwner(of name: String) -> (path: String, toEntry: Bool)? {
        let entry = entryPoolIndex
        if let (i, isFqdn) = owners.internalPool[name] {
            return (isFqdn ? "pools[\(i)].fqdn" : "pools[\(i)].internalWebFqdn", i == entry)
        }
        // Simple URL hosts already point at the entry pool internally (§7).
        if let i = owners.meet[name] { return ("simpleUrls.meet[\(i)].url", true) }
        if SimpleUrlHost.host(of: topology.simpleUrls.dialin) == name { return ("simpleUrls.dialin", true) }
        if let admin = topology.simpleUrls.admin, SimpleUrlHost.host(of: admin) == name {
            return ("simpleUrls.admin", true)
        }
        if let owas = topology.officeWebApps, Hostname.normalized(owas.fqdn) == name {
            return ("officeWebApps.fqdn", false)
        }
        for (i, edge) in topology.edgePools.enumerated() where Hostname.normalized(edge.fqdn) == name {
            return ("edgePools[\(i)].fqdn", false)
        }
        // External web FQDNs get internal records too: a Director's to itself, a pool's to the
        // reverse proxy (`planInternalExternalWebNames`).
        if let i = owners.externalWeb[name] {
            return ("pools[\(i)].externalWebFqdn", topology.pools[i].role == .director && i == entry)
        }
        return nil
    }

    // MARK: - External view

    mutating func planExternal() {
        let rp = topology.reverseProxy.externalAddress
        let rpPath = "reverseProxy.externalAddress"

        // §8.1: every published web name points at the reverse proxy's listener.
        for pool in topology.pools {
            guard let ext = pool.externalWebFqdn else { continue }
            addAddress(
                .external, name: ext, address: rp, path: rpPath,
                purpose:
                    "\(Self.roleText(pool.role)) \(Hostname.normalized(pool.fqdn)) external web services (reverse proxy)",
                rule: "§8.1")
        }
        addSimpleUrlHosts(.external, address: rp, path: rpPath, purposeSuffix: " (reverse proxy)", rule: "§8.1, §7")
        if let owas = topology.officeWebApps, owas.publishedExternally {
            let own = owas.externalAddress
            addAddress(
                .external, name: owas.fqdn, address: own ?? rp,
                path: own != nil ? "officeWebApps.externalAddress" : rpPath,
                purpose: "Office Web Apps Server (reverse-proxy listener)", rule: "§8.1")
        }

        // §8.2: external autodiscover, one per SIP domain.
        for domain in sipDomains {
            let name = "lyncdiscover." + domain
            let purpose = "external autodiscover for SIP domain \(domain) (mobile clients, Lync Web App)"
            switch topology.reverseProxy.lyncdiscoverRecord {
            case .a:
                addAddress(.external, name: name, address: rp, path: rpPath, purpose: purpose, rule: "§8.2")
            case .cname:
                let index = externalWebTargetIndex
                addCNAME(
                    .external, name: name, target: index.flatMap { topology.pools[$0].externalWebFqdn },
                    path: index.map { "pools[\($0)].externalWebFqdn" } ?? "pools",
                    purpose: purpose, rule: "§8.2")
            }
        }

        // §8.4: Edge external interfaces.
        for (i, edge) in topology.edgePools.enumerated() {
            let base = "edgePools[\(i)].externalAddresses"
            let fqdn = Hostname.normalized(edge.fqdn)
            addAddresses(
                .external, name: edge.accessEdgeFqdn, addresses: edge.externalAddresses.access, path: "\(base).access",
                purpose: "Access Edge of \(fqdn)", rule: "§8.4", scalar: true)
            addAddresses(
                .external, name: edge.webConferencingFqdn, addresses: edge.externalAddresses.webConferencing,
                path: "\(base).webConferencing", purpose: "Web Conferencing Edge of \(fqdn)", rule: "§8.4", scalar: true
            )
            addAddresses(
                .external, name: edge.avFqdn, addresses: edge.externalAddresses.av, path: "\(base).av",
                purpose: "A/V Edge of \(fqdn)", rule: "§8.4", scalar: true)
        }
        guard !topology.edgePools.isEmpty else { return }
        // In three passes so the records keep their grouped order: sip.<d>, _sip._tls, federation.
        let routes = sipDomains.map { planEdgeSipName(for: $0) }
        for route in routes { planSignInSRV(route) }
        for route in routes { planFederationSRV(route) }
        if let (xi, xmppEdge) = topology.edgePools.enumerated().first(where: { $0.element.xmpp }),
            let defaultDomain = sipDomains.first
        {
            let xmppHost = "xmpp." + defaultDomain
            addAddresses(
                .external, name: xmppHost, addresses: xmppEdge.externalAddresses.access,
                path: "edgePools[\(xi)].externalAddresses.access", purpose: "XMPP federation (Access Edge)",
                rule: "§8.4", scalar: true)
            for domain in sipDomains {
                addSRV(
                    .external, name: "_xmpp-server._tcp." + domain, target: xmppHost, port: 5269,
                    path: "edgePools[\(xi)].xmpp", purpose: "XMPP federation for \(domain)", rule: "§8.4")
            }
        }
    }

    /// The Edge pool that serves SIP domain `domain`: the first whose Access Edge FQDN is
    /// `sip.<domain>`, else the first whose Access Edge FQDN lies in `domain`, else the first.
    func routeEdgeIndex(for domain: String) -> Int {
        let edges = topology.edgePools
        let access = edges.map { Hostname.normalized($0.accessEdgeFqdn) }
        return access.firstIndex(of: "sip." + domain)
            ?? access.firstIndex { Hostname.isWithin($0, domain: domain) } ?? 0
    }

    /// How one SIP domain reaches its Edge pool (§8.4).
    struct EdgeRoute {
        var domain: String
        var index: Int
        /// Whether `sip.<d>` leads to this Edge pool's Access Edge (its own name, or planned so).
        var sipReachesAccess: Bool
        /// The field that already uses `sip.<d>`, when the plan could not claim it.
        var takenBy: String?
    }

    /// §8.4: the external `sip.<d>` A record to the Access Edge of the SIP domain's Edge pool,
    /// unless `sip.<d>` is that Access Edge FQDN already or another field of the topology uses it.
    mutating func planEdgeSipName(for domain: String) -> EdgeRoute {
        let index = routeEdgeIndex(for: domain)
        let edge = topology.edgePools[index]
        let sipName = "sip." + domain
        var route = EdgeRoute(
            domain: domain, index: index, sipReachesAccess: Hostname.normalized(edge.accessEdgeFqdn) == sipName)
        if index != 0 {
            let access = Hostname.normalized(edge.accessEdgeFqdn)
            let why = route.sipReachesAccess ? "is \(sipName)" : "lies in \(domain)"
            readings.append(
                (
                    .external,
                    Finding(
                        .edgePoolForSipDomain,
                        message:
                            "SIP domain \(domain) is served by edgePools[\(index)] (\(Hostname.normalized(edge.fqdn))): its "
                            + "Access Edge FQDN \(access) \(why), so \(sipName) and the SIP domain's SRV records lead there, "
                            + "not to the first Edge pool (\(Hostname.normalized(topology.edgePools[0].fqdn)))",
                        path: "edgePools[\(index)].accessEdgeFqdn")
                ))
        }
        guard !route.sipReachesAccess else { return route }
        if let owner = externalOwner(of: sipName) {
            route.takenBy = owner
        } else {
            addAddresses(
                .external, name: sipName, addresses: edge.externalAddresses.access,
                path: "edgePools[\(index)].externalAddresses.access",
                purpose: "Access Edge for SIP domain \(domain) (client fallback lookup)", rule: "§8.4", scalar: true)
            route.sipReachesAccess = true
        }
        return route
    }

    /// §8.4 `_sip._tls.<d>`. An SRV "must point to a DNS A record in the same domain" (Determine
    /// DNS requirements, Gg398758): the target is the Access Edge FQDN when it lies in `d`, else
    /// `sip.<d>` (an A record to the Access Edge, and on the Edge certificate). Only when another
    /// field already uses `sip.<d>` does no name in `d` exist; the finding then says what to add.
    mutating func planSignInSRV(_ route: EdgeRoute) {
        let domain = route.domain
        let access = Hostname.normalized(topology.edgePools[route.index].accessEdgeFqdn)
        let sipName = "sip." + domain
        let target: String
        var fix: String? = nil
        if Hostname.isWithin(access, domain: domain) {
            target = access
        } else if route.sipReachesAccess {
            target = sipName
        } else {
            target = access
            fix =
                "\(sipName) is already \(route.takenBy ?? "used") in the topology, so no name in \(domain) leads to "
                + "the Access Edge: add an external A record for another name in \(domain) (and on the Edge "
                + "certificate) with the address of edgePools[\(route.index)].externalAddresses.access, or give "
                + "\(route.takenBy ?? "that field") another name"
        }
        if let takenBy = route.takenBy, fix == nil {
            readings.append(
                (
                    .external,
                    Finding(
                        .sipNameTaken,
                        message:
                            "\(sipName) is already \(takenBy), so it is not planned as the Access Edge's name for SIP "
                            + "domain \(domain): clients that fall back to \(sipName) reach that service instead of the "
                            + "Access Edge (§8.4); give \(takenBy) another name", path: takenBy)
                ))
        }
        addSRV(
            .external, name: "_sip._tls." + domain, target: target, port: topology.edgePools[route.index].sipClientPort,
            path: "edgePools[\(route.index)].accessEdgeFqdn", purpose: "remote client automatic sign-in for \(domain)",
            rule: "§8.4", fix: fix)
    }

    /// §8.4 `_sipfederationtls._tcp.<d>` (port 5061) to the SIP domain's Edge pool when it
    /// federates, else to the first Edge pool that does; inside `d` as for `_sip._tls`.
    /// Federation partners are servers, not strict-naming clients: when the federating pool is
    /// another one whose Access Edge FQDN lies outside `d`, that FQDN is the target.
    mutating func planFederationSRV(_ route: EdgeRoute) {
        let edges = topology.edgePools
        guard let fi = edges[route.index].federation ? route.index : edges.firstIndex(where: \.federation) else {
            return
        }
        let access = Hostname.normalized(edges[fi].accessEdgeFqdn)
        let target =
            Hostname.isWithin(access, domain: route.domain) || fi != route.index || !route.sipReachesAccess
            ? access : "sip." + route.domain
        addSRV(
            .external, name: "_sipfederationtls._tcp." + route.domain, target: target, port: 5061,
            path: "edgePools[\(fi)].accessEdgeFqdn",
            purpose: "federation and mobile push notifications for \(route.domain)", rule: "§8.4, §8.2")
    }

    // MARK: - Internal view

    mutating func planInternal() {
        let entry = entryPoolIndex

        // §8.2: internal autodiscover: A to the entry pool's internal web address.
        for domain in sipDomains {
            addAddress(
                .internal, name: "lyncdiscoverinternal." + domain,
                address: entry.flatMap { topology.pools[$0].internalWebAddress },
                path: entry.map { "pools[\($0)].internalWebAddress" } ?? "pools",
                purpose: "internal autodiscover for SIP domain \(domain)"
                    + (entry.map { " (\(Hostname.normalized(topology.pools[$0].effectiveInternalWebFqdn)))" } ?? ""),
                rule: "§8.2")
        }

        // §8.3: automatic sign-in SRV and internal sip.<d>, to the entry pool.
        if let entry {
            let reaches = sipDomains.map { planInternalSipName(for: $0, entry: entry) }
            for (domain, sipReachesEntry) in zip(sipDomains, reaches) {
                planInternalSignInSRV(for: domain, entry: entry, sipReachesEntry: sipReachesEntry)
            }
        }

        // §8.5: pool FQDNs and internal web FQDNs.
        for (i, pool) in topology.pools.enumerated() {
            let role = Self.roleText(pool.role)
            let fqdn = Hostname.normalized(pool.fqdn)
            let web = Hostname.normalized(pool.effectiveInternalWebFqdn)
            addAddress(
                .internal, name: fqdn, address: pool.internalWebAddress, path: "pools[\(i)].internalWebAddress",
                purpose: web == fqdn ? "\(role) pool FQDN and internal web services" : "\(role) pool FQDN",
                rule: "§8.5")
            if web != fqdn {
                addAddress(
                    .internal, name: web, address: pool.internalWebAddress, path: "pools[\(i)].internalWebAddress",
                    purpose: "\(role) \(fqdn) internal web services", rule: "§8.5")
            }
        }

        // §7/§8.5: simple URLs point at the Director, else the Front End pool.
        let entryAddress = entry.flatMap { topology.pools[$0].internalWebAddress }
        let entryPath = entry.map { "pools[\($0)].internalWebAddress" } ?? "pools"
        let via =
            entry.map {
                ", to the \(Self.roleText(topology.pools[$0].role)) \(Hostname.normalized(topology.pools[$0].fqdn))"
            }
            ?? ""
        addSimpleUrlHosts(.internal, address: entryAddress, path: entryPath, purposeSuffix: via, rule: "§7, §8.5")
        if let admin = topology.simpleUrls.admin, let host = SimpleUrlHost.host(of: admin) {
            addAddress(
                .internal, name: host, address: entryAddress, path: entryPath,
                purpose: "Admin simple URL, internal only\(via)", rule: "§7, §8.5")
        }

        if let owas = topology.officeWebApps {
            addAddress(
                .internal, name: owas.fqdn, address: owas.internalAddress, path: "officeWebApps.internalAddress",
                purpose: "Office Web Apps Server", rule: "§8.1, §10")
        }

        planInternalExternalWebNames()

        // §8.4: Edge internal interface, one A per address (DNS load balancing).
        for (i, edge) in topology.edgePools.enumerated() {
            addAddresses(
                .internal, name: edge.fqdn, addresses: edge.internalAddresses,
                path: "edgePools[\(i)].internalAddresses",
                purpose: "Edge internal interface", rule: "§8.4")
        }
    }

    /// Internal `sip.<d>` A record to the entry pool (DNS summary - Single Director, JJ205021:
    /// "Internal DNS/A sip.contoso.com → Director"); the certificate plan puts `sip.<d>` on that
    /// pool's Default certificate, so the name needs a record leading there. Not planned when the
    /// name is already one of the topology's internal names: when that name leads to the entry
    /// pool anyway (its FQDN, a simple URL host) it serves as is; otherwise the name is taken.
    /// Returns whether `sip.<d>` leads to the entry pool.
    mutating func planInternalSipName(for domain: String, entry: Int) -> Bool {
        let sipName = "sip." + domain
        let pool = topology.pools[entry]
        if let owner = internalOwner(of: sipName) {
            if owner.toEntry { return true }
            internalSipTaken[domain] = owner.path
            return false
        }
        addAddress(
            .internal, name: sipName, address: pool.internalWebAddress, path: "pools[\(entry)].internalWebAddress",
            purpose:
                "internal sign-in name for SIP domain \(domain), to the \(Self.roleText(pool.role)) "
                + "\(Hostname.normalized(pool.fqdn)) (on its certificate; legacy clients, Edge next hop)",
            rule: "§8.3, §8.5")
        return true
    }

    /// §8.3 `_sipinternaltls._tcp.<d>` (port 5061) to the entry pool, inside `d` (Gg398758): the
    /// pool FQDN when it lies in `d`, else the internal `sip.<d>`. Only when another field already
    /// uses `sip.<d>` is no name in `d` left; the finding then names the record to add.
    mutating func planInternalSignInSRV(for domain: String, entry: Int, sipReachesEntry: Bool) {
        let pool = topology.pools[entry]
        let fqdn = Hostname.normalized(pool.fqdn)
        let sipName = "sip." + domain
        let target: String
        var fix: String? = nil
        if Hostname.isWithin(fqdn, domain: domain) {
            target = fqdn
        } else if sipReachesEntry {
            target = sipName
        } else {
            target = fqdn
            let taken = internalSipTaken[domain] ?? "used"
            fix =
                "\(sipName) is already \(taken) in the topology, so no name in \(domain) leads to \(fqdn): add an "
                + "internal A record for another name in \(domain) with the address of pools[\(entry)].internalWebAddress "
                + "(and that name on the pool's certificate), or give \(taken) another name"
        }
        if fix == nil, let taken = internalSipTaken[domain] {
            readings.append(
                (
                    .internal,
                    Finding(
                        .sipNameTaken,
                        message:
                            "\(sipName) is already \(taken), so it is not planned in internal DNS as the name of the "
                            + "\(Self.roleText(pool.role)) \(fqdn) for SIP domain \(domain): the \(sipName) on that "
                            + "pool's certificate has no record leading to it (§8.3); give \(taken) another name",
                        path: taken)
                ))
        }
        addSRV(
            .internal, name: "_sipinternaltls._tcp." + domain, target: target, port: 5061,
            path: "pools[\(entry)].fqdn",
            purpose: "internal client automatic sign-in for \(domain) (\(Self.roleText(pool.role)))", rule: "§8.3",
            fix: fix)
    }

    /// Internal records for each pool's external web FQDN, so internal clients resolve it:
    /// - a Director's goes to the Director itself (DNS summary - Single Director, JJ205021:
    ///   "Internal DNS/A webdirexternal.contoso.com → Director"; the Director hosts no Mobility
    ///   Service);
    /// - a Front End pool's / Standard Edition server's goes to the reverse proxy's listener
    ///   address: internal mobile clients use the external web FQDN for the Mobility Service and
    ///   "always connect … externally through the reverse proxy", which must allow the hairpin, and
    ///   DNS should point at the reverse proxy, not the firewall (Technical requirements for
    ///   mobility, Hh690030).
    /// A name that already has an internal record (a pool's own FQDN or internal web FQDN — the
    /// `external-web-fqdn-equals-internal` case —, a simple URL host, Office Web Apps, the Edge)
    /// keeps that record only: one name, one internal answer.
    mutating func planInternalExternalWebNames() {
        var planned = Set(records.filter { $0.record.view == .internal }.map(\.record.name))
        for edge in topology.edgePools { planned.insert(Hostname.normalized(edge.fqdn)) }
        for (i, pool) in topology.pools.enumerated() {
            guard let ext = pool.externalWebFqdn.map(Hostname.normalized), planned.insert(ext).inserted else {
                continue
            }
            let role = Self.roleText(pool.role)
            let fqdn = Hostname.normalized(pool.fqdn)
            if pool.role == .director {
                addAddress(
                    .internal, name: ext, address: pool.internalWebAddress, path: "pools[\(i)].internalWebAddress",
                    purpose: "\(role) \(fqdn) external web services, reached directly by internal clients",
                    rule: "§8.5")
            } else {
                addAddress(
                    .internal, name: ext, address: topology.reverseProxy.externalAddress,
                    path: "reverseProxy.externalAddress",
                    purpose:
                        "\(role) \(fqdn) external web services: internal mobile clients reach the Mobility Service "
                        + "through the reverse proxy (hairpin)", rule: "§8.5, §8.1")
            }
        }
    }

    // MARK: - Finish

    /// Merges identical records and derives the findings.
    mutating func finish(view: DNSView? = nil) -> DNSPlan {
        var merged: [SourcedRecord] = []
        var position: [String: Int] = [:]
        for item in records where view == nil || item.record.view == view {
            let r = item.record
            let key = "\(r.view.rawValue) \(r.type.rawValue) \(r.name) \(r.value ?? "?") \(r.port ?? 0)"
            if let at = position[key] {
                var existing = merged[at].record
                if !existing.purpose.contains(r.purpose) { existing.purpose += "; " + r.purpose }
                for part in r.rule.components(separatedByString: ", ") where !existing.rule.contains(part) {
                    existing.rule += ", " + part
                }
                merged[at].record = existing
            } else {
                position[key] = merged.count
                merged.append(item)
            }
        }
        let ownView = readings.filter { view == nil || $0.view == view }.map(\.finding)
        let findings = ownView + DNSPlanFindings(topology: topology, sipDomains: sipDomains, records: merged).all()
        return DNSPlan(records: merged.map(\.record), findings: findings)
    }
}

/// The host of a simple URL (`https://meet.contoso.com/abc` → `meet.contoso.com`), through the
/// topology's own simple-URL parser; `nil` for text the loader would have refused.
enum SimpleUrlHost {
    static func host(of url: String) -> String? { SimpleUrl.parse(url)?.host }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }

    func components(separatedByString separator: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let range = rest.firstRange(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}
