import TopologyModel

/// A certificate before its notBefore is refused by every client.
struct NotYetValidCheck: CertificateCheck {
    static let metadata = FindingCode.notYetValid

    func run(on context: AuditContext) -> CheckResult {
        guard context.facts.notBefore > context.at else { return .pass }
        return fail("the certificate is not valid before \(AuditFormat.date(context.facts.notBefore))")
    }
}
