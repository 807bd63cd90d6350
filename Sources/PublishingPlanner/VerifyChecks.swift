import Foundation
import TopologyModel

/// What a verify request is meant to show (lync-rules.md §11).
public enum VerifyCheckKind: String, Sendable, Equatable, Codable, CaseIterable {
    /// `/abs`, `/GroupExpansion/service.svc`: an HTTP authentication challenge (401 + `WWW-Authenticate`).
    case authenticationChallenge = "auth-challenge"
    /// `/meet`, `/dialin` and the Meet / Dial-in simple URLs: a page anonymous users can open.
    case page
    /// `https://lyncdiscover.<domain>/` (or `http://` with `autodiscover: http`): the autodiscover JSON.
    case autodiscover
    /// `/autodiscover/autodiscoverservice.svc/root` without an Accept header: 200 (the DR monitor's probe).
    case autodiscoverRoot = "autodiscover-root"
    /// `https://<owas>/hosting/discovery`: Office Web Apps Server's WOPI discovery document.
    case officeWebAppsDiscovery = "owas-discovery"
    /// The certificate served for the name covers it.
    case certificate
}

/// One request `lynccert verify` makes, and what it expects.
public struct VerifyProbe: Sendable, Equatable {
    /// The published host name the request is for (sent as SNI and Host header).
    public var name: String
    /// The URL as a client on the Internet uses it (default ports).
    public var url: String
    public var kind: VerifyCheckKind
    /// What a healthy deployment answers, for people.
    public var expected: String
    /// Extra request header lines; `Accept:` (nothing after the colon) sends no Accept header.
    public var headers: [String]
    /// The publishing rule that should carry the request.
    public var rule: String
    /// Where that rule forwards to (`target:port`), for messages about 5xx answers.
    public var forwardsTo: String

    public init(
        name: String, url: String, kind: VerifyCheckKind, expected: String, headers: [String] = [], rule: String,
        forwardsTo: String
    ) {
        self.name = name
        self.url = url
        self.kind = kind
        self.expected = expected
        self.headers = headers
        self.rule = rule
        self.forwardsTo = forwardsTo
    }

    /// Whether the request is `https://` (and so has a certificate to audit).
    public var isHTTPS: Bool { url.lowercased().hasPrefix("https://") }
}

/// An HTTP answer, as the check sees it.
public struct VerifyObservation: Sendable, Equatable {
    public var httpStatus: Int
    /// Header fields in order (names as received).
    public var headers: [(name: String, value: String)]
    public var body: Data
    /// URLs that redirected (same host) before the final answer.
    public var redirects: [String]
    /// A redirect that was not followed because it leads to another host (or too many hops).
    public var unfollowedRedirect: String?
    /// Whether `unfollowedRedirect` is on the same host and was left only because the redirect
    /// limit was reached: a loop, or a chain too long.
    public var redirectLimitReached: Bool

    public init(
        httpStatus: Int, headers: [(name: String, value: String)] = [], body: Data = Data(), redirects: [String] = [],
        unfollowedRedirect: String? = nil, redirectLimitReached: Bool = false
    ) {
        self.httpStatus = httpStatus
        self.headers = headers
        self.body = body
        self.redirects = redirects
        self.unfollowedRedirect = unfollowedRedirect
        self.redirectLimitReached = redirectLimitReached
    }

    /// Every value of header `name`, case-insensitively.
    public func values(of name: String) -> [String] {
        headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }

    public static func == (lhs: VerifyObservation, rhs: VerifyObservation) -> Bool {
        lhs.httpStatus == rhs.httpStatus
            && lhs.headers.map { [$0.name, $0.value] } == rhs.headers.map { [$0.name, $0.value] }
            && lhs.body == rhs.body && lhs.redirects == rhs.redirects
            && lhs.unfollowedRedirect == rhs.unfollowedRedirect && lhs.redirectLimitReached == rhs.redirectLimitReached
    }
}

