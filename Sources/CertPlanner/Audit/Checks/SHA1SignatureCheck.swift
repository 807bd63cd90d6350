import TopologyModel

/// SHA-1 signatures still work with Lync 2013 but are refused by current browsers and phones.
struct SHA1SignatureCheck: CertificateCheck {
    static let metadata = FindingCode.sha1Signature

    func run(on context: AuditContext) -> CheckResult {
        guard AuditOID.sha1Signatures.contains(context.facts.signatureAlgorithmOID) else { return .pass }
        return fail("the certificate is signed with \(context.facts.signatureAlgorithm)")
    }
}
