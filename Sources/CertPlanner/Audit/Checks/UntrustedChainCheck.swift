import Topology

/// The chain must verify to a trusted anchor: the system store, or `--ca-file` for an
/// internal CA.
struct UntrustedChainCheck: CertificateCheck {
    static let metadata = FindingCode.untrustedChain

    func run(on context: AuditContext) -> CheckResult {
        if context.facts.subjectAlternativeNamesUnreadable { return .notEffective }
        switch context.chain.verification {
        case .notChecked: return .notEffective
        case .trusted, .failed(.issuerMissing, _): return .pass
        case .failed(_, let reason): return fail("the chain does not verify: \(reason)")
        }
    }
}
