import Topology

/// Lync and Skype for Business servers do not support RSASSA-PSS signed certificates.
struct UnsupportedSignatureAlgorithmCheck: CertificateCheck {
    static let metadata = CheckMetadata(
        code: "unsupported-signature-algorithm",
        description: "The certificate is signed with RSASSA-PSS, which Lync/Skype for Business does not support.",
        citation: "lync-rules.md §13 item 13", source: .lyncRules)

    func run(on context: AuditContext) -> CheckResult {
        guard context.facts.signatureAlgorithmOID == AuditOID.rsassaPSS else { return .pass }
        return fail("the certificate is signed with RSASSA-PSS (\(context.facts.signatureAlgorithm))")
    }
}
