import TopologyModel

/// Every name clients reach through the certificate must match one of its identifiers.
struct NameNotCoveredCheck: CertificateCheck {
    static let metadata = FindingCode.nameNotCovered

    func run(on context: AuditContext) -> CheckResult {
        fail(context.coverage.missing.map { "\($0) is not covered by the certificate" })
    }
}
