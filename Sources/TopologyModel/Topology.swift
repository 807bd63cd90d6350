/// A Lync Server 2013 / Skype for Business deployment as seen from the outside world.
///
/// This is the validated model every planner reads. It mirrors the topology file of DESIGN.md
/// (YAML or JSON, same shape) and is what the XML importer produces. Optional parts of the file
/// are optional here; defaults that Microsoft documents (ports 8080/4443/80/443, RSA 2048) are
/// filled in by the loader, so planners never guess.
public struct Topology: Sendable, Equatable, Codable {
    /// The file format version; only 1 exists.
    public var version: Int
    /// SIP domains; the first one is the default SIP domain.
    public var sipDomains: [String]
    public var simpleUrls: SimpleUrls
    public var pools: [Pool]
    public var officeWebApps: OfficeWebApps?
    public var edgePools: [EdgePool]
    public var reverseProxy: ReverseProxy
    public var certificates: CertificatePolicy

    public init(
        version: Int = 1, sipDomains: [String], simpleUrls: SimpleUrls, pools: [Pool],
        officeWebApps: OfficeWebApps? = nil, edgePools: [EdgePool] = [], reverseProxy: ReverseProxy = ReverseProxy(),
        certificates: CertificatePolicy = CertificatePolicy()
    ) {
        self.version = version
        self.sipDomains = sipDomains
        self.simpleUrls = simpleUrls
        self.pools = pools
        self.officeWebApps = officeWebApps
        self.edgePools = edgePools
        self.reverseProxy = reverseProxy
        self.certificates = certificates
    }

    /// The default SIP domain (the first listed).
    public var defaultSipDomain: String? { sipDomains.first }

    /// Pools whose role is Director.
    public var directors: [Pool] { pools.filter { $0.role == .director } }

    /// Pools that home users: Front End pools and Standard Edition servers.
    public var userPools: [Pool] { pools.filter { $0.role != .director } }
}

/// The simple URLs (lync-rules.md §7): one Meet per SIP domain, one Dial-in, an optional Admin.
public struct SimpleUrls: Sendable, Equatable, Codable {
    public var meet: [MeetUrl]
    public var dialin: String
    /// Internal only: never on the reverse-proxy certificate or in external DNS.
    public var admin: String?

    public init(meet: [MeetUrl], dialin: String, admin: String? = nil) {
        self.meet = meet
        self.dialin = dialin
        self.admin = admin
    }
}

/// The Meet simple URL of one SIP domain.
public struct MeetUrl: Sendable, Equatable, Codable {
    public var domain: String
    public var url: String

    public init(domain: String, url: String) {
        self.domain = domain
        self.url = url
    }
}

/// The role of a pool with web services.
public enum PoolRole: String, Sendable, Equatable, Codable, CaseIterable {
    case frontEnd
    case standardEdition
    case director
}

/// A Front End pool, Standard Edition server or Director (pool).
public struct Pool: Sendable, Equatable, Codable {
    /// The pool FQDN (for Standard Edition, the server FQDN).
    public var fqdn: String
    public var role: PoolRole
    public var site: String?
    /// Member server FQDNs, when known.
    public var machines: [String]
    /// Overridden internal web services FQDN; `nil` means the pool FQDN.
    public var internalWebFqdn: String?
    /// External web services FQDN; `nil` when the pool is not published externally.
    public var externalWebFqdn: String?
    /// Address internal clients and the reverse proxy use for the internal web FQDN (VIP or server IP).
    public var internalWebAddress: String?
    public var ports: WebPorts

    public init(
        fqdn: String, role: PoolRole, site: String? = nil, machines: [String] = [], internalWebFqdn: String? = nil,
        externalWebFqdn: String? = nil, internalWebAddress: String? = nil, ports: WebPorts = WebPorts()
    ) {
        self.fqdn = fqdn
        self.role = role
        self.site = site
        self.machines = machines
        self.internalWebFqdn = internalWebFqdn
        self.externalWebFqdn = externalWebFqdn
        self.internalWebAddress = internalWebAddress
        self.ports = ports
    }

    /// The internal web services FQDN in effect: the override, else the pool FQDN (lync-rules.md §2).
    public var effectiveInternalWebFqdn: String { internalWebFqdn ?? fqdn }
}

/// Web services ports (lync-rules.md §2): listening ports are where IIS's external web site listens
/// (reverse proxy → server); published ports are what the reverse proxy exposes to clients.
public struct WebPorts: Sendable, Equatable, Codable {
    public var httpListen: Int
    public var httpsListen: Int
    public var httpPublished: Int
    public var httpsPublished: Int

    public init(httpListen: Int = 8080, httpsListen: Int = 4443, httpPublished: Int = 80, httpsPublished: Int = 443) {
        self.httpListen = httpListen
        self.httpsListen = httpsListen
        self.httpPublished = httpPublished
        self.httpsPublished = httpsPublished
    }
}

