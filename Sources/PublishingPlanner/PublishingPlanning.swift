import TopologyModel

/// Derives the reverse-proxy publishing rules from a topology (lync-rules.md §1, §9, §10). Pure.
///
/// Rules, in this order:
/// 1. one **web services** rule per pool with an external web FQDN (Front End pools, Standard
///    Edition servers, Directors, in topology order): public name = the external web FQDN,
///    target = the pool's internal web FQDN, HTTPS `httpsPublished` (443) → `httpsListen` (4443);
/// 2. one **simple URLs** rule: every Meet host and the Dial-in host (never Admin), to the first
///    Director, else the first Front End pool / Standard Edition server. §1 allows either a rule
///    of their own or extra public names on the Director's rule; a rule of their own is chosen
///    because it keeps each rule's public names equal to one certificate purpose, is what IIS ARR
///    needs anyway (one server farm per published URL) and lets the simple URLs move to another
///    pool without touching the pool rules;
/// 3. **autodiscover**: `lyncdiscover.<sipdomain>` for every SIP domain to the same pool as the
///    simple URLs — over HTTPS 443 → 4443 (`reverseProxy.autodiscover: https`), or with
///    `autodiscover: http` the port-80 rule instead (HTTP 80 → 8080 only, no SSL port; §10), and
///    then `lyncdiscover` is on no other rule;
/// 4. **Office Web Apps** when published: 443 → 443 to the OWAS FQDN (no 4443 bridging).
///
/// Simple URLs that carry a path on a base host of their own (Gg425874 options 2 and 3:
/// `https://lync.contoso.com/Meet`, `…/Dialin`, `…/Admin`) get one rule per host publishing only
/// those paths (`/Meet/*`, `/Dialin/*`), so the Admin path on the same host is not published.
///
/// Every other rule publishes path `/*`. Every rule: the original Host header forwarded, no SSL
/// offloading, proxy time-out 960 s (Lync mobile clients: Office 365 push notifications time out
/// at 900 s, §10).
public enum PublishingPlanning {
    /// The proxy time-out in seconds for every rule (lync-rules.md §10, RP-RULES step 10).
    public static let timeoutSeconds = 960

    /// Why the time-out is 960 s; attached to every rule as a note.
    public static let timeoutNote =
        "proxy time-out 960 s: Lync mobile clients wait on Office 365 push notifications, which time out at 900 s (§10)"