/// Why a request got no HTTP answer.
public enum VerifyTransportFailure: Sendable, Equatable {
    /// No TCP connection to the address being tested.
    case unreachable(String)
    /// The TLS handshake failed (or the certificate was refused with `--ca-file`).
    case tls(String)
    /// Connected, but no answer in time.
    case timedOut(String)
    /// Anything else: the connection broke, the answer was not HTTP.
    case other(String)
}

/// The outcome of one check.
public enum VerifyStatus: String, Sendable, Equatable, Codable, CaseIterable {
    case ok
    case warning
    case fail
}

/// One row of `lynccert verify`'s report (DESIGN.md JSON shape: name, url, expected, status,
/// httpStatus, message; kind and rule added).
public struct VerifyCheckResult: Sendable, Equatable, Codable {
    public var name: String
    public var url: String
    public var kind: VerifyCheckKind
    public var expected: String
    public var status: VerifyStatus
    public var httpStatus: Int?
    public var message: String
    public var rule: String
    /// Certificate checks: the served certificate's SHA-1 thumbprint as Windows shows it (40
    /// upper-case hex digits), its notAfter (ISO 8601, UTC) and the whole days left until then.
    public var thumbprint: String?
    public var notAfter: String?
    public var daysUntilExpiry: Int?

    public init(
        name: String, url: String, kind: VerifyCheckKind, expected: String, status: VerifyStatus, httpStatus: Int?,
        message: String, rule: String
    ) {
        self.name = name
        self.url = url
        self.kind = kind
        self.expected = expected
        self.status = status
        self.httpStatus = httpStatus
        self.message = message
        self.rule = rule
    }

    private enum CodingKeys: String, CodingKey {
        case name, url, kind, expected, status, httpStatus, message, rule, thumbprint, notAfter, daysUntilExpiry
    }

    /// Encodes every DESIGN.md field, `httpStatus` as `null` when no HTTP answer came; the
    /// certificate fields only on certificate checks that got a certificate.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(url, forKey: .url)
        try container.encode(kind, forKey: .kind)
        try container.encode(expected, forKey: .expected)
        try container.encode(status, forKey: .status)
        try container.encode(httpStatus, forKey: .httpStatus)
        try container.encode(message, forKey: .message)
        try container.encode(rule, forKey: .rule)
        try container.encodeIfPresent(thumbprint, forKey: .thumbprint)
        try container.encodeIfPresent(notAfter, forKey: .notAfter)
        try container.encodeIfPresent(daysUntilExpiry, forKey: .daysUntilExpiry)
    }

    init(_ probe: VerifyProbe, _ status: VerifyStatus, _ httpStatus: Int?, _ message: String) {
        self.init(
            name: probe.name, url: probe.url, kind: probe.kind, expected: probe.expected, status: status,
            httpStatus: httpStatus, message: message, rule: probe.rule)
    }
}

/// Counts by status.
public struct VerifySummary: Sendable, Equatable, Codable {
    public var total: Int
    public var ok: Int
    public var warning: Int
    public var fail: Int

    public init(_ results: [VerifyCheckResult]) {
        total = results.count
        ok = results.filter { $0.status == .ok }.count
        warning = results.filter { $0.status == .warning }.count
        fail = results.filter { $0.status == .fail }.count
    }
}

