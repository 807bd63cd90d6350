import Topology

/// A certificate past its notAfter is refused by every client.
struct ExpiredCheck: CertificateCheck {
    static let metadata = CheckMetadata(
        code: "expired", description: "The certificate's notAfter is in the past.",
        citation: "RFC 5280 §4.1.2.5", source: .rfc5280)

    func run(on context: AuditContext) -> CheckResult {
        guard context.facts.notAfter < context.at else { return .pass }
        return fail("the certificate expired on \(AuditFormat.date(context.facts.notAfter))")
    }
}
