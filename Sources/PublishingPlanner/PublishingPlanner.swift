import Topology

/// The finding codes the publishing planner emits (documented in the README, "publishing plan findings").
public enum PublishingFindingCode {
    /// A Front End pool, Standard Edition server or Director has no external web FQDN: not published.
    public static let poolNotPublished = "pool-not-published"
    /// A rule's target has no known address: the reverse proxy must resolve it (HOSTS / perimeter DNS).
    public static let targetAddressUnknown = "target-address-unknown"
    /// No pool with web services: simple URLs and autodiscover cannot be published.
    public static let noWebPool = "no-web-pool"
    /// One public name on two rules: the reverse proxy cannot tell which rule a request is for.
    public static let duplicatePublicName = "duplicate-public-name"
    /// Office Web Apps Server is in the topology but not published: external users see no PowerPoint content.
    public static let officeWebAppsNotPublished = "office-web-apps-not-published"
}

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
/// Every rule: path `/*`, the original Host header forwarded, no SSL offloading, proxy time-out
/// 960 s (Lync mobile clients: Office 365 push notifications time out at 900 s, §10).
public enum PublishingPlanner {
    /// The proxy time-out in seconds for every rule (lync-rules.md §10, RP-RULES step 10).
    public static let timeoutSeconds = 960

    /// Why the time-out is 960 s; attached to every rule as a note.
    public static let timeoutNote =
        "proxy time-out 960 s: Lync mobile clients wait on Office 365 push notifications, which time out at 900 s (§10)"

    public static func plan(_ topology: Topology) -> PublishingPlan {
        var rules: [PublishingRule] = []
        var findings: [Finding] = []
        let pools = topology.pools

        // 1. Web services: one rule per published pool.
        for (i, pool) in pools.enumerated() {
            let role = roleText(pool.role)
            guard let ext = pool.externalWebFqdn.map(Hostname.normalized) else {
                findings.append(
                    Finding(
                        severity: .warning, code: PublishingFindingCode.poolNotPublished,
                        message:
                            "\(role) \(Hostname.normalized(pool.fqdn)) has no external web FQDN and is not published: "
                            + "remote users homed there (or signing in through it) get no meeting content, address "
                            + "book, group expansion or mobility (§1)", path: "pools[\(i)].externalWebFqdn"))
                continue
            }
            rules.append(
                webRule(
                    name: ext, kind: .webServices, publicNames: [ext], pool: pool,
                    notes: ["\(role) \(Hostname.normalized(pool.fqdn)) external web services (§1, §10)"]))
        }

        // The pool simple URLs and autodiscover go to: first Director, else first FE/SE (§1, §7).
        let entryIndex = pools.firstIndex { $0.role == .director } ?? pools.firstIndex { $0.role != .director }
        let alreadyPublished = Set(rules.flatMap(\.publicNames))

        // 2. Simple URLs (Meet per SIP domain, Dial-in; never Admin).
        var simpleHosts: [String] = []
        for meet in topology.simpleUrls.meet {
            if let host = SimpleUrlHost.host(of: meet.url) { simpleHosts.append(host) }
        }
        if let host = SimpleUrlHost.host(of: topology.simpleUrls.dialin) { simpleHosts.append(host) }
        var seen = alreadyPublished
        simpleHosts = simpleHosts.filter { seen.insert($0).inserted }

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
        } else if !simpleHosts.isEmpty || !lyncdiscover.isEmpty {
            findings.append(
                Finding(
                    severity: .error, code: PublishingFindingCode.noWebPool,
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
                        severity: .info, code: PublishingFindingCode.officeWebAppsNotPublished,
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
        name: String, kind: PublishingRuleKind, publicNames: [String], pool: Pool, notes: [String]
    ) -> PublishingRule {
        PublishingRule(
            name: name, kind: kind, publicNames: publicNames,
            target: Hostname.normalized(pool.effectiveInternalWebFqdn),
            targetAddress: pool.internalWebAddress, protocol: "https", listenPort: pool.ports.httpsPublished,
            forwardPort: pool.ports.httpsListen, timeoutSeconds: timeoutSeconds, notes: notes + [timeoutNote])
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
                            severity: .error, code: PublishingFindingCode.duplicatePublicName,
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
                    severity: .info, code: PublishingFindingCode.targetAddressUnknown,
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
