import Topology

/// The server must send its intermediates: clients do not fetch them (ARR and TMG warn; phones
/// and the Lync client fail).
struct ChainIncompleteCheck: CertificateCheck {
    static let metadata = FindingCode.chainIncomplete

    func run(on context: AuditContext) -> CheckResult {
        // OpenSSL reports a leaf with a malformed SAN as "unable to get issuer": san-unreadable says why.
        if context.facts.subjectAlternativeNamesUnreadable { return .notEffective }
        switch context.chain.verification {
        case .notChecked: return .notEffective
        case .failed(.issuerMissing, let reason):
            return fail(
                "the chain cannot be built to a trust anchor: \(reason) (issuer \(context.chain.certificates.last?.issuerDN ?? "?"))"
            )
        default: return .pass
        }
    }
}
