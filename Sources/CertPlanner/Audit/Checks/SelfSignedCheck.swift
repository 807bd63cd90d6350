import TopologyModel

/// A self-signed leaf where the plan wants a public CA: no client trusts it.
struct SelfSignedCheck: CertificateCheck {
    static let metadata = FindingCode.selfSigned

    func applies(to context: AuditContext) -> Bool { context.planned.issuer == .public }

    func run(on context: AuditContext) -> CheckResult {
        context.facts.isSelfSigned ? fail("the certificate is self-signed; the plan wants one from a public CA") : .pass
    }
}

/// A self-signed leaf where the plan wants the internal CA: Lync servers need a CA-issued one
/// too, but a lab may run like this, so a warning.
struct SelfSignedInternalCheck: CertificateCheck {
    static let metadata = FindingCode.selfSignedInternal

    func applies(to context: AuditContext) -> Bool { context.planned.issuer != .public }

    func run(on context: AuditContext) -> CheckResult {
        context.facts.isSelfSigned
            ? fail("the certificate is self-signed; the plan wants one from an internal CA") : .pass
    }
}