/// Microsoft's "verify access through your reverse proxy" list as requests and judgements
/// (lync-rules.md §11). Pure: the command layer makes the requests and hands the answers back.
///
/// Requests, in the publishing plan's rule order:
/// - every **web services** rule (each published pool external web FQDN): `/abs` and
///   `/GroupExpansion/service.svc` must challenge for credentials; `/meet` and `/dialin` must
///   answer with a page; `/autodiscover/autodiscoverservice.svc/root` without an Accept header
///   must answer 200 (the probe Microsoft gives for disaster-recovery monitoring);
/// - every **Meet** simple URL (one per SIP domain) and the **Dial-in** simple URL: a page
///   (never Admin: it is internal only);
/// - **autodiscover**: `https://lyncdiscover.<domain>/`, or `http://lyncdiscover.<domain>/` when
///   the topology publishes it on port 80 (`autodiscover: http`), must return the autodiscover
///   JSON with `AccessLocation` `External` and the `Domain`, `User` and `OAuth` links; its
///   `/autodiscover/autodiscoverservice.svc/root` is asked too, as on the pool's name;
/// - **Office Web Apps Server**, when published: `https://<owas>/hosting/discovery` answers 200
///   with the WOPI discovery document.
///
/// Readings where §11 is silent: a page check passes on any 2xx after redirects on the same host
/// (IIS answers `/meet` with a 301 to `/meet/`); a 401 on a page fails, because those pages are
/// anonymous and a challenge means the request reached the internal web site or a listener that
/// authenticates. A challenge offering neither Negotiate nor NTLM is a warning: Lync's external
/// web site offers Windows authentication, so a Basic-only or forms challenge comes from the proxy
/// itself (§10: the listener allows no authentication). A missing `OAuth` link is a warning (Lync
/// 2010 and early 2013 servers do not offer it); missing `Domain` or `User` links fail, as do
/// links to a host the reverse proxy does not publish (mobile clients follow them next).
/// On every external web name (each pool's external web FQDN and lyncdiscover) an autodiscover
/// answer whose `AccessLocation` is not `External` fails, naming the rule: only the internal web
/// site answers `Internal`, so the rule forwards to 443 instead of the external site's 4443.
public enum VerifyChecks {
    /// Paths every published pool's external web FQDN answers (lync-rules.md §11).
    public static let challengePaths = ["/abs", "/GroupExpansion/service.svc"]
    public static let pagePaths = ["/meet", "/dialin"]
    public static let autodiscoverRootPath = "/autodiscover/autodiscoverservice.svc/root"
    public static let officeWebAppsDiscoveryPath = "/hosting/discovery"
    static let rootExpected = "200 with no Accept header; AccessLocation External when the body is the JSON"

