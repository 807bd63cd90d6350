import TopologyModel

/// A dNSName holding a NUL byte or characters no host name has never matches anything, and is
/// the mark of a forged or mis-issued certificate.
struct InvalidNameCheck: CertificateCheck {
    static let metadata = FindingCode.invalidName

    func run(on context: AuditContext) -> CheckResult {
        fail(context.coverage.invalid.map { "dNSName '\($0.display)' is not a valid host name: \($0.reason)" })
    }
}
