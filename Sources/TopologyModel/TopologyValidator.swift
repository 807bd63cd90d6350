import Foundation

/// Rules that compare fields with each other (lync-rules.md §2, §4, §7, §8.6), and the
/// non-fatal findings about a topology.
///
/// Runs on the model the reader produced, even when the reader found problems, so that one run
/// lists everything wrong. Empty strings mark values the reader already reported; they are skipped.
struct TopologyValidator {
    let topology: Topology
    let lines: [String: Int]
    var problems: [TopologyProblem] = []
    var findings: [Finding] = []

    init(topology: Topology, lines: [String: Int]) {
        self.topology = topology
        self.lines = lines
    }

    mutating func validate() {
        checkSipDomains()
        let urls = checkSimpleUrls()
        checkPools(urls: urls)
        checkEdges()
        checkPublishedNames(urls: urls)
        checkReverseProxy()
    }

    // MARK: Helpers

    mutating func add(_ path: String, value: String? = nil, _ message: String) {
        problems.append(TopologyProblem(path: path, line: lines[path], value: value, message: message))
    }

    mutating func note(_ code: FindingCode, _ path: String?, _ message: String) {
        findings.append(Finding(code, message: message, path: path))
    }

    /// Where a value sits, for messages that point at a second place ("also at pools[0].fqdn, line 9").
    func place(_ path: String) -> String {
        if let line = lines[path] { return "\(path), line \(line)" }
        return path
    }

    /// Remembers the first index `value` stands at in `seen`; a later one is a problem naming the
    /// first place (`path` turns an index into a field path; `rule` ends the message when given).
    mutating func checkListedOnce(
        _ value: String, at index: Int, in seen: inout [String: Int], path: (Int) -> String, _ what: String,
        rule: String? = nil
    ) {
        guard let first = seen[value] else {
            seen[value] = index
            return
        }
        add(
            path(index), value: value,
            "\(what) listed twice (also at \(place(path(first))))" + (rule.map { "; \($0)" } ?? ""))
    }

    // MARK: SIP domains (lync-rules.md §8.6)

    mutating func checkSipDomains() {
        var seen: [String: Int] = [:]
        for (index, domain) in topology.sipDomains.enumerated() where !domain.isEmpty {
            checkListedOnce(
                domain, at: index, in: &seen, path: { "sipDomains[\($0)]" }, "SIP domain",
                rule: "each SIP domain is listed once")
        }
    }

    // MARK: Simple URLs (lync-rules.md §7)

    /// A simple URL that parsed, with where it came from.
    struct PlacedUrl {
        var path: String
        var text: String
        var url: SimpleUrl
        var kind: String
    }

