import TopologyModel

/// The reverse proxy's own setup: its two network adapters, persistent routes, the internal names
/// it must resolve, the firewall rules it needs, and live checks of the internal side.
///
/// Microsoft's reverse-proxy setup (lync-rules.md §3, RP-NIC) is the step administrators most
/// often get wrong: two adapters, the default gateway on the external one only, persistent static
/// routes to every internal subnet that holds a published server, and name resolution of the
/// internal FQDNs through a HOSTS file or a perimeter DNS — never the internal DNS. Then the
/// firewall opens exactly the ports of lync-rules.md §9. `HostPlanner.plan` derives all of it
/// from the topology and the publishing plan; the findings say what is missing or wrong.
public struct HostPlan: Sendable, Equatable, Codable {
    /// The external adapter: listener address(es) and the default gateway.
    public var externalAdapter: HostAdapter
    /// The internal adapter: no default gateway, persistent routes instead.
    public var internalAdapter: HostAdapter
    /// The adapters that carry a default gateway: `[.external]` when set up right.
    public var defaultGatewayOn: [AdapterSide]
    /// The persistent routes of the topology, each with the publishing targets it reaches.
    public var routes: [HostRoute]
    /// Names the reverse proxy must resolve to internal addresses (HOSTS file or perimeter DNS).
    public var internalNames: [InternalName]
    /// Firewall rules: external listener ports inbound, forward ports outbound (lync-rules.md §9).
    public var firewallRules: [FirewallRule]
    /// Live checks of the internal side, one per published pool.
    public var checks: [HostCheck]
    public var findings: [Finding]
}

/// Which of the reverse proxy's two adapters.
public enum AdapterSide: String, Sendable, Equatable, Codable, CaseIterable {
    case external
    case `internal`
}

/// One network adapter of the reverse proxy, as the topology describes it.
public struct HostAdapter: Sendable, Equatable, Codable {
    public var side: AdapterSide
    /// The adapter's (first) address; `nil` when the topology does not give it.
    public var address: String?
    /// Further addresses the adapter must carry, e.g. a separate Office Web Apps listener.
    public var additionalAddresses: [String] = []
    public var prefixLength: Int?
    /// The adapter's subnet in CIDR form, when address and prefix length are known.
    public var subnet: String?
    /// The default gateway configured on this adapter (on the internal one, always a mistake).
    public var gateway: String?
    /// What the adapter is for and how to set it up.
    public var notes: [String] = []
}

/// A persistent static route on the internal adapter.
public struct HostRoute: Sendable, Equatable, Codable {
    /// Destination in CIDR form (`192.168.10.0/24`).
    public var subnet: String
    /// The network address (`192.168.10.0`).
    public var network: String
    public var prefixLength: Int
    /// Dotted netmask for IPv4 (`255.255.255.0`); `nil` for IPv6.
    public var netmask: String?
    /// The next-hop router on the internal network.
    public var via: String
    public var isIPv6: Bool
    /// Publishing targets (internal names) whose known address lies in this subnet.
    public var reaches: [String]
    /// Problems with this route (`code: message`), also in the plan's findings.
    public var warnings: [String] = []
}

/// Why the reverse proxy must resolve a name.
public enum InternalNameUse: String, Sendable, Equatable, Codable, CaseIterable {
    /// The internal site of a publishing rule: every reverse proxy resolves it (lync-rules.md §10).
    case target
    /// A published name that IIS ARR uses as its server farm's server address (RP-RULES step 2):
    /// on an ARR reverse proxy it must resolve to the internal target, not to the proxy itself.
    case arrServerFarm
}

/// A name the reverse proxy must resolve to an internal address, and that address when known.
public struct InternalName: Sendable, Equatable, Codable {
    public var name: String
    /// The address it must resolve to; `nil` when the topology does not know it (the admin adds it).
    public var address: String?
    public var use: InternalNameUse
    /// The publishing rules that need it (rule names).
    public var rules: [String]
    /// The public names of those rules (for `arrServerFarm`: the name itself).
    public var publicNames: [String]
    /// For `arrServerFarm` names: the internal target whose address the name takes.
    public var resolvesLike: String?
    /// Why the name is needed, citing the rule.
    public var reason: String
    /// The topology field that would give the address, when the address is unknown.
    public var addressSource: String?
}

/// Traffic direction as the reverse proxy's own firewall sees it.
public enum FirewallDirection: String, Sendable, Equatable, Codable, CaseIterable {
    /// From the Internet to the listener on the external adapter.
    case inbound
    /// From the internal adapter to a published server.
    case outbound
}

/// One firewall rule the reverse proxy (and any firewall around it) must allow.
public struct FirewallRule: Sendable, Equatable, Codable {
    /// A unique display name.
    public var name: String
    public var direction: FirewallDirection
    /// The adapter the traffic uses.
    public var adapter: AdapterSide
    /// `Any`, an address, or a description when the address is unknown.
    public var source: String
    /// An address, or the name when the address is unknown.
    public var destination: String
    /// The names behind `destination` (published names inbound, the internal target outbound).
    public var destinationNames: [String]
    /// Always `TCP` (lync-rules.md §9).
    public var `protocol`: String = "TCP"
    public var port: Int
    /// Whether `source` and `destination` are concrete addresses (else the admin must fill them in).
    public var addressesKnown: Bool
    /// Why the port is open, citing lync-rules.md §9.
    public var reason: String
}

/// A live check of the internal side: does the pool's external web site (IIS, port 4443) present a
/// certificate that covers the external web FQDN and chains to the CA the reverse proxy trusts?
public struct HostCheck: Sendable, Equatable, Codable {
    /// The pool FQDN.
    public var pool: String
    /// The planned certificate to audit against (`<pool>/web-external`).
    public var certificateId: String
    /// `HOST:PORT` to connect to: the internal web address (else FQDN) and the HTTPS listening port.
    public var connect: String
    /// The complete `lynccert audit` command line.
    public var command: String
    public var reason: String
}
