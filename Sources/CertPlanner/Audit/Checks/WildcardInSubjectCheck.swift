import Topology

/// No Lync role accepts a wildcard as the subject name.
struct WildcardInSubjectCheck: CertificateCheck {
    static let metadata = CheckMetadata(
        code: "wildcard-in-subject",
        description: "The subject common name is a wildcard.",
        citation: "lync-rules.md §4 rule 2, §5", source: .lyncRules)

    func run(on context: AuditContext) -> CheckResult {
        guard let cn = context.facts.subjectCommonName, cn.utf8.contains(UInt8(ascii: "*")) else { return .pass }
        return fail("the subject CN is the wildcard \(cn)")
    }
}
