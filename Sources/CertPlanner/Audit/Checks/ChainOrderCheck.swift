import Topology

/// Each certificate sent must certify the one before it; some clients cannot reorder.
struct ChainOrderCheck: CertificateCheck {
    static let metadata = CheckMetadata(
        code: "chain-order",
        description: "The certificates are not sent leaf first, each followed by its issuer.",
        citation: "RFC 5246 §7.4.2; RFC 8446 §4.4.2", source: .tls)

    func applies(to context: AuditContext) -> Bool { context.chain.certificates.count > 1 }

    func run(on context: AuditContext) -> CheckResult { fail(context.chain.orderProblems) }
}
