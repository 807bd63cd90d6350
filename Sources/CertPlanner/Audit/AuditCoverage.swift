import TopologyModel

/// A required name and the certificate entry that covers it.
public struct CoveredName: Sendable, Equatable, Codable {
    public var name: String
    /// The covering dNSName as written on the certificate (or the CN when it has no dNSName).
    public var by: String

    public init(name: String, by: String) {
        self.name = name
        self.by = by
    }
}

/// A dNSName no client can match, and why.
public struct InvalidDNSName: Sendable, Equatable {
    /// The name with unprintable bytes shown as `\xNN`.
    public var display: String
    public var reason: String
}

/// Which required names a certificate covers (RFC 6125 §6.4), which it misses, which of its
/// names the plan does not need, and which of its names are unusable.
public struct AuditCoverage: Sendable, Equatable {
    public var covered: [CoveredName] = []
    public var missing: [String] = []
    /// dNSNames on the certificate that the plan does not list and that cover no required name.
    public var extra: [String] = []
    public var invalid: [InvalidDNSName] = []

    /// - Parameters:
    ///   - required: the names clients reach through the certificate.
    ///   - facts: the certificate. Its subject CN is compared only when it has no dNSName
    ///     (RFC 6125 §6.4.4).
    ///   - planned: the plan, for telling extra names from planned ones.
    public init(required: [String], facts: CertificateFacts, planned: PlannedCertificate) {
        var valid: [String] = []
        for raw in facts.dnsNames {
            if let reason = AuditCoverage.problem(raw) {
                invalid.append(InvalidDNSName(display: SANEntry.printable(raw), reason: reason))
            } else {
                valid.append(String(decoding: raw, as: UTF8.self))
            }
        }
        var presented = valid
        // No CN fallback when the SAN is there but unreadable (`san-unreadable`).
        if facts.dnsNames.isEmpty, !facts.subjectAlternativeNamesUnreadable, let cn = facts.subjectCommonName {
            presented = [cn]
        }

        // The planner's RFC 6125 matcher, which indexes the names once; an exact entry is
        // preferred over a wildcard.
        let matched = NameMatching.coverage(required: required, sans: presented)
        covered = matched.covered
        missing = matched.missing
        let used = Set(matched.covered.map(\.by))
        let plannedNames = Set(planned.sanNames.map(Hostname.normalized))
        extra = valid.filter { !used.contains($0) && !plannedNames.contains(Hostname.normalized($0)) }
    }

    /// Why a dNSName's octets can never match a host name, or `nil` when they are a usable name.
    public static func problem(_ raw: [UInt8]) -> String? {
        if raw.contains(0) { return "it contains a NUL byte" }
        if raw.contains(where: { $0 >= 0x80 }) {
            return "it contains non-ASCII bytes (an IDN must be written as xn-- A-labels)"
        }
        let text = String(decoding: raw, as: UTF8.self)
        return Hostname.syntaxProblem(text, allowWildcard: true)
    }
}
