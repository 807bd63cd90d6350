import Topology

/// MD5 (and MD2) signatures are forgeable and refused by every current TLS stack.
struct MD5SignatureCheck: CertificateCheck {
    static let metadata = CheckMetadata(
        code: "md5-signature", description: "The certificate is signed with MD5 or MD2.",
        citation: "RFC 6151 §2; lync-rules.md §13 item 13", source: .rfc5280)

    func run(on context: AuditContext) -> CheckResult {
        guard AuditOID.md5Signatures.contains(context.facts.signatureAlgorithmOID) else { return .pass }
        return fail("the certificate is signed with \(context.facts.signatureAlgorithm)")
    }
}
