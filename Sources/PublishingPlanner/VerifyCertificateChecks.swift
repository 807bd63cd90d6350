import TopologyModel

/// What the certificate check of one published HTTPS name found, as plain values (the command
/// layer makes the handshake and audits the served certificate with `lynccert audit`'s checks).
public enum VerifyCertificateObservation: Sendable, Equatable {
    /// The trust anchors (`--ca-file`, else the system's) could not be loaded: the reason.
    case trustAnchorsUnavailable(String)
    /// The TLS handshake for the name failed, or what was served could not be read: the reason.
    case handshakeFailed(String)
    /// A handshake succeeded but left no certificate to audit.
    case noCertificate
    /// The certificate served for the name, audited for it.
    case served(VerifyServedCertificate)
}

/// The certificate served for one name, audited for that name.
public struct VerifyServedCertificate: Sendable, Equatable {
    /// The certificate's name as reports show it (its CN, else its first DNS name).
    public var displayName: String
    /// Its DNS names (SAN).
    public var dnsNames: [String]
    /// The SHA-1 thumbprint as Windows shows it, notAfter (ISO 8601) and the days left at `--at`.
    public var thumbprint: String
    public var notAfter: String
    public var daysUntilExpiry: Int
    /// The SAN that covers the name (itself or a wildcard); `nil` when none does.
    public var coveredBy: String?
    /// The audit's findings (only error and warning findings decide).
    public var findings: [Finding]

    public init(
        displayName: String, dnsNames: [String], thumbprint: String, notAfter: String, daysUntilExpiry: Int,
        coveredBy: String?, findings: [Finding]
    ) {
        self.displayName = displayName
        self.dnsNames = dnsNames
        self.thumbprint = thumbprint
        self.notAfter = notAfter
        self.daysUntilExpiry = daysUntilExpiry
        self.coveredBy = coveredBy
        self.findings = findings
    }
}

extension VerifyChecks {
    /// What the certificate check expects of every published HTTPS name.
    public static let certificateExpectation =
        "a certificate covering the name (plan: reverse-proxy), no error findings"

    /// Judges the certificate served for `name` against the planned `reverse-proxy` certificate:
    /// it fails when the certificate does not cover the name, when no certificate could be had,
    /// or when the audit has an error-level finding (expired, untrusted chain, weak key, missing
    /// serverAuth …); warning-level findings make it a warning.
    public static func judgeCertificate(name: String, _ observation: VerifyCertificateObservation)
        -> VerifyCheckResult
    {
        func result(_ status: VerifyStatus, _ message: String) -> VerifyCheckResult {
            VerifyCheckResult(
                name: name, url: "https://\(name)/", kind: .certificate, expected: certificateExpectation,
                status: status, httpStatus: nil, message: message, rule: "reverse-proxy certificate")
        }
        let certificate: VerifyServedCertificate
        switch observation {
        case .trustAnchorsUnavailable(let reason): return result(.fail, "cannot load the trust anchors: \(reason)")
        case .handshakeFailed(let reason): return result(.fail, "TLS handshake failed: \(reason)")
        case .noCertificate: return result(.fail, "no certificate to audit")
        case .served(let served): certificate = served
        }
        func certified(_ status: VerifyStatus, _ message: String) -> VerifyCheckResult {
            var r = result(status, message)
            r.thumbprint = certificate.thumbprint
            r.notAfter = certificate.notAfter
            r.daysUntilExpiry = certificate.daysUntilExpiry
            return r
        }
        let served = certificate.displayName
        guard let by = certificate.coveredBy else {
            let sans = certificate.dnsNames
            return certified(
                .fail,
                "name-not-covered: the certificate served for \(name) (\(served)) does not carry it; it has "
                    + (sans.isEmpty ? "no DNS names" : sans.joined(separator: ", ")))
        }
        let errors = certificate.findings.filter { $0.severity == .error }
        let warnings = certificate.findings.filter { $0.severity == .warning }
        if !errors.isEmpty {
            return certified(
                .fail,
                "covered by \(by) on \(served), but: "
                    + errors.map { "\($0.code) (\($0.message))" }.joined(separator: "; "))
        }
        if !warnings.isEmpty {
            return certified(
                .warning,
                "covered by \(by) on \(served); " + warnings.map { "\($0.code): \($0.message)" }.joined(separator: "; ")
            )
        }
        return certified(.ok, "covered by \(by) on \(served)")
    }

    /// The cut-over verdict: GO when no check failed, no DNS record is missing, mismatched or in
    /// error, and the reverse proxy answered at all. Warnings do not stop a cut-over.
    public static func isGo(_ summary: VerifySummary, dnsProblems: Int, unreachable: Bool) -> Bool {
        summary.fail == 0 && dnsProblems == 0 && !unreachable
    }
}
