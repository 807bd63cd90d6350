import Topology

/// A self-signed leaf is trusted by nobody: an error where the plan wants a public CA, a
/// warning for an internal certificate (Lync servers need a CA-issued one too).
struct SelfSignedCheck: CertificateCheck {
    static let metadata = CheckMetadata(
        code: "self-signed", severity: .warning,
        description: "The certificate is self-signed (an error when the plan wants a public CA).",
        citation: "lync-rules.md §4 rule 1, §5, §6", source: .lyncRules)

    func run(on context: AuditContext) -> CheckResult {
        guard context.facts.isSelfSigned else { return .pass }
        let severity: Severity = context.planned.issuer == .public ? .error : .warning
        return .failing(
            severity,
            [
                "the certificate is self-signed; the plan wants one from \(context.planned.issuer == .public ? "a public" : "an internal") CA"
            ])
    }
}