    /// The requests for `topology` as published by `plan`, in rule order.
    public static func probes(topology: Topology, plan: PublishingPlan) -> [VerifyProbe] {
        var probes: [VerifyProbe] = []
        for rule in plan.rules {
            let forwardsTo = "\(rule.target):\(rule.forwardPort)"
            switch rule.kind {
            case .webServices:
                for name in rule.publicNames {
                    for path in challengePaths {
                        probes.append(
                            VerifyProbe(
                                name: name, url: "https://\(name)\(path)", kind: .authenticationChallenge,
                                expected: "401 with WWW-Authenticate (Windows authentication)", rule: rule.name,
                                forwardsTo: forwardsTo))
                    }
                    for path in pagePaths {
                        probes.append(
                            VerifyProbe(
                                name: name, url: "https://\(name)\(path)", kind: .page,
                                expected: "a page (2xx) without credentials", rule: rule.name, forwardsTo: forwardsTo))
                    }
                    probes.append(
                        VerifyProbe(
                            name: name, url: "https://\(name)\(autodiscoverRootPath)", kind: .autodiscoverRoot,
                            expected: rootExpected, headers: ["Accept:"], rule: rule.name, forwardsTo: forwardsTo))
                }
            case .simpleUrls:
                let hosts = Set(rule.publicNames)
                var urls = topology.simpleUrls.meet.map(\.url) + [topology.simpleUrls.dialin]
                var seen = Set<String>()
                urls = urls.filter { seen.insert($0.lowercased()).inserted }
                for url in urls {
                    guard let parsed = SimpleUrl.parse(url), hosts.contains(parsed.host) else { continue }
                    probes.append(
                        VerifyProbe(
                            name: parsed.host, url: "https://\(parsed.host)\(parsed.path.isEmpty ? "/" : parsed.path)",
                            kind: .page, expected: "a page (2xx) without credentials", rule: rule.name,
                            forwardsTo: forwardsTo))
                }
            case .autodiscover, .autodiscoverHttp:
                let scheme = rule.kind == .autodiscover ? "https" : "http"
                for name in rule.publicNames {
                    probes.append(
                        VerifyProbe(
                            name: name, url: "\(scheme)://\(name)/", kind: .autodiscover,
                            expected: "200 autodiscover JSON, AccessLocation External, Domain/User/OAuth links",
                            rule: rule.name, forwardsTo: forwardsTo))
                    // The same service path as on the pool's name: a rule to the internal site shows here too.
                    probes.append(
                        VerifyProbe(
                            name: name, url: "\(scheme)://\(name)\(autodiscoverRootPath)", kind: .autodiscoverRoot,
                            expected: rootExpected, headers: ["Accept:"], rule: rule.name, forwardsTo: forwardsTo))
                }
            case .officeWebApps:
                for name in rule.publicNames {
                    probes.append(
                        VerifyProbe(
                            name: name, url: "https://\(name)\(officeWebAppsDiscoveryPath)",
                            kind: .officeWebAppsDiscovery,
                            expected: "200 WOPI discovery XML", rule: rule.name, forwardsTo: forwardsTo))
                }
            }
        }
        // Simple URLs on a pool's own external web FQDN (https://webext.contoso.com/meet style)
        // have no simple-URL rule of their own; they ride on the web services rule.
        let webNames = Dictionary(
            plan.rules.filter { $0.kind == .webServices }.flatMap { r in r.publicNames.map { ($0, r) } },
            uniquingKeysWith: { a, _ in a })
        var seen = Set(probes.map { $0.url.lowercased() })
        for url in topology.simpleUrls.meet.map(\.url) + [topology.simpleUrls.dialin] {
            guard let parsed = SimpleUrl.parse(url), let rule = webNames[parsed.host], !parsed.path.isEmpty else {
                continue
            }
            let full = "https://\(parsed.host)\(parsed.path)"
            guard seen.insert(full.lowercased()).inserted else { continue }
            probes.append(
                VerifyProbe(
                    name: parsed.host, url: full, kind: .page, expected: "a page (2xx) without credentials",
                    rule: rule.name, forwardsTo: "\(rule.target):\(rule.forwardPort)"))
        }
        return probes
    }

    /// Every `https` public name of the plan, in rule order, each once: the names whose served
    /// certificate is audited.
    public static func httpsNames(plan: PublishingPlan) -> [String] {
        var seen = Set<String>()
        return plan.rules.filter { $0.protocol == "https" }.flatMap(\.publicNames).filter { seen.insert($0).inserted }
    }

