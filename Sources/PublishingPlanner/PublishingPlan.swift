import TopologyModel

/// What a publishing rule publishes.
public enum PublishingRuleKind: String, Sendable, Equatable, Codable, CaseIterable {
    /// A Front End pool's, Standard Edition server's or Director's external web services.
    case webServices
    /// Meet / Dial-in simple URLs published as their own rule.
    case simpleUrls
    /// `lyncdiscover.<sipdomain>` over HTTPS.
    case autodiscover
    /// `lyncdiscover.<sipdomain>` over HTTP/80 bridged to 8080.
    case autodiscoverHttp
    /// Office Web Apps Server (443 to 443).
    case officeWebApps
}

/// One reverse-proxy publishing rule (lync-rules.md §10).
public struct PublishingRule: Sendable, Equatable, Codable {
    /// A stable name, e.g. the first public name (the IIS ARR server farm name).
    public var name: String
    public var kind: PublishingRuleKind
    /// Public host names the rule answers for.
    public var publicNames: [String]
    /// Internal site the request is forwarded to (internal web FQDN, pool FQDN, OWAS FQDN).
    public var target: String
    /// Address of `target` when the topology knows it.
    public var targetAddress: String?
    /// `https` or `http`: the scheme of both listener and forwarded connection.
    public var `protocol`: String
    public var listenPort: Int
    public var forwardPort: Int
    /// Plain-HTTP listener and forward port when the rule also bridges 80 → 8080.
    public var httpListenPort: Int?
    public var httpForwardPort: Int?
    /// The first of `paths` (DESIGN.md's key).
    public var path: String
    /// Every path the rule publishes: `/*` for a whole host; for simple URLs that share a base
    /// host (Gg425874 options 2 and 3: `https://lync.contoso.com/Meet`) only their own paths, so
    /// an Admin URL on the same host stays unpublished.
    public var paths: [String]
    /// Always true: Lync needs the original Host header.
    public var preserveHostHeader: Bool
    /// Always false: SSL offloading is not supported.
    public var sslOffloading: Bool
    /// Proxy time-out in seconds (960 for mobile clients).
    public var timeoutSeconds: Int
    public var notes: [String]

    public init(
        name: String, kind: PublishingRuleKind, publicNames: [String], target: String, targetAddress: String? = nil,
        protocol: String = "https", listenPort: Int = 443, forwardPort: Int = 4443, httpListenPort: Int? = nil,
        httpForwardPort: Int? = nil, paths: [String] = ["/*"], preserveHostHeader: Bool = true,
        sslOffloading: Bool = false,
        timeoutSeconds: Int = 960, notes: [String] = []
    ) {
        self.name = name
        self.kind = kind
        self.publicNames = publicNames
        self.target = target
        self.targetAddress = targetAddress
        self.protocol = `protocol`
        self.listenPort = listenPort
        self.forwardPort = forwardPort
        self.httpListenPort = httpListenPort
        self.httpForwardPort = httpForwardPort
        self.path = paths.first ?? "/*"
        self.paths = paths.isEmpty ? ["/*"] : paths
        self.preserveHostHeader = preserveHostHeader
        self.sslOffloading = sslOffloading
        self.timeoutSeconds = timeoutSeconds
        self.notes = notes
    }
}

/// Every publishing rule the reverse proxy needs, and the findings about them.
public struct PublishingPlan: Sendable, Equatable, Codable {
    public var rules: [PublishingRule]
    public var findings: [Finding]

    public init(rules: [PublishingRule], findings: [Finding]) {
        self.rules = rules
        self.findings = findings
    }
}
