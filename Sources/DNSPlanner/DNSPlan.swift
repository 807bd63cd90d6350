import TopologyModel

/// Which DNS a record belongs to: what the internet sees, or what internal clients see.
public enum DNSView: String, Sendable, Equatable, Codable, CaseIterable {
    case external
    case `internal`
}

/// DNS record types lynccert plans and checks.
public enum DNSRecordType: String, Sendable, Equatable, Codable, CaseIterable {
    case A
    case AAAA
    case CNAME
    case SRV
}

/// One planned DNS record.
///
/// `value` is an address (A/AAAA), a target name (CNAME, SRV). When the topology does not know
/// the address, `value` is `nil` and `addressNeeded` says so: lynccert never invents one.
public struct DNSRecord: Sendable, Equatable, Codable, Hashable {
    public var view: DNSView
    public var type: DNSRecordType
    /// Owner name, lower-case, no trailing dot.
    public var name: String
    public var value: String?
    public var port: Int?
    public var priority: Int?
    public var weight: Int?
    /// What the record is for, in an administrator's words.
    public var purpose: String
    /// The rule it comes from (lync-rules.md section).
    public var rule: String
    /// Whether the address is missing from the topology and must be filled in.
    public var addressNeeded: Bool
    /// Topology field the value should come from, when `addressNeeded`.
    public var path: String?

    public init(
        view: DNSView, type: DNSRecordType, name: String, value: String?, port: Int? = nil, priority: Int? = nil,
        weight: Int? = nil, purpose: String, rule: String, addressNeeded: Bool = false, path: String? = nil
    ) {
        self.view = view
        self.type = type
        self.name = name
        self.value = value
        self.port = port
        self.priority = priority
        self.weight = weight
        self.purpose = purpose
        self.rule = rule
        self.addressNeeded = addressNeeded
        self.path = path
    }
}

/// Every DNS record a topology needs, and the findings about them.
public struct DNSPlan: Sendable, Equatable, Codable {
    public var records: [DNSRecord]
    public var findings: [Finding]

    public init(records: [DNSRecord], findings: [Finding]) {
        self.records = records
        self.findings = findings
    }

    public func records(in view: DNSView) -> [DNSRecord] { records.filter { $0.view == view } }
}