/// An Office Web Apps Server farm.
public struct OfficeWebApps: Sendable, Equatable, Codable {
    public var fqdn: String
    /// Published through the reverse proxy (then its FQDN is on the reverse-proxy certificate).
    public var publishedExternally: Bool
    /// Public address of its DNS record; `nil` means the reverse proxy's external address.
    public var externalAddress: String?
    /// Internal address, when known (for internal DNS and the reverse proxy's HOSTS file).
    public var internalAddress: String?

    public init(
        fqdn: String, publishedExternally: Bool = false, externalAddress: String? = nil, internalAddress: String? = nil
    ) {
        self.fqdn = fqdn
        self.publishedExternally = publishedExternally
        self.externalAddress = externalAddress
        self.internalAddress = internalAddress
    }
}

/// An Edge pool (or single Edge server): one internal FQDN and three external service FQDNs.
public struct EdgePool: Sendable, Equatable, Codable {
    /// The internal pool FQDN (subject of the internal Edge certificate).
    public var fqdn: String
    public var accessEdgeFqdn: String
    public var webConferencingFqdn: String
    public var avFqdn: String
    public var externalAddresses: EdgeAddresses
    public var internalAddresses: [String]
    /// Federation: `_sipfederationtls._tcp` records.
    public var federation: Bool
    /// XMPP federation: `xmpp.<domain>` records and SANs.
    public var xmpp: Bool
    /// The next-hop pool FQDN, when known.
    public var nextHop: String?
    /// The Access Edge's external SIP (client) port as configured; `nil` means Topology Builder's
    /// default for the layout (see `sipClientPort`).
    public var accessEdgePort: Int?

    public init(
        fqdn: String, accessEdgeFqdn: String, webConferencingFqdn: String, avFqdn: String,
        externalAddresses: EdgeAddresses = EdgeAddresses(), internalAddresses: [String] = [], federation: Bool = false,
        xmpp: Bool = false, nextHop: String? = nil, accessEdgePort: Int? = nil
    ) {
        self.fqdn = fqdn
        self.accessEdgeFqdn = accessEdgeFqdn
        self.webConferencingFqdn = webConferencingFqdn
        self.avFqdn = avFqdn
        self.externalAddresses = externalAddresses
        self.internalAddresses = internalAddresses
        self.federation = federation
        self.xmpp = xmpp
        self.nextHop = nextHop
        self.accessEdgePort = accessEdgePort
    }

    /// Whether the three services share one name, or one known public address: Topology
    /// Builder's "single FQDN and IP address" layout, where they are told apart by port.
    public var isSingleAddressLayout: Bool {
        let names = Set([accessEdgeFqdn, webConferencingFqdn, avFqdn].map(Hostname.normalized))
        if names.count == 1 { return true }
        let a = externalAddresses
        let access = Set(a.access)
        return !access.isEmpty && access == Set(a.webConferencing) && access == Set(a.av)
    }

    /// The port remote clients reach the Access Edge on (the `_sip._tls` SRV port): the configured
    /// one, else 443 with separate names and addresses (DNS-EDGE-PUB), else 5061 for the single
    /// FQDN / single address layout (Topology Builder's default; 443 then belongs to A/V).
    public var sipClientPort: Int { accessEdgePort ?? (isSingleAddressLayout ? 5061 : 443) }
}

/// Public addresses of the Edge services; any may be unknown (empty).
///
/// Each service holds a list: one address for a single Edge server or a hardware load balancer's
/// VIP, one per server for a pool with DNS load balancing (one A record each, DNS summary -
/// Scaled consolidated edge, DNS load balancing, JJ205319). In the file (and in JSON) a single
/// address is written as a scalar, several as a list.
public struct EdgeAddresses: Sendable, Equatable, Codable {
    public var access: [String]
    public var webConferencing: [String]
    public var av: [String]

    public init(access: [String] = [], webConferencing: [String] = [], av: [String] = []) {
        self.access = access
        self.webConferencing = webConferencing
        self.av = av
    }

    /// One address (or none) per service.
    public init(access: String?, webConferencing: String? = nil, av: String? = nil) {
        self.init(
            access: access.map { [$0] } ?? [], webConferencing: webConferencing.map { [$0] } ?? [],
            av: av.map { [$0] } ?? [])
    }

    enum CodingKeys: String, CodingKey {
        case access, webConferencing, av
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func read(_ key: CodingKeys) throws -> [String] {
            if let one = try? c.decodeIfPresent(String.self, forKey: key) { return [one] }
            return try c.decodeIfPresent([String].self, forKey: key) ?? []
        }
        self.init(access: try read(.access), webConferencing: try read(.webConferencing), av: try read(.av))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        func write(_ list: [String], _ key: CodingKeys) throws {
            if list.count == 1 {
                try c.encode(list[0], forKey: key)
            } else if !list.isEmpty {
                try c.encode(list, forKey: key)
            }
        }
        try write(access, .access)
        try write(webConferencing, .webConferencing)
        try write(av, .av)
    }
}