    /// Judges the answer to `probe`.
    ///
    /// - Parameter publishedNames: every name the plan publishes; autodiscover links must point at one.
    public static func judge(
        _ probe: VerifyProbe, observation o: VerifyObservation, publishedNames: Set<String>
    ) -> VerifyCheckResult {
        let status = o.httpStatus
        let via = o.redirects.isEmpty ? "" : " after \(o.redirects.count) redirect(s) on the same host"
        if let problem = commonProblem(probe, o) { return VerifyCheckResult(probe, .fail, status, problem) }
        switch probe.kind {
        case .authenticationChallenge:
            let challenges = o.values(of: "WWW-Authenticate")
            guard status == 401 else {
                if (200..<300).contains(status) {
                    return VerifyCheckResult(
                        probe, .fail, status,
                        "\(status) without asking for credentials: Lync's external web services challenge here, so "
                            + "the request reached another site")
                }
                return VerifyCheckResult(probe, .fail, status, "\(status) instead of an authentication challenge")
            }
            guard !challenges.isEmpty else {
                return VerifyCheckResult(probe, .fail, status, "401 without a WWW-Authenticate header")
            }
            let schemes = challenges.map { $0.split(separator: " ").first.map(String.init) ?? $0 }
            let windows = schemes.contains { ["negotiate", "ntlm"].contains($0.lowercased()) }
            let offered = "401, WWW-Authenticate: \(schemes.joined(separator: ", "))"
            if !windows {
                return VerifyCheckResult(
                    probe, .warning, status,
                    "\(offered): no Negotiate or NTLM; the reverse proxy may be authenticating itself (the listener "
                        + "must allow no authentication and leave it to the client, §10)")
            }
            return VerifyCheckResult(probe, .ok, status, offered)
        case .page:
            if (200..<300).contains(status) { return VerifyCheckResult(probe, .ok, status, "\(status)\(via)") }
            if status == 401 {
                return VerifyCheckResult(
                    probe, .fail, status,
                    "401: this page is anonymous; a challenge means the request reached the internal web site or a "
                        + "listener that authenticates (§10: no authentication on the listener)")
            }
            return VerifyCheckResult(probe, .fail, status, "\(status)\(via) instead of a page")
        case .autodiscoverRoot:
            guard status == 200 else {
                return VerifyCheckResult(probe, .fail, status, "\(status) instead of 200")
            }
            if let location = (try? autodiscoverDocument(o.body))?.accessLocation {
                if location.caseInsensitiveCompare("External") != .orderedSame {
                    return VerifyCheckResult(probe, .fail, status, internalSiteMessage(probe, location: location))
                }
                return VerifyCheckResult(probe, .ok, status, "200, AccessLocation \(location)")
            }
            return VerifyCheckResult(probe, .ok, status, "200")
        case .autodiscover:
            guard status == 200 else {
                return VerifyCheckResult(probe, .fail, status, "\(status)\(via) instead of the autodiscover document")
            }
            return judgeAutodiscover(probe, o, publishedNames: publishedNames)
        case .officeWebAppsDiscovery:
            guard status == 200 else {
                return VerifyCheckResult(probe, .fail, status, "\(status) instead of the WOPI discovery document")
            }
            guard String(decoding: o.body, as: UTF8.self).contains("wopi-discovery") else {
                return VerifyCheckResult(
                    probe, .fail, status, "200, but the body is not a WOPI discovery document (<wopi-discovery>)")
            }
            return VerifyCheckResult(probe, .ok, status, "200, WOPI discovery")
        case .certificate:
            return VerifyCheckResult(probe, .fail, status, "certificate checks are judged by judgeCertificate")
        }
    }

    /// Judges a request that got no HTTP answer.
    public static func judge(_ probe: VerifyProbe, failure: VerifyTransportFailure) -> VerifyCheckResult {
        switch failure {
        case .unreachable(let reason): VerifyCheckResult(probe, .fail, nil, "no connection: \(reason)")
        case .tls(let reason): VerifyCheckResult(probe, .fail, nil, "TLS handshake failed: \(reason)")
        case .timedOut(let reason): VerifyCheckResult(probe, .fail, nil, "no answer in time: \(reason)")
        case .other(let reason): VerifyCheckResult(probe, .fail, nil, reason)
        }
    }

    /// Answers that mean the same thing whatever the check: redirects elsewhere, Host header
    /// trouble, the proxy unable to reach its target, nothing published there.
    static func commonProblem(_ probe: VerifyProbe, _ o: VerifyObservation) -> String? {
        let status = o.httpStatus
        if let target = o.unfollowedRedirect {
            if o.redirectLimitReached {
                // Same host, limit reached: a loop when the target was already visited.
                return o.redirects.contains(target)
                    ? "\(status) redirect loop on the same host: \(target) is redirected to again after "
                        + "\(o.redirects.count) redirects (\(o.redirects.first ?? target) → …)"
                    : "\(status) too many redirects on the same host: \(o.redirects.count) followed from "
                        + "\(o.redirects.first ?? target), the next to \(target) was not"
            }
            return "\(status) redirect to \(target) (not followed: only redirects on the same host are)"
        }
        let body = String(decoding: o.body.prefix(4096), as: UTF8.self)
        switch status {
        case 400 where body.localizedCaseInsensitiveContains("Invalid Hostname"):
            return "400 Invalid Hostname: the server did not recognise the Host header; the rule must forward the "
                + "original host header (§10)"
        case 404:
            return "404: the name is not published here, or forwarded to a site without this path (rule \(probe.rule) "
                + "→ \(probe.forwardsTo), path /*)"
        case 502, 503, 504:
            return "\(status): the reverse proxy could not get an answer from \(probe.forwardsTo) (rule \(probe.rule))"
        default:
            return nil
        }
    }

