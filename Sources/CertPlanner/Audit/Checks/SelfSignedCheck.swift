import Topology

/// A self-signed leaf where the plan wants a public CA: no client trusts it.
struct SelfSignedCheck: CertificateCheck {
    static let metadata = CheckMetadata(
        code: "self-signed",
        description: "The certificate is self-signed and the plan wants a public CA.",
        citation: "lync-rules.md §4 rule 1, §5, §6", source: .lyncRules)

    func applies(to context: AuditContext) -> Bool { context.planned.issuer == .public }

    func run(on context: AuditContext) -> CheckResult {
        context.facts.isSelfSigned ? fail("the certificate is self-signed; the plan wants one from a public CA") : .pass
    }
}

/// A self-signed leaf where the plan wants the internal CA: Lync servers need a CA-issued one
/// too, but a lab may run like this, so a warning.
struct SelfSignedInternalCheck: CertificateCheck {
    static let metadata = CheckMetadata(
        code: "self-signed-internal",
        description: "The certificate is self-signed and the plan wants one from the internal CA.",
        citation: "lync-rules.md §6", source: .lyncRules)

    func applies(to context: AuditContext) -> Bool { context.planned.issuer != .public }

    func run(on context: AuditContext) -> CheckResult {
        context.facts.isSelfSigned
            ? fail("the certificate is self-signed; the plan wants one from an internal CA") : .pass
    }
}
