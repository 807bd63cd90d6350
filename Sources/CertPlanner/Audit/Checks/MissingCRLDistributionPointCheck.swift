import TopologyModel

/// Skype for Business requires a CRL distribution point on every server certificate; Lync
/// checks revocation and waits on certificates without one.
struct MissingCRLDistributionPointCheck: CertificateCheck {
    static let metadata = FindingCode.missingCRLDistributionPoint

    func applies(to context: AuditContext) -> Bool { !context.facts.isSelfSigned }

    func run(on context: AuditContext) -> CheckResult {
        context.facts.crlDistributionPoints.isEmpty ? fail("the certificate has no CRL distribution point") : .pass
    }
}
