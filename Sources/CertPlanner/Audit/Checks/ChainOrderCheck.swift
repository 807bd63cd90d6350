import TopologyModel

/// Each certificate sent must certify the one before it; some clients cannot reorder.
struct ChainOrderCheck: CertificateCheck {
    static let metadata = FindingCode.chainOrder

    func applies(to context: AuditContext) -> Bool { context.chain.certificates.count > 1 }

    func run(on context: AuditContext) -> CheckResult { fail(context.chain.orderProblems) }
}
