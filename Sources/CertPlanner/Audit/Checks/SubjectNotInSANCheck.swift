import TopologyModel

/// The subject name must be repeated in the SAN: TLS clients ignore the CN when a SAN exists.
struct SubjectNotInSANCheck: CertificateCheck {
    static let metadata = FindingCode.subjectNotInSAN

    /// An unreadable SAN is san-unreadable's fact, not a missing subject.
    func applies(to context: AuditContext) -> Bool { !context.facts.subjectAlternativeNamesUnreadable }

    func run(on context: AuditContext) -> CheckResult {
        guard let cn = context.facts.subjectCommonName else {
            return fail("the certificate has no subject CN")
        }
        let sans = context.facts.subjectAlternativeNames.compactMap(\.dnsNameString).map(Hostname.normalized)
        if sans.isEmpty { return fail("the certificate has no subjectAltName; \(cn) is only in the subject") }
        return sans.contains(Hostname.normalized(cn)) ? .pass : fail("the subject CN \(cn) is not in the SAN")
    }
}
