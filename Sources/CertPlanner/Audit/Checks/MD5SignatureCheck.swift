import TopologyModel

/// MD5 (and MD2) signatures are forgeable and refused by every current TLS stack.
struct MD5SignatureCheck: CertificateCheck {
    static let metadata = FindingCode.md5Signature

    func run(on context: AuditContext) -> CheckResult {
        guard AuditOID.md5Signatures.contains(context.facts.signatureAlgorithmOID) else { return .pass }
        return fail("the certificate is signed with \(context.facts.signatureAlgorithm)")
    }
}
