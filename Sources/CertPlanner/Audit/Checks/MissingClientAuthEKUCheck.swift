import TopologyModel

/// When a plan asks for Client Authentication the certificate must carry it. No certificate
/// lynccert plans asks for it today (the reverse proxy and Edge external certificates are
/// serverAuth only: public CAs no longer issue clientAuth in TLS server certificates), so this
/// applies only to plans built with it; one severity, warning.
struct MissingClientAuthEKUCheck: CertificateCheck {
    static let metadata = FindingCode.missingClientAuthEKU

    func applies(to context: AuditContext) -> Bool {
        context.planned.extendedKeyUsages.contains("clientAuth") && context.facts.extendedKeyUsageOIDs != nil
    }

    func run(on context: AuditContext) -> CheckResult {
        let ekus = context.facts.extendedKeyUsageOIDs ?? []
        if ekus.contains(AuditOID.clientAuth) || ekus.contains(AuditOID.anyExtendedKeyUsage) { return .pass }
        return fail(
            "the extended key usage (\(AuditFormat.ekuNames(ekus))) lacks Client Authentication, which the plan asks for"
        )
    }
}
