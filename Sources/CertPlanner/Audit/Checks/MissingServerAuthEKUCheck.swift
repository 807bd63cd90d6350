import Topology

/// Every Lync certificate is a server certificate: the EKU must list Server Authentication.
struct MissingServerAuthEKUCheck: CertificateCheck {
    static let metadata = CheckMetadata(
        code: "missing-server-auth-eku",
        description: "The extended key usage does not include Server Authentication.",
        citation: "lync-rules.md §4 rule 1, §5, §6; RFC 5280 §4.2.1.12", source: .lyncRules)

    func applies(to context: AuditContext) -> Bool { context.facts.extendedKeyUsageOIDs != nil }

    func run(on context: AuditContext) -> CheckResult {
        let ekus = context.facts.extendedKeyUsageOIDs ?? []
        if ekus.contains(AuditOID.serverAuth) || ekus.contains(AuditOID.anyExtendedKeyUsage) { return .pass }
        return fail("the extended key usage (\(AuditFormat.ekuNames(ekus))) lacks Server Authentication")
    }
}

/// No EKU extension at all: RFC 5280 reads it as unrestricted, but Lync's wizard always sets
/// Server Authentication, so it is worth a look rather than a failure.
struct EKUExtensionMissingCheck: CertificateCheck {
    static let metadata = CheckMetadata(
        code: "eku-extension-missing",
        description: "The certificate has no extended key usage extension (Server Authentication is expected).",
        citation: "lync-rules.md §4 rule 1, §5, §6; RFC 5280 §4.2.1.12", source: .lyncRules)

    func run(on context: AuditContext) -> CheckResult {
        context.facts.extendedKeyUsageOIDs == nil
            ? fail("the certificate has no extended key usage; Server Authentication is expected") : .pass
    }
}
