import Topology

/// When the plan asks for Client Authentication (the Edge's public IM connectivity, the
/// reverse proxy's request template) the certificate must carry it. Only the Edge external
/// certificate fails without it (federation partners authenticate it as a client), so that
/// role is an error and the others a warning.
struct MissingClientAuthEKUCheck: CertificateCheck {
    static let metadata = CheckMetadata(
        code: "missing-client-auth-eku", severity: .warning,
        description:
            "The plan asks for Client Authentication and the extended key usage lacks it (an error on the Edge external certificate).",
        citation: "lync-rules.md §4 rule 1, §5", source: .lyncRules)

    func applies(to context: AuditContext) -> Bool {
        context.planned.extendedKeyUsages.contains("clientAuth") && context.facts.extendedKeyUsageOIDs != nil
    }

    func run(on context: AuditContext) -> CheckResult {
        let ekus = context.facts.extendedKeyUsageOIDs ?? []
        if ekus.contains(AuditOID.clientAuth) || ekus.contains(AuditOID.anyExtendedKeyUsage) { return .pass }
        let message =
            "the extended key usage (\(AuditFormat.ekuNames(ekus))) lacks Client Authentication, which the plan asks for"
        return .failing(context.planned.role == .edgeExternal ? .error : .warning, [message])
    }
}
