import TopologyModel

/// Sending the root is harmless but useless: clients must already have it.
struct RootSentCheck: CertificateCheck {
    static let metadata = FindingCode.rootSent

    func applies(to context: AuditContext) -> Bool { context.chain.certificates.count > 1 }

    func run(on context: AuditContext) -> CheckResult {
        guard context.chain.rootSent,
            let root = context.chain.certificates.dropFirst().first(where: { $0.isSelfSigned && $0.isCA })
        else { return .pass }
        return fail("the root \(root.displayName) is sent with the chain; clients ignore it")
    }
}
