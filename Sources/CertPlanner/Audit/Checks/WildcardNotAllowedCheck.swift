import TopologyModel

/// Wildcards are supported only where the plan says (the reverse proxy's simple URLs and
/// LyncDiscover; the Access Edge's XMPP entry), never on the other certificates.
struct WildcardNotAllowedCheck: CertificateCheck {
    static let metadata = FindingCode.wildcardNotAllowed

    func run(on context: AuditContext) -> CheckResult {
        let planned = Set(context.planned.sanNames.map { $0.lowercased() })
        let wildcards = context.facts.subjectAlternativeNames.compactMap(\.dnsNameString)
            .filter { $0.hasPrefix("*") }
        // A wildcard the plan itself lists (the XMPP `*.<domain>` entry) is allowed by definition.
        let offending = wildcards.filter { !context.planned.wildcardAllowed && !planned.contains($0.lowercased()) }
        return fail(offending.map { "wildcard \($0) is not supported on the \(context.planned.id) certificate" })
    }
}