/// How the external autodiscover (`lyncdiscover.<sipdomain>`) is published.
public enum AutodiscoverMode: String, Sendable, Equatable, Codable, CaseIterable {
    /// Over HTTPS: every `lyncdiscover.<sipdomain>` is on the reverse-proxy certificate.
    case https
    /// Over HTTP/80 bridged to 8080: no `lyncdiscover` SANs (supported, not recommended).
    case http
}

/// The kind of public `lyncdiscover.<sipdomain>` record.
public enum LyncdiscoverRecordKind: String, Sendable, Equatable, Codable, CaseIterable {
    case a
    case cname
}

/// The reverse proxy: listener address and its own network setup (lync-rules.md §3).
public struct ReverseProxy: Sendable, Equatable, Codable {
    /// The listener's public IP.
    public var externalAddress: String?
    public var autodiscover: AutodiscoverMode
    public var lyncdiscoverRecord: LyncdiscoverRecordKind
    /// Default gateway; belongs on the external adapter only.
    public var externalGateway: String?
    /// Prefix length or dotted mask of the external adapter, when known (e.g. `24`).
    public var externalPrefixLength: Int?
    /// The internal adapter's address (no default gateway).
    public var internalAddress: String?
    /// Prefix length of the internal adapter's subnet, when known.
    public var internalPrefixLength: Int?
    /// A gateway configured on the internal adapter: always a mistake, kept to report it.
    public var internalGateway: String?
    /// Persistent static routes to the subnets holding published servers.
    public var internalRoutes: [Route]

    public init(
        externalAddress: String? = nil, autodiscover: AutodiscoverMode = .https,
        lyncdiscoverRecord: LyncdiscoverRecordKind = .a, externalGateway: String? = nil,
        externalPrefixLength: Int? = nil, internalAddress: String? = nil, internalPrefixLength: Int? = nil,
        internalGateway: String? = nil, internalRoutes: [Route] = []
    ) {
        self.externalAddress = externalAddress
        self.autodiscover = autodiscover
        self.lyncdiscoverRecord = lyncdiscoverRecord
        self.externalGateway = externalGateway
        self.externalPrefixLength = externalPrefixLength
        self.internalAddress = internalAddress
        self.internalPrefixLength = internalPrefixLength
        self.internalGateway = internalGateway
        self.internalRoutes = internalRoutes
    }
}

/// A persistent route: `subnet` (CIDR) reached through `via`.
public struct Route: Sendable, Equatable, Codable {
    public var subnet: String
    public var via: String

    public init(subnet: String, via: String) {
        self.subnet = subnet
        self.via = via
    }
}

/// Where a wildcard SAN may replace explicit names (lync-rules.md §4 rule 4).
public enum WildcardPolicy: String, Sendable, Equatable, Codable, CaseIterable {
    case none
    /// `*.<domain>` replaces the Meet and Dial-in hosts on the reverse-proxy certificate.
    case simpleUrls
    /// As `simpleUrls`, and also replaces `lyncdiscover.<sipdomain>`.
    case simpleUrlsAndAutodiscover
}

/// Certificate policy: key size, wildcard use, subject organisation, SAN limit.
public struct CertificatePolicy: Sendable, Equatable, Codable {
    public var keySize: Int
    public var wildcard: WildcardPolicy
    public var organization: Organization?
    /// Most SAN entries one certificate may carry before a finding is raised.
    public var maxSubjectAlternativeNames: Int

    /// Public CAs commonly sell UC/SAN certificates with up to 100 names (DigiCert, Sectigo,
    /// GlobalSign multi-domain products); many price tiers stop at 25.
    public static let defaultMaxSubjectAlternativeNames = 100

    public init(
        keySize: Int = 2048, wildcard: WildcardPolicy = .none, organization: Organization? = nil,
        maxSubjectAlternativeNames: Int = CertificatePolicy.defaultMaxSubjectAlternativeNames
    ) {
        self.keySize = keySize
        self.wildcard = wildcard
        self.organization = organization
        self.maxSubjectAlternativeNames = maxSubjectAlternativeNames
    }
}

/// Subject DN parts for CSRs besides the CN.
public struct Organization: Sendable, Equatable, Codable {
    public var O: String?
    public var OU: String?
    public var L: String?
    public var ST: String?
    public var C: String?

    public init(O: String? = nil, OU: String? = nil, L: String? = nil, ST: String? = nil, C: String? = nil) {
        self.O = O
        self.OU = OU
        self.L = L
        self.ST = ST
        self.C = C
    }
}
