import TopologyModel

/// The server must send its intermediates: clients do not fetch them (ARR and TMG warn; phones
/// and the Lync client fail).
struct ChainIncompleteCheck: CertificateCheck {
    static let metadata = FindingCode.chainIncomplete

    func run(on context: AuditContext) -> CheckResult {
        guard let verification = context.judgedChainVerification else { return .notEffective }
        guard case .failed(.issuerMissing, let reason) = verification else { return .pass }
        return fail(
            "the chain cannot be built to a trust anchor: \(reason) (issuer \(context.chain.certificates.last?.issuerDN ?? "?"))"
        )
    }
}
