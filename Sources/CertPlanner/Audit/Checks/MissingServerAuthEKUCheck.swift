import Topology

/// Every Lync certificate is a server certificate: the EKU must list Server Authentication.
struct MissingServerAuthEKUCheck: CertificateCheck {
    static let metadata = CheckMetadata(
        code: "missing-server-auth-eku", severity: .error,
        description:
            "The extended key usage does not include Server Authentication (a warning when the extension is absent).",
        citation: "lync-rules.md §4 rule 1, §5, §6; RFC 5280 §4.2.1.12", source: .lyncRules)

    func run(on context: AuditContext) -> CheckResult {
        guard let ekus = context.facts.extendedKeyUsageOIDs else {
            // RFC 5280 reads an absent EKU as unrestricted; Lync's wizard still expects serverAuth.
            return .failing(.warning, ["the certificate has no extended key usage; Server Authentication is expected"])
        }
        if ekus.contains(AuditOID.serverAuth) || ekus.contains(AuditOID.anyExtendedKeyUsage) { return .pass }
        return fail("the extended key usage (\(AuditFormat.ekuNames(ekus))) lacks Server Authentication")
    }
}
