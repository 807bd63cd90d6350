import TopologyModel

/// A certificate past its notAfter is refused by every client.
struct ExpiredCheck: CertificateCheck {
    static let metadata = FindingCode.expired

    func run(on context: AuditContext) -> CheckResult {
        guard context.facts.notAfter < context.at else { return .pass }
        return fail("the certificate expired on \(AuditFormat.date(context.facts.notAfter))")
    }
}
