import Topology

/// Every name clients reach through the certificate must match one of its identifiers.
struct NameNotCoveredCheck: CertificateCheck {
    static let metadata = CheckMetadata(
        code: "name-not-covered",
        description: "A required name is matched by no dNSName of the certificate (nor by its CN when it has none).",
        citation: "RFC 6125 §6.4; lync-rules.md §4 rule 3, §5, §6", source: .rfc6125)

    func run(on context: AuditContext) -> CheckResult {
        fail(context.coverage.missing.map { "\($0) is not covered by the certificate" })
    }
}
