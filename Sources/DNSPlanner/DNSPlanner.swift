import Topology

/// Derives the DNS plan from a topology (lync-rules.md §7, §8). Pure: values in, values out.
///
/// Records come out in a fixed order so text, JSON, zone files and checks are stable:
///
/// - **external view**
///   1. reverse-proxy names (§8.1): each pool's external web FQDN in topology order, the Meet
///      hosts in topology order, the Dial-in host, Office Web Apps (when published);
///   2. autodiscover (§8.2): `lyncdiscover.<sipdomain>` per SIP domain, in topology order;
///   3. Edge (§8.4): per Edge pool its Access, Web Conferencing and A/V A records; then, for the
///      first Edge pool, per SIP domain `sip.<d>`, `_sip._tls.<d>` and (with federation)
///      `_sipfederationtls._tcp.<d>`; then XMPP (`xmpp.<default SIP domain>` and
///      `_xmpp-server._tcp.<d>` per SIP domain).
/// - **internal view**
///   1. autodiscover (§8.2): `lyncdiscoverinternal.<sipdomain>` per SIP domain;
///   2. automatic sign-in (§8.3): `_sipinternaltls._tcp.<sipdomain>` per SIP domain;
///   3. pools (§8.5): per pool its pool FQDN, then its internal web FQDN when it differs;
///   4. simple URLs (§7): Meet hosts, Dial-in, Admin;
///   5. Office Web Apps (when in the topology);
///   6. Edge internal interface (§8.4): one A per internal address, per Edge pool.
///
/// Identical records (same view, type, name and value: `lync.contoso.com` for both Meet and
/// Dial-in) are merged into one, keeping the first position and joining the purposes.
///
/// Readings of ambiguous rules (also in the README):
/// - `lyncdiscoverinternal.<d>` is always an A/AAAA record to the internal web address of the
///   first Director, else the first Front End/Standard Edition pool. Microsoft allows a CNAME to
///   the internal web FQDN too, but that FQDN is usually in another domain (`contoso.net`), and
///   mobile clients do not follow a CNAME across domains over HTTPS; an A record avoids it. When
///   the address is not in the topology the record is planned with `addressNeeded`.
/// - `sip.<d>` (external) is planned for every SIP domain whose `sip.<d>` is not already the
///   Access Edge FQDN: §8.4 says "repeat per SIP domain", and the Edge certificate carries
///   `sip.<d>` for every SIP domain.
/// - The SRV records of every SIP domain point at the first Edge pool; several Edge pools each
///   get their own A records, but one SIP domain has one sign-in and federation route.
/// - XMPP: one `xmpp.<default SIP domain>` A record (the name on the Edge certificate) and an
///   `_xmpp-server._tcp.<d>` SRV per SIP domain pointing at it.
/// - Internal `sip.<d>`, `ucupdates-r2.<d>` and `_ntp._udp` (§8.3, for legacy clients and Lync
///   Phone Edition) and the member-server A records are not planned: the topology does not say
///   whether such clients exist, and server records are registered by Windows itself.
public enum DNSPlanner {
    public static func plan(_ topology: Topology) -> DNSPlan {
        var builder = DNSPlanBuilder(topology)
        builder.planExternal()
        builder.planInternal()
        return builder.finish()
    }

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
}

/// Collects records in plan order, then merges duplicates and derives findings.
struct DNSPlanBuilder {
    let topology: Topology
    let sipDomains: [String]
    var records: [SourcedRecord] = []

