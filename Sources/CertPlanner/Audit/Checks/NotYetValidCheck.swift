import Topology

/// A certificate before its notBefore is refused by every client.
struct NotYetValidCheck: CertificateCheck {
    static let metadata = CheckMetadata(
        code: "not-yet-valid", description: "The certificate's notBefore is in the future.",
        citation: "RFC 5280 §4.1.2.5", source: .rfc5280)

    func run(on context: AuditContext) -> CheckResult {
        guard context.facts.notBefore > context.at else { return .pass }
        return fail("the certificate is not valid before \(AuditFormat.date(context.facts.notBefore))")
    }
}
