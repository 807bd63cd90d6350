import TopologyModel

/// Lync and Skype for Business servers do not support RSASSA-PSS signed certificates.
struct UnsupportedSignatureAlgorithmCheck: CertificateCheck {
    static let metadata = FindingCode.unsupportedSignatureAlgorithm

    func run(on context: AuditContext) -> CheckResult {
        guard context.facts.signatureAlgorithmOID == AuditOID.rsassaPSS else { return .pass }
        return fail("the certificate is signed with RSASSA-PSS (\(context.facts.signatureAlgorithm))")
    }
}
