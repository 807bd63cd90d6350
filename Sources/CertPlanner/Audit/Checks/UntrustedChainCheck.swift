import Topology

/// The chain must verify to a trusted anchor: the system store, or `--ca-file` for an
/// internal CA.
struct UntrustedChainCheck: CertificateCheck {
    static let metadata = CheckMetadata(
        code: "untrusted-chain",
        description: "The chain does not verify to a trusted root (OpenSSL's reason is given).",
        citation: "lync-rules.md §4 rule 1, rule 7; RFC 5280 §6", source: .rfc5280)

    func run(on context: AuditContext) -> CheckResult {
        if context.facts.subjectAlternativeNamesUnreadable { return .notEffective }
        switch context.chain.verification {
        case .notChecked: return .notEffective
        case .trusted, .failed(.issuerMissing, _): return .pass
        case .failed(_, let reason): return fail("the chain does not verify: \(reason)")
        }
    }
}
