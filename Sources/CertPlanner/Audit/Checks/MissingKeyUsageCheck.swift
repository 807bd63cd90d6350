import TopologyModel

/// When a key usage extension is present it must allow what the plan asks for: digital
/// signature (ECDHE key exchange) and key encipherment (RSA key exchange, which Lync 2013's
/// TLS 1.0 clients use).
struct MissingKeyUsageCheck: CertificateCheck {
    static let metadata = FindingCode.missingKeyUsage

    func applies(to context: AuditContext) -> Bool { context.facts.keyUsage != nil }

    func run(on context: AuditContext) -> CheckResult {
        let present = context.facts.keyUsage?.usages ?? []
        var wanted = context.planned.keyUsages
        // keyEncipherment is meaningless for an EC key; digitalSignature is what it needs.
        if context.facts.keyAlgorithm != "RSA" { wanted.removeAll { $0 == "keyEncipherment" } }
        let missing = wanted.filter { !present.contains($0) }
        return fail(missing.map { "the key usage lacks \($0)" })
    }
}