    init(_ topology: Topology) {
        self.topology = topology
        var seen = Set<String>()
        sipDomains = topology.sipDomains.map(Hostname.normalized).filter { seen.insert($0).inserted }
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
    mutating func addAddresses(
        _ view: DNSView, name: String, addresses: [String], path: String, purpose: String, rule: String
    ) {
        if addresses.isEmpty {
            addAddress(view, name: name, address: nil, path: path, purpose: purpose, rule: rule)
        }
        for (i, address) in addresses.enumerated() {
            addAddress(view, name: name, address: address, path: "\(path)[\(i)]", purpose: purpose, rule: rule)
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
        _ view: DNSView, name: String, target: String, port: Int, path: String, purpose: String, rule: String
    ) {
        records.append(
            SourcedRecord(
                record: DNSRecord(
                    view: view, type: .SRV, name: Hostname.normalized(name), value: Hostname.normalized(target),
                    port: port, priority: 0, weight: 0, purpose: purpose, rule: rule),
                valuePath: path))
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
        for meet in topology.simpleUrls.meet {
            guard let host = SimpleUrlHost.host(of: meet.url) else { continue }
            addAddress(
                .external, name: host, address: rp, path: rpPath,
                purpose: "Meet simple URL for \(Hostname.normalized(meet.domain)) (reverse proxy)", rule: "§8.1, §7")
        }
        if let host = SimpleUrlHost.host(of: topology.simpleUrls.dialin) {
            addAddress(
                .external, name: host, address: rp, path: rpPath, purpose: "Dial-in simple URL (reverse proxy)",
                rule: "§8.1, §7")
        }
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
            addAddress(
                .external, name: edge.accessEdgeFqdn, address: edge.externalAddresses.access, path: "\(base).access",
                purpose: "Access Edge of \(fqdn)", rule: "§8.4")
            addAddress(
                .external, name: edge.webConferencingFqdn, address: edge.externalAddresses.webConferencing,
                path: "\(base).webConferencing", purpose: "Web Conferencing Edge of \(fqdn)", rule: "§8.4")
            addAddress(
                .external, name: edge.avFqdn, address: edge.externalAddresses.av, path: "\(base).av",
                purpose: "A/V Edge of \(fqdn)", rule: "§8.4")
        }
        guard let edge = topology.edgePools.first else { return }
        let access = Hostname.normalized(edge.accessEdgeFqdn)
        let accessPath = "edgePools[0].externalAddresses.access"
        for domain in sipDomains where "sip." + domain != access {
            addAddress(
                .external, name: "sip." + domain, address: edge.externalAddresses.access, path: accessPath,
                purpose: "Access Edge for SIP domain \(domain) (client fallback lookup)", rule: "§8.4")
        }
        for domain in sipDomains {
            addSRV(
                .external, name: "_sip._tls." + domain, target: access, port: 443, path: "edgePools[0].accessEdgeFqdn",
                purpose: "remote client automatic sign-in for \(domain)", rule: "§8.4")
        }
        if let (fi, fed) = topology.edgePools.enumerated().first(where: { $0.element.federation }) {
            for domain in sipDomains {
                addSRV(
                    .external, name: "_sipfederationtls._tcp." + domain, target: fed.accessEdgeFqdn, port: 5061,
                    path: "edgePools[\(fi)].accessEdgeFqdn",
                    purpose: "federation and mobile push notifications for \(domain)", rule: "§8.4, §8.2")
            }
        }
        if let (xi, xmppEdge) = topology.edgePools.enumerated().first(where: { $0.element.xmpp }),
            let defaultDomain = sipDomains.first
        {
            let xmppHost = "xmpp." + defaultDomain
            addAddress(
                .external, name: xmppHost, address: xmppEdge.externalAddresses.access,
                path: "edgePools[\(xi)].externalAddresses.access", purpose: "XMPP federation (Access Edge)",
                rule: "§8.4")
            for domain in sipDomains {
                addSRV(
                    .external, name: "_xmpp-server._tcp." + domain, target: xmppHost, port: 5269,
                    path: "edgePools[\(xi)].xmpp", purpose: "XMPP federation for \(domain)", rule: "§8.4")
            }
        }
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

        // §8.3: automatic sign-in SRV to the entry pool's FQDN.
        if let entry {
            let pool = topology.pools[entry]
            for domain in sipDomains {
                addSRV(
                    .internal, name: "_sipinternaltls._tcp." + domain, target: pool.fqdn, port: 5061,
                    path: "pools[\(entry)].fqdn",
                    purpose: "internal client automatic sign-in for \(domain) (\(Self.roleText(pool.role)))",
                    rule: "§8.3")
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
        for meet in topology.simpleUrls.meet {
            guard let host = SimpleUrlHost.host(of: meet.url) else { continue }
            addAddress(
                .internal, name: host, address: entryAddress, path: entryPath,
                purpose: "Meet simple URL for \(Hostname.normalized(meet.domain))\(via)", rule: "§7, §8.5")
        }
        if let host = SimpleUrlHost.host(of: topology.simpleUrls.dialin) {
            addAddress(
                .internal, name: host, address: entryAddress, path: entryPath, purpose: "Dial-in simple URL\(via)",
                rule: "§7, §8.5")
        }
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

        // §8.4: Edge internal interface, one A per address (DNS load balancing).
        for (i, edge) in topology.edgePools.enumerated() {
            addAddresses(
                .internal, name: edge.fqdn, addresses: edge.internalAddresses,
                path: "edgePools[\(i)].internalAddresses",
                purpose: "Edge internal interface", rule: "§8.4")
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
        let findings = DNSPlanFindings(topology: topology, sipDomains: sipDomains, records: merged).all()
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
