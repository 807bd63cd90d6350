import TopologyModel

/// The chain must verify to a trusted anchor: the system store, or `--ca-file` for an
/// internal CA.
struct UntrustedChainCheck: CertificateCheck {
    static let metadata = FindingCode.untrustedChain

    func run(on context: AuditContext) -> CheckResult {
        guard let verification = context.judgedChainVerification else { return .notEffective }
        // A missing intermediate is chain-incomplete's finding.
        guard case .failed(let kind, let reason) = verification, kind != .issuerMissing else { return .pass }
        return fail("the chain does not verify: \(reason)")
    }
}
