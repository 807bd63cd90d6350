import Topology

/// The facts every certificate builder reads, derived once from the topology.
///
/// Simple URL hosts are parsed once here; every list keeps topology order so the plan is stable.
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

    init(_ topology: Topology) {
        self.topology = topology
        sipDomains = topology.sipDomains.enumerated().map { (Hostname.normalized($1), "sipDomains[\($0)]") }
        meetHosts = topology.simpleUrls.meet.enumerated().compactMap { i, meet in
            SimpleUrlHost.host(of: meet.url).map { ($0, meet.domain, "simpleUrls.meet[\(i)].url") }
        }
        dialinHost = SimpleUrlHost.host(of: topology.simpleUrls.dialin).map { ($0, "simpleUrls.dialin") }
        adminHost = topology.simpleUrls.admin.flatMap(SimpleUrlHost.host(of:)).map { ($0, "simpleUrls.admin") }
        userPoolIndices = topology.pools.indices.filter { topology.pools[$0].role != .director }
        directorIndices = topology.pools.indices.filter { topology.pools[$0].role == .director }
        keySize = topology.certificates.keySize
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
    static func host(of url: String) -> String? {
        var rest = Substring(url.trimmingWhitespace())
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if let colon = rest.firstIndex(of: ":") { rest = rest[..<colon] }
        let host = Hostname.normalized(String(rest))
        return host.isEmpty ? nil : host
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
