import TopologyModel

/// No Lync role accepts a wildcard as the subject name.
struct WildcardInSubjectCheck: CertificateCheck {
    static let metadata = FindingCode.wildcardInSubject

    func run(on context: AuditContext) -> CheckResult {
        guard let cn = context.facts.subjectCommonName, cn.utf8.contains(UInt8(ascii: "*")) else { return .pass }
        return fail("the subject CN is the wildcard \(cn)")
    }
}