    public static func plan(_ topology: Topology) -> PublishingPlan {
        var rules: [PublishingRule] = []
        var findings = topology.unpublishedPoolFindings()
        let pools = topology.pools

        // 1. Web services: one rule per published pool.
        for pool in pools {
            let role = roleText(pool.role)
            // Unpublished pools are reported by `Topology.unpublishedPoolFindings`, as in the certificate plan.
            guard let ext = pool.externalWebFqdn.map(Hostname.normalized) else { continue }
            rules.append(
                webRule(
                    name: ext, kind: .webServices, publicNames: [ext], pool: pool,
                    notes: ["\(role) \(Hostname.normalized(pool.fqdn)) external web services (§1, §10)"]))
        }

        // The pool simple URLs and autodiscover go to: first Director, else first FE/SE (§1, §7).
        let entryIndex = pools.firstIndex { $0.role == .director } ?? pools.firstIndex { $0.role != .director }
        let alreadyPublished = Set(rules.flatMap(\.publicNames))

        // 2. Simple URLs (Meet per SIP domain, Dial-in; never Admin). A URL without a path publishes
        // its whole host; URLs with paths on a shared base host (Gg425874 options 2 and 3) publish
        // only their paths, so an Admin URL on that host is not reachable from outside.
        var simpleHosts: [String] = []
        var hostPaths: [String: [String]] = [:]
        var wholeHosts = Set<String>()
        var urls = topology.simpleUrls.meet.map(\.url)
        urls.append(topology.simpleUrls.dialin)
        for url in urls {
            guard let parsed = SimpleUrl.parse(url) else { continue }
            if hostPaths[parsed.host] == nil && !wholeHosts.contains(parsed.host) { simpleHosts.append(parsed.host) }
            if parsed.path.isEmpty {
                wholeHosts.insert(parsed.host)
                hostPaths[parsed.host] = nil
            } else if !wholeHosts.contains(parsed.host) {
                let path = parsed.path + "/*"
                if !(hostPaths[parsed.host] ?? []).contains(where: { $0.lowercased() == path.lowercased() }) {
                    hostPaths[parsed.host, default: []].append(path)
                }
            }
        }
        var seen = alreadyPublished
        simpleHosts = simpleHosts.filter { seen.insert($0).inserted }
        let pathHosts = simpleHosts.filter { !wholeHosts.contains($0) }
        simpleHosts = simpleHosts.filter { wholeHosts.contains($0) }

        // 3. Autodiscover names.
        var seenDomains = Set<String>()
        let lyncdiscover = topology.sipDomains.map(Hostname.normalized).filter { seenDomains.insert($0).inserted }
            .map { "lyncdiscover." + $0 }

        if let entryIndex {
            let entry = pools[entryIndex]
            let via = "\(roleText(entry.role)) \(Hostname.normalized(entry.fqdn))"
            if !simpleHosts.isEmpty {
                rules.append(
                    webRule(
                        name: "simple-urls", kind: .simpleUrls, publicNames: simpleHosts, pool: entry,
                        notes: ["Meet and Dial-in simple URLs, to the \(via) (§1, §7); the Admin URL is internal only"])
                )
            }
            for host in pathHosts {
                let paths = hostPaths[host] ?? ["/*"]
                rules.append(
                    webRule(
                        name: host, kind: .simpleUrls, publicNames: [host], pool: entry,
                        notes: [
                            "Meet and Dial-in simple URLs on the shared base host \(host), to the \(via): only "
                                + "their paths are published, so an Admin URL on this host stays internal (§1, §7, "
                                + "Gg425874 options 2 and 3)"
                        ], paths: paths))
            }
            if !lyncdiscover.isEmpty {
                switch topology.reverseProxy.autodiscover {
                case .https:
                    rules.append(
                        webRule(
                            name: "autodiscover", kind: .autodiscover, publicNames: lyncdiscover, pool: entry,
                            notes: ["external autodiscover over HTTPS, to the \(via) (§10, RP-MOB)"]))
                case .http:
                    rules.append(
                        PublishingRule(
                            name: "autodiscover-http", kind: .autodiscoverHttp, publicNames: lyncdiscover,
                            target: Hostname.normalized(entry.effectiveInternalWebFqdn),
                            targetAddress: entry.internalWebAddress, protocol: "http",
                            listenPort: entry.ports.httpPublished, forwardPort: entry.ports.httpListen,
                            timeoutSeconds: timeoutSeconds,
                            notes: [
                                "external autodiscover over HTTP, to the \(via): non-secured connection, bridging to "
                                    + "HTTP \(entry.ports.httpListen) only, no SSL port; lyncdiscover is on no other "
                                    + "rule; \"No delegation, and client cannot authenticate directly\" (§10, RP-AD)",
                                timeoutNote,
                            ]))
                }
            }
        } else if !simpleHosts.isEmpty || !pathHosts.isEmpty || !lyncdiscover.isEmpty {
            findings.append(
                Finding(
                    .noWebPool,
                    message:
                        "the topology has no Front End pool, Standard Edition server or Director: the simple URLs "
                        + "and autodiscover cannot be published (§1)", path: "pools"))
        }

        // 4. Office Web Apps Server: 443 → 443.
        if let owas = topology.officeWebApps {
            if owas.publishedExternally {
                let fqdn = Hostname.normalized(owas.fqdn)
                rules.append(
                    PublishingRule(
                        name: fqdn, kind: .officeWebApps, publicNames: [fqdn], target: fqdn,
                        targetAddress: owas.internalAddress, protocol: "https", listenPort: 443, forwardPort: 443,
                        timeoutSeconds: timeoutSeconds,
                        notes: [
                            "Office Web Apps Server: 443 to 443, no 4443 bridging; clear \"Verify normalization\" "
                                + "on TMG (§10, OWAS-RP)",
                            timeoutNote,
                        ]))
            } else {
                findings.append(
                    Finding(
                        .officeWebAppsNotPublished,
                        message:
                            "Office Web Apps Server \(Hostname.normalized(owas.fqdn)) is not published: external "
                            + "users cannot view PowerPoint presentations in meetings (§1)",
                        path: "officeWebApps.publishedExternally"))
            }
        }

        findings += duplicateNames(rules) + unknownTargets(rules, topology: topology)
        return PublishingPlan(rules: rules, findings: findings)
    }