    /// The 443-vs-4443 mistake: the rule forwards to the pool's internal web site, which answers
    /// autodiscover with `AccessLocation` `Internal` (and so hands clients internal links).
    static func internalSiteMessage(_ probe: VerifyProbe, location: String) -> String {
        "AccessLocation \(location): rule \(probe.rule) forwards to the pool's internal web site; forward it to the "
            + "external web site instead (\(probe.forwardsTo), not \(probe.isHTTPS ? 443 : 80), §10)"
    }

    /// The parts of the autodiscover JSON the check reads.
    struct AutodiscoverDocument {
        var accessLocation: String?
        /// (token, href) pairs of `Root.Links`.
        var links: [(token: String, href: String)]
    }

    enum AutodiscoverProblem: Error { case notJSON, notObject }

    static func autodiscoverDocument(_ body: Data) throws(AutodiscoverProblem) -> AutodiscoverDocument {
        guard let object = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else {
            throw .notJSON
        }
        guard let document = object as? [String: Any] else { throw .notObject }
        let root = document["Root"] as? [String: Any]
        let links = (root?["Links"] as? [Any] ?? []).compactMap { item -> (token: String, href: String)? in
            guard let link = item as? [String: Any], let token = link["token"] as? String else { return nil }
            return (token, link["href"] as? String ?? "")
        }
        return AutodiscoverDocument(accessLocation: document["AccessLocation"] as? String, links: links)
    }

    static func judgeAutodiscover(
        _ probe: VerifyProbe, _ o: VerifyObservation, publishedNames: Set<String>
    ) -> VerifyCheckResult {
        let document: AutodiscoverDocument
        do {
            document = try autodiscoverDocument(o.body)
        } catch {
            let type = o.values(of: "Content-Type").first.map { " (\($0))" } ?? ""
            return VerifyCheckResult(probe, .fail, 200, "200, but the body\(type) is not the autodiscover JSON")
        }
        guard let location = document.accessLocation else {
            return VerifyCheckResult(probe, .fail, 200, "200, but the JSON has no AccessLocation")
        }
        if location.caseInsensitiveCompare("External") != .orderedSame {
            return VerifyCheckResult(probe, .fail, 200, internalSiteMessage(probe, location: location))
        }
        let tokens = Set(document.links.map { $0.token.lowercased() })
        let missing = ["Domain", "User"].filter { !tokens.contains($0.lowercased()) }
        if !missing.isEmpty {
            return VerifyCheckResult(
                probe, .fail, 200, "AccessLocation External, but no \(missing.joined(separator: " or ")) link")
        }
        var unpublished: [String] = []
        for link in document.links {
            guard let host = URLComponents(string: link.href)?.host.map(Hostname.normalized) else { continue }
            if !publishedNames.contains(host) && !unpublished.contains(host) { unpublished.append(host) }
        }
        if !unpublished.isEmpty {
            return VerifyCheckResult(
                probe, .fail, 200,
                "the links point at \(unpublished.joined(separator: ", ")), which the reverse proxy does not publish: "
                    + "clients cannot follow them")
        }
        let linkTokens = document.links.map(\.token).joined(separator: ", ")
        if !tokens.contains("oauth") {
            return VerifyCheckResult(
                probe, .warning, 200,
                "AccessLocation External, links \(linkTokens); no OAuth link (Lync 2010 or an early Lync 2013 update)")
        }
        return VerifyCheckResult(probe, .ok, 200, "AccessLocation External, links \(linkTokens)")
    }
}
