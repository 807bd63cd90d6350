import TopologyModel

/// The subject should be the name the plan gives (the pool's external web FQDN, the Access
/// Edge FQDN …); clients do not care, but Lync's certificate wizard and admins do.
struct SubjectMismatchCheck: CertificateCheck {
    static let metadata = FindingCode.subjectMismatch

    func applies(to context: AuditContext) -> Bool { context.facts.subjectCommonName != nil }

    func run(on context: AuditContext) -> CheckResult {
        let cn = context.facts.subjectCommonName ?? ""
        if Hostname.normalized(cn) == Hostname.normalized(context.planned.subject) { return .pass }
        return fail("the subject CN is \(cn); the plan's subject is \(context.planned.subject)")
    }
}
