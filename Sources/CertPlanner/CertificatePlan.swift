import TopologyModel

/// Who issues a certificate.
public enum CertificateIssuer: String, Sendable, Equatable, Codable {
    /// A public CA trusted by external clients and federation partners.
    case `public`
    /// The enterprise (internal) CA; a public CA is allowed too.
    case `internal`
}

/// The role a certificate serves, which decides the Lync policy checks that apply.
public enum CertificateRole: String, Sendable, Equatable, Codable, CaseIterable {
    case reverseProxy
    case edgeExternal
    case edgeInternal
    case poolDefault
    case poolWebInternal
    case poolWebExternal
}

/// One name on a planned certificate and why it is there.
public struct PlannedName: Sendable, Equatable, Codable, Hashable {
    /// The DNS name (lower-cased, no trailing dot); may be a `*.` wildcard where policy allows.
    public var name: String
    /// Why: the rule (lync-rules.md section) and the topology element that require it.
    public var reasons: [String]
    /// Topology field paths the name comes from (`pools[0].externalWebFqdn`).
    public var paths: [String]
    /// When this entry is a wildcard, the explicit names it stands for.
    public var replaces: [String]

    public init(name: String, reasons: [String], paths: [String] = [], replaces: [String] = []) {
        self.name = name
        self.reasons = reasons
        self.paths = paths
        self.replaces = replaces
    }

    private enum CodingKeys: String, CodingKey {
        case name, reasons, paths, replaces
    }

    /// Reads a name; missing `paths` / `replaces` mean none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        reasons = try container.decodeIfPresent([String].self, forKey: .reasons) ?? []
        paths = try container.decodeIfPresent([String].self, forKey: .paths) ?? []
        replaces = try container.decodeIfPresent([String].self, forKey: .replaces) ?? []
    }

    /// Writes `replaces` only for wildcard entries (a plan has many thousands of names, few wildcards).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(reasons, forKey: .reasons)
        try container.encode(paths, forKey: .paths)
        if !replaces.isEmpty { try container.encode(replaces, forKey: .replaces) }
    }
}

/// A certificate the topology needs: its names and key profile.
public struct PlannedCertificate: Sendable, Equatable, Codable {
    /// Stable id: `reverse-proxy`, `edge-external`, `edge-internal`, `<pool fqdn>/default`, …
    public var id: String
    public var role: CertificateRole
    /// The subject CN (never a wildcard).
    public var subject: String
    /// SAN dNSNames in canonical order; the subject is repeated here.
    public var subjectAlternativeNames: [PlannedName]
    /// Names clients must reach through this certificate (what an audit checks coverage of).
    /// Wildcards are expanded: this lists `meet.contoso.com`, not `*.contoso.com`.
    public var requiredNames: [String]
    public var keyAlgorithm: String
    public var keySize: Int
    public var keyUsages: [String]
    public var keyUsageCritical: Bool
    public var extendedKeyUsages: [String]
    public var issuer: CertificateIssuer
    public var exportablePrivateKey: Bool
    /// Whether wildcard SANs are acceptable on this certificate (lync-rules.md §4 rule 4, §5).
    public var wildcardAllowed: Bool
    /// Why this certificate exists, in one line.
    public var purpose: String

    public init(
        id: String, role: CertificateRole, subject: String, subjectAlternativeNames: [PlannedName],
        requiredNames: [String], keyAlgorithm: String = "RSA", keySize: Int = 2048,
        keyUsages: [String] = ["digitalSignature", "keyEncipherment"], keyUsageCritical: Bool = true,
        extendedKeyUsages: [String] = ["serverAuth"], issuer: CertificateIssuer, exportablePrivateKey: Bool,
        wildcardAllowed: Bool = false, purpose: String
    ) {
        self.id = id
        self.role = role
        self.subject = subject
        self.subjectAlternativeNames = subjectAlternativeNames
        self.requiredNames = requiredNames
        self.keyAlgorithm = keyAlgorithm
        self.keySize = keySize
        self.keyUsages = keyUsages
        self.keyUsageCritical = keyUsageCritical
        self.extendedKeyUsages = extendedKeyUsages
        self.issuer = issuer
        self.exportablePrivateKey = exportablePrivateKey
        self.wildcardAllowed = wildcardAllowed
        self.purpose = purpose
    }

    /// The SAN dNSNames as plain strings, in canonical order.
    public var sanNames: [String] { subjectAlternativeNames.map(\.name) }
}

/// Every certificate a topology needs, and the findings about them.
public struct CertificatePlan: Sendable, Equatable, Codable {
    public var certificates: [PlannedCertificate]
    public var findings: [Finding]

    public init(certificates: [PlannedCertificate], findings: [Finding]) {
        self.certificates = certificates
        self.findings = findings
    }

    /// The certificate with `id`, if planned.
    public func certificate(id: String) -> PlannedCertificate? { certificates.first { $0.id == id } }
}
