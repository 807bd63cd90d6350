import Topology

/// A dNSName holding a NUL byte or characters no host name has never matches anything, and is
/// the mark of a forged or mis-issued certificate.
struct InvalidNameCheck: CertificateCheck {
    static let metadata = CheckMetadata(
        code: "invalid-name",
        description: "A dNSName holds a NUL byte, non-ASCII bytes or characters outside the host-name alphabet.",
        citation: "RFC 5280 §4.2.1.6; RFC 6125 §6.4.2", source: .rfc5280)

    func run(on context: AuditContext) -> CheckResult {
        fail(context.coverage.invalid.map { "dNSName '\($0.display)' is not a valid host name: \($0.reason)" })
    }
}
