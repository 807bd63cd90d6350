import TopologyModel

/// The facts every certificate builder reads, derived once from the topology.
///
/// Simple URL hosts are parsed once here, and the names repeated on many certificates (one per SIP
/// domain on every pool's web certificates) are prepared once as `NameSeed`s that every
/// certificate shares. Every list keeps topology order so the plan is stable.
struct PlanningContext {
    let topology: Topology
    let sipDomains: [(domain: String, path: String)]
    let meetHosts: [(host: String, domain: String, path: String)]
    let dialinHost: (host: String, path: String)?
    let adminHost: (host: String, path: String)?
    /// Indices into `topology.pools` of Front End pools and Standard Edition servers.
    let userPoolIndices: [Int]
    /// Indices into `topology.pools` of Directors.
    let directorIndices: [Int]
    let keySize: Int

    /// Prepared names, by where they go.
    let seeds: Seeds

    struct Seeds {
        /// Dial-in then Meet hosts, for the reverse proxy (§4) and for pool web certificates (§6).
        let reverseProxySimpleUrls: [NameSeed]
        let poolSimpleUrls: [NameSeed]
        let poolAdmin: NameSeed?
        /// `lyncdiscover.<d>` for the reverse proxy, `lyncdiscover.<d>` / `lyncdiscoverinternal.<d>`
        /// for pool web certificates, `sip.<d>` for the Edge and for the sign-in pool.
        let reverseProxyAutodiscover: [NameSeed]
        let poolAutodiscover: [NameSeed]
        let poolAutodiscoverInternal: [NameSeed]
        let edgeSip: [NameSeed]
        let signInSip: [NameSeed]
    }

    init(_ topology: Topology) {
        self.topology = topology
        let sipDomains = topology.sipDomains.enumerated().map { (Hostname.normalized($1), "sipDomains[\($0)]") }
        let meetHosts = topology.simpleUrls.meet.enumerated().compactMap { i, meet in
            SimpleUrlHost.host(of: meet.url).map { ($0, meet.domain, "simpleUrls.meet[\(i)].url") }
        }
        let dialinHost = SimpleUrlHost.host(of: topology.simpleUrls.dialin).map { ($0, "simpleUrls.dialin") }
        let adminHost = topology.simpleUrls.admin.flatMap(SimpleUrlHost.host(of:)).map { ($0, "simpleUrls.admin") }
        self.sipDomains = sipDomains
        self.meetHosts = meetHosts
        self.dialinHost = dialinHost
        self.adminHost = adminHost
        userPoolIndices = topology.pools.indices.filter { topology.pools[$0].role != .director }
        directorIndices = topology.pools.indices.filter { topology.pools[$0].role == .director }
        keySize = topology.certificates.keySize

        func simpleUrls(_ section: String) -> [NameSeed] {
            var result: [NameSeed] = []
            result.reserveCapacity(meetHosts.count + 1)
            if let dialin = dialinHost {
                result.append(
                    NameSeed(dialin.0, kind: .simpleUrl, reason: "\(section) Dial-in simple URL", path: dialin.1))
            }
            for meet in meetHosts {
                result.append(
                    NameSeed(meet.0, kind: .simpleUrl, reason: "\(section) Meet simple URL of \(meet.1)", path: meet.2))
            }
            return result
        }
        func perDomain(_ prefix: String, _ kind: NameKind, _ reason: (String) -> String) -> [NameSeed] {
            sipDomains.map { NameSeed(prefix + $0.0, kind: kind, reason: reason($0.0), path: $0.1) }
        }
        seeds = Seeds(
            reverseProxySimpleUrls: simpleUrls("§4.3"),
            poolSimpleUrls: simpleUrls("§6"),
            poolAdmin: adminHost.map {
                NameSeed($0.0, kind: .simpleUrl, reason: "§6 Admin simple URL (internal only)", path: $0.1)
            },
            reverseProxyAutodiscover: perDomain("lyncdiscover.", .autodiscover) {
                "§4.3 external autodiscover over HTTPS for SIP domain \($0)"
            },
            poolAutodiscover: perDomain("lyncdiscover.", .autodiscover) {
                "§6 external autodiscover for SIP domain \($0)"
            },
            poolAutodiscoverInternal: perDomain("lyncdiscoverinternal.", .autodiscover) {
                "§6 internal autodiscover for SIP domain \($0)"
            },
            edgeSip: perDomain("sip.", .fixed) { "§5 client auto-configuration and federation for SIP domain \($0)" },
            signInSip: perDomain("sip.", .fixed) { "§6 sip.\($0): internal sign-in name pointing at this pool (§8.3)" })
    }

    var wildcardPolicy: WildcardPolicy { topology.certificates.wildcard }

    /// The pool whose Default certificate carries `sip.<sipdomain>`: the one internal `sip.<d>`
    /// records and `_sipinternaltls` point at — the first Director, else the first user pool
    /// (lync-rules.md §7 "Where the A records point", §8.3).
    var signInPoolIndex: Int? { directorIndices.first ?? userPoolIndices.first }
}

/// Extracts the host of a simple URL (`https://meet.contoso.com/abc` → `meet.contoso.com`).
enum SimpleUrlHost {
    /// The lower-cased host, without scheme, user info, port, path, query or trailing dot; `nil`
    /// when nothing host-like remains.
    ///
    /// A URL the loader accepted is split by `SimpleUrl.parse` (the one parser the planners share);
    /// anything else (a topology built in code) is read leniently, so its host still gets planned
    /// and, when malformed, reported as `invalid-name`.
    static func host(of url: String) -> String? {
        if let parsed = SimpleUrl.parse(url) { return parsed.host.isEmpty ? nil : parsed.host }
        var rest = Substring(url)
        while let f = rest.first, f.isWhitespace { rest.removeFirst() }
        while let l = rest.last, l.isWhitespace { rest.removeLast() }
        if let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://") {
            rest = rest[rest.index(colon, offsetBy: 3)...]
        }
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if let colon = rest.firstIndex(of: ":") { rest = rest[..<colon] }
        let host = Hostname.normalized(String(rest))
        return host.isEmpty ? nil : host
    }
}