    /// An HTTPS rule to `pool`'s internal web FQDN, published port → listening port (§2, §9).
    static func webRule(
        name: String, kind: PublishingRuleKind, publicNames: [String], pool: Pool, notes: [String],
        paths: [String] = ["/*"]
    ) -> PublishingRule {
        PublishingRule(
            name: name, kind: kind, publicNames: publicNames,
            target: Hostname.normalized(pool.effectiveInternalWebFqdn),
            targetAddress: pool.internalWebAddress, protocol: "https", listenPort: pool.ports.httpsPublished,
            forwardPort: pool.ports.httpsListen, paths: paths, timeoutSeconds: timeoutSeconds,
            notes: notes + [timeoutNote])
    }

    static func roleText(_ role: PoolRole) -> String {
        switch role {
        case .frontEnd: "Front End pool"
        case .standardEdition: "Standard Edition server"
        case .director: "Director"
        }
    }

    /// A public name on two rules: the listener cannot tell which rule a request belongs to.
    static func duplicateNames(_ rules: [PublishingRule]) -> [Finding] {
        var owner: [String: String] = [:]
        var findings: [Finding] = []
        for rule in rules {
            for name in rule.publicNames {
                if let first = owner[name] {
                    findings.append(
                        Finding(
                            .duplicatePublicName,
                            message: "\(name) is a public name of both rule \(first) and rule \(rule.name)"))
                } else {
                    owner[name] = rule.name
                }
            }
        }
        return findings
    }

    /// §3/§10: the reverse proxy must resolve every rule target to the internal address, through a
    /// perimeter DNS server or its HOSTS file — never the internal DNS. One finding per target.
    static func unknownTargets(_ rules: [PublishingRule], topology: Topology) -> [Finding] {
        var reported = Set<String>()
        var findings: [Finding] = []
        for rule in rules where rule.targetAddress == nil && reported.insert(rule.target).inserted {
            let path: String?
            if rule.kind == .officeWebApps {
                path = "officeWebApps.internalAddress"
            } else {
                path = topology.pools.firstIndex { Hostname.normalized($0.effectiveInternalWebFqdn) == rule.target }
                    .map { "pools[\($0)].internalWebAddress" }
            }
            let names = rules.filter { $0.target == rule.target }.flatMap(\.publicNames)
            findings.append(
                Finding(
                    .targetAddressUnknown,
                    message:
                        "the topology has no address for \(rule.target), the target of \(names.joined(separator: ", ")): "
                        + "the reverse proxy must resolve it without the internal DNS — add a HOSTS entry (IIS ARR: "
                        + "for the published names too, which its server farms use as server address) or a "
                        + "perimeter DNS record (§3, §10)", path: path))
        }
        return findings
    }
}

/// The host of a simple URL (`https://meet.contoso.com/abc` → `meet.contoso.com`), through the
/// topology's own simple-URL parser; `nil` for text the loader would have refused.
enum SimpleUrlHost {
    static func host(of url: String) -> String? { SimpleUrl.parse(url)?.host }
}
