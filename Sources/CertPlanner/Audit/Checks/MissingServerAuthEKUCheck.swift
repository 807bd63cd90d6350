import TopologyModel

/// Every Lync certificate is a server certificate: the EKU must list Server Authentication.
struct MissingServerAuthEKUCheck: CertificateCheck {
    static let metadata = FindingCode.missingServerAuthEKU

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
    static let metadata = FindingCode.ekuExtensionMissing

    func run(on context: AuditContext) -> CheckResult {
        context.facts.extendedKeyUsageOIDs == nil
            ? fail("the certificate has no extended key usage; Server Authentication is expected") : .pass
    }
}