    mutating func checkSimpleUrls() -> [PlacedUrl] {
        let simple = topology.simpleUrls
        var entries: [(path: String, text: String, kind: String, singleLabelHost: Bool)] = []
        for (index, meet) in simple.meet.enumerated() {
            entries.append(("simpleUrls.meet[\(index)].url", meet.url, "Meet", false))
        }
        entries.append(("simpleUrls.dialin", simple.dialin, "Dial-in", false))
        if let admin = simple.admin { entries.append(("simpleUrls.admin", admin, "Admin", true)) }

        var placed: [PlacedUrl] = []
        for entry in entries where !entry.text.isEmpty {
            switch SimpleUrl.parseReportingProblem(entry.text) {
            case .failure(let problem):
                add(entry.path, value: entry.text, problem.reason)
            case .success(let url):
                if let hostProblem = Hostname.syntaxProblem(url.host) {
                    add(entry.path, value: entry.text, "the host '\(url.host)' is not a valid FQDN: \(hostProblem)")
                    continue
                }
                if !entry.singleLabelHost && !url.host.contains(".") {
                    add(
                        entry.path, value: entry.text,
                        "the \(entry.kind) URL is used from outside, so its host must be a full DNS name, not '\(url.host)'"
                    )
                    continue
                }
                let unusual = (url.host + url.path).filter {
                    !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "/" || $0 == "-"))
                }
                if !unusual.isEmpty {
                    note(
                        .simpleUrlUnusualCharacters, entry.path,
                        "\(entry.text) contains '\(String(Set(unusual).sorted()))'; Microsoft recommends only a-z, A-Z, 0-9 and '.' in simple URLs (PLAN-SURL)"
                    )
                }
                placed.append(PlacedUrl(path: entry.path, text: entry.text, url: url, kind: entry.kind))
            }
        }

        // Meet: one per SIP domain, only for listed domains, every domain covered.
        let domains = Set(topology.sipDomains)
        var meetDomains: [String: Int] = [:]
        for (index, meet) in simple.meet.enumerated() where !meet.domain.isEmpty {
            let path = "simpleUrls.meet[\(index)].domain"
            if !domains.contains(meet.domain) {
                add(
                    path, value: meet.domain,
                    "a Meet URL may only be given for a SIP domain listed in sipDomains (\(topology.sipDomains.joined(separator: ", ")))"
                )
            }
            if let first = meetDomains[meet.domain] {
                add(
                    path, value: meet.domain,
                    "SIP domain \(meet.domain) already has a Meet URL (\(place("simpleUrls.meet[\(first)].domain"))); each SIP domain has exactly one"
                )
            } else {
                meetDomains[meet.domain] = index
            }
        }
        if !simple.meet.isEmpty {
            for domain in topology.sipDomains where !domain.isEmpty && meetDomains[domain] == nil {
                add(
                    "simpleUrls.meet", value: domain,
                    "SIP domain \(domain) has no Meet URL; every SIP domain needs one (add {domain: \(domain), url: \"https://meet.\(domain)\"})"
                )
            }
        }

        // Unique, and none a prefix of another. Only URLs on the same host can clash, so compare
        // within each host's group: linear in the number of URLs for the usual one-host-per-URL case.
        var byHost: [String: [PlacedUrl]] = [:]
        for url in placed { byHost[url.url.host.lowercased(), default: []].append(url) }
        for url in placed {
            guard let group = byHost[url.url.host.lowercased()], group.count > 1 else { continue }
            let b = url
            for a in group {
                if a.path == b.path { break }  // only URLs listed before b
                if a.url.comparable == b.url.comparable {
                    add(
                        b.path, value: b.text,
                        "the same URL is already the \(a.kind) URL (\(place(a.path))); every simple URL must be unique")
                } else if a.url.isPathPrefix(of: b.url) || b.url.isPathPrefix(of: a.url) {
                    let (shorter, longer) = a.url.isPathPrefix(of: b.url) ? (a, b) : (b, a)
                    add(
                        longer.path, value: longer.text,
                        "begins with the \(shorter.kind) URL \(shorter.text) (\(place(shorter.path))); no simple URL may be a prefix of another"
                    )
                }
            }
        }

        // No simple URL may contain a pool FQDN: look each candidate name of the URL up in a set.
        let poolNames = Set((topology.pools.map(\.fqdn) + topology.edgePools.map(\.fqdn)).filter { !$0.isEmpty })
        for url in placed {
            let text = (url.url.host + url.url.path).lowercased()
            if let pool = Self.embeddedNames(in: text).first(where: poolNames.contains) {
                add(url.path, value: url.text, "a simple URL must not contain a pool FQDN (\(pool))")
            }
        }
        return placed
    }

    /// Every substring of `text` that stands as a whole host name (bounded by start, end, `.` or `/`):
    /// the suffixes of each `/`-separated part that start at the part's start or after a `.`.
    static func embeddedNames(in text: String) -> [String] {
        var names: [String] = []
        for part in text.split(separator: "/") {
            var start = part.startIndex
            while true {
                names.append(String(part[start...]))
                guard let dot = part[start...].firstIndex(of: ".") else { break }
                start = part.index(after: dot)
                if start == part.endIndex { break }
            }
        }
        return names
    }

    // MARK: Pools (lync-rules.md §2)

    /// A pool whose external web FQDN is its own internal web FQDN is a warning
    /// (`external-web-fqdn-equals-internal`), not a load error. Microsoft asks for distinct names
    /// for mobility (MOB-TECH), but Topology Builder's default sets `ExternalSettings@Host` to the
    /// pool FQDN and many deployments publish exactly that name: it is what in-band provisioning
    /// hands to clients, so it is the name the reverse-proxy certificate must carry. The plans use
    /// it as given (the DNS plan then holds it in both views: split-brain DNS). A pool's external
    /// name that is ANOTHER pool's internal name stays an error: that is always a mistake.
    mutating func checkPools(urls: [PlacedUrl]) {
        let pools = topology.pools
        var poolByName: [String: Int] = [:]
        var machineOwner: [String: String] = [:]
        for (index, pool) in pools.enumerated() where !pool.fqdn.isEmpty {
            let path = "pools[\(index)]"
            checkListedOnce(
                pool.fqdn, at: index, in: &poolByName, path: { "pools[\($0)].fqdn" }, "pool FQDN",
                rule: "each pool is listed once")
            for (m, machine) in pool.machines.enumerated() {
                let machinePath = "\(path).machines[\(m)]"
                if let other = machineOwner[machine] {
                    add(
                        machinePath, value: machine,
                        "this server is already listed at \(place(other)); a server belongs to one pool")
                } else {
                    machineOwner[machine] = machinePath
                }
            }
            if pool.role == .standardEdition, let override = pool.internalWebFqdn, override != pool.fqdn {
                add(
                    path + ".internalWebFqdn", value: override,
                    "a Standard Edition server cannot override its internal web FQDN (SFB-TB-WEB, CR-INT): it is always the server FQDN \(pool.fqdn)"
                )
            }
            let realOverride = pool.internalWebFqdn.map { $0 != pool.fqdn } ?? false
            if let external = pool.externalWebFqdn, external == pool.effectiveInternalWebFqdn, !realOverride {
                note(
                    .externalWebFqdnEqualsInternal, path + ".externalWebFqdn",
                    "\(pool.fqdn) publishes its internal web FQDN \(external) as its external web FQDN; Lync mobility (autodiscover) needs distinct internal and external web FQDNs (MOB-TECH). The certificate and DNS plans use the name as given, so the DNS plan holds \(external) in both the internal and the external view (split-brain DNS)"
                )
            }
        }

        // Unique external web FQDNs; a Director's differs from every Front End's (CR-INT).
        var externalOwner: [String: Int] = [:]
        for (index, pool) in pools.enumerated() {
            guard let external = pool.externalWebFqdn else { continue }
            let path = "pools[\(index)].externalWebFqdn"
            if let first = externalOwner[external] {
                let other = pools[first]
                let mixed = (pool.role == .director) != (other.role == .director)
                add(
                    path, value: external,
                    mixed
                        ? "a Director's external web FQDN must differ from every Front End pool's (CR-INT); \(place("pools[\(first)].externalWebFqdn")) uses it too"
                        : "external web FQDNs must be unique per pool (SFB-TB-WEB); \(place("pools[\(first)].externalWebFqdn")) uses it too"
                )
            } else {
                externalOwner[external] = index
            }
            // An external name must not be another pool's internal name.
            for (otherIndex, other) in pools.enumerated() where otherIndex != index && !other.fqdn.isEmpty {
                if external == other.effectiveInternalWebFqdn || external == other.fqdn {
                    add(
                        path, value: external,
                        "this is the internal name of \(other.fqdn) (pools[\(otherIndex)]); external and internal web FQDNs must differ (MOB-TECH)"
                    )
                    break
                }
            }
        }

        // Unique internal web FQDNs (an override may not take another pool's name).
        var internalOwner: [String: Int] = [:]
        for (index, pool) in pools.enumerated() where !pool.fqdn.isEmpty && pool.internalWebFqdn == nil {
            internalOwner[pool.fqdn] = index
        }
        for (index, pool) in pools.enumerated() {
            guard let override = pool.internalWebFqdn, !pool.fqdn.isEmpty else { continue }
            let path = "pools[\(index)].internalWebFqdn"
            if let first = internalOwner[override], first != index {
                let key = pools[first].internalWebFqdn == nil ? "fqdn" : "internalWebFqdn"
                add(
                    path, value: override,
                    "overridden internal web FQDNs must be unique (SFB-TB-WEB); \(place("pools[\(first)].\(key)")) (\(pools[first].fqdn)) already uses this name"
                )
            } else if let other = poolByName[override], other != index {
                add(
                    path, value: override,
                    "this is the FQDN of another pool (\(place("pools[\(other)].fqdn"))); overridden internal web FQDNs must be unique (SFB-TB-WEB)"
                )
            } else {
                internalOwner[override] = index
            }
        }

        // As Topology Builder: an override is not the pool's own external web FQDN, an Edge
        // pool's FQDN or a server's FQDN (a name can be one thing in DNS).
        var edgeByName: [String: Int] = [:]
        for (index, edge) in topology.edgePools.enumerated() where !edge.fqdn.isEmpty && edgeByName[edge.fqdn] == nil {
            edgeByName[edge.fqdn] = index
        }
        for (index, pool) in pools.enumerated() {
            guard let override = pool.internalWebFqdn, !override.isEmpty, override != pool.fqdn else { continue }
            let path = "pools[\(index)].internalWebFqdn"
            if override == pool.externalWebFqdn {
                add(
                    path, value: override,
                    "the internal web FQDN equals this pool's external web FQDN (\(place("pools[\(index)].externalWebFqdn"))); Topology Builder refuses it: internal and external web FQDNs must differ (MOB-TECH, SFB-TB-WEB)"
                )
            } else if let edge = edgeByName[override] {
                add(
                    path, value: override,
                    "this is the FQDN of an Edge pool (\(place("edgePools[\(edge)].fqdn"))); an internal web FQDN must be a name of its own (SFB-TB-WEB)"
                )
            } else if let machine = machineOwner[override] {
                add(
                    path, value: override,
                    "this is the FQDN of a server (\(place(machine))); an internal web FQDN must not be a server's FQDN (SFB-TB-WEB)"
                )
            }
        }
    }

    // MARK: Edge pools (lync-rules.md §5, §8.4)

    /// Access, Web Conferencing and A/V Edge may share one FQDN: a single-IP consolidated Edge
    /// does exactly that, telling the services apart by port (5061/444/443, DNS-EDGE-PUB,
    /// SFB-TB-EDGE). So sharing is allowed and reported as `edge-names-shared` (info); a shared
    /// name given different external addresses cannot become one DNS record and is a warning.
    mutating func checkEdges() {
        var edgeByName: [String: Int] = [:]
        let poolNames = Set(topology.pools.map(\.fqdn))
        for (index, edge) in topology.edgePools.enumerated() {
            let path = "edgePools[\(index)]"
            if !edge.fqdn.isEmpty {
                checkListedOnce(edge.fqdn, at: index, in: &edgeByName, path: { "edgePools[\($0)].fqdn" }, "Edge pool")
                if poolNames.contains(edge.fqdn) {
                    add(
                        path + ".fqdn", value: edge.fqdn,
                        "an Edge pool cannot have the FQDN of a Front End pool or Director")
                }
            }
            let services: [(key: String, name: String, address: [String], label: String)] = [
                ("accessEdgeFqdn", edge.accessEdgeFqdn, edge.externalAddresses.access, "Access Edge"),
                (
                    "webConferencingFqdn", edge.webConferencingFqdn, edge.externalAddresses.webConferencing,
                    "Web Conferencing Edge"
                ),
                ("avFqdn", edge.avFqdn, edge.externalAddresses.av, "A/V Edge"),
            ]
            let named = services.filter { !$0.name.isEmpty }
            for (i, a) in named.enumerated() {
                for b in named[(i + 1)...] where a.name == b.name {
                    if !a.address.isEmpty, !b.address.isEmpty, Set(a.address) != Set(b.address) {
                        let first = a.address.joined(separator: ", ")
                        let second = b.address.joined(separator: ", ")
                        note(
                            .edgeSharedNameDifferentAddresses, "\(path).\(b.key)",
                            "\(a.label) and \(b.label) share the name \(a.name) but have different external addresses (\(first) and \(second)); one DNS name cannot point at both"
                        )
                    } else {
                        note(
                            .edgeNamesShared, "\(path).\(b.key)",
                            "\(a.label) and \(b.label) share the name \(a.name); they must then listen on different ports (5061, 444, 443)"
                        )
                    }
                }
            }
            let addressKeys = ["access", "webConferencing", "av"]
            for (service, key) in zip(services, addressKeys) where service.address.isEmpty {
                note(
                    .edgeAddressMissing, "\(path).externalAddresses.\(key)",
                    "no external address for the \(service.label) (\(service.name.isEmpty ? "?" : service.name)): its public A record is planned without a value"
                )
            }
            if let nextHop = edge.nextHop, !poolNames.contains(nextHop) {
                note(
                    .edgeNextHopUnknown, "\(path).nextHop",
                    "the next hop \(nextHop) is not one of the pools in this topology")
            }
        }
    }

    // MARK: Names that public DNS points at different places

    /// A public name must lead to one place: the reverse proxy (external web FQDNs, Meet and
    /// Dial-in hosts), the Office Web Apps listener, or one Edge pool. `lyncdiscover.<sipdomain>`
    /// and `lyncdiscoverinternal.<sipdomain>` are reserved for autodiscover (lync-rules.md §8.2).
    mutating func checkPublishedNames(urls: [PlacedUrl]) {
        var owners: [String: (group: String, path: String)] = [:]
        var claims: [(name: String, group: String, path: String)] = []
        for (index, pool) in topology.pools.enumerated() {
            if let external = pool.externalWebFqdn {
                claims.append((external, "the reverse proxy", "pools[\(index)].externalWebFqdn"))
            }
        }
        for url in urls where url.kind != "Admin" {
            claims.append((url.url.host, "the reverse proxy", url.path))
        }
        if let owa = topology.officeWebApps, !owa.fqdn.isEmpty {
            claims.append((owa.fqdn, "Office Web Apps Server", "officeWebApps.fqdn"))
        }
        for (index, edge) in topology.edgePools.enumerated() {
            let group = "Edge pool \(edge.fqdn)"
            claims.append((edge.accessEdgeFqdn, group, "edgePools[\(index)].accessEdgeFqdn"))
            claims.append((edge.webConferencingFqdn, group, "edgePools[\(index)].webConferencingFqdn"))
            claims.append((edge.avFqdn, group, "edgePools[\(index)].avFqdn"))
        }
        let reserved = Set(topology.sipDomains.flatMap { ["lyncdiscover." + $0, "lyncdiscoverinternal." + $0] })
        for claim in claims where !claim.name.isEmpty {
            if reserved.contains(claim.name) {
                add(
                    claim.path, value: claim.name,
                    "\(claim.name) is reserved for the autodiscover service (lync-rules.md §8.2); choose another name")
                continue
            }
            if let owner = owners[claim.name] {
                if owner.group != claim.group {
                    add(
                        claim.path, value: claim.name,
                        "this name already leads to \(owner.group) (\(place(owner.path))); one public name cannot point at both \(owner.group) and \(claim.group)"
                    )
                }
            } else {
                owners[claim.name] = (claim.group, claim.path)
            }
        }
    }

    // MARK: Reverse proxy (lync-rules.md §3, §8.1)

    mutating func checkReverseProxy() {
        let proxy = topology.reverseProxy
        if proxy.externalAddress == nil {
            let published = topology.pools.contains { $0.externalWebFqdn != nil }
            note(
                .reverseProxyAddressMissing, "reverseProxy.externalAddress",
                published
                    ? "reverseProxy.externalAddress is not set: the external A records for the published names need the reverse proxy's public address, so the DNS plan marks them as needing it"
                    : "reverseProxy.externalAddress is not set; the DNS plan cannot give the reverse proxy's records an address"
            )
        }
        if let owa = topology.officeWebApps, owa.publishedExternally, owa.externalAddress == nil,
            proxy.externalAddress == nil
        {
            note(
                .officeWebAppsAddressMissing, "officeWebApps.externalAddress",
                "Office Web Apps is published externally but neither officeWebApps.externalAddress nor reverseProxy.externalAddress is set; its public A record has no address"
            )
        }
    }
}
