import TopologyModel

/// A certificate that expires within the warning window needs renewing now: a public CA, the
/// reverse proxy farm and every Edge must all be updated in time.
struct ExpiresSoonCheck: CertificateCheck {
    static let metadata = FindingCode.expiresSoon

    func applies(to context: AuditContext) -> Bool {
        context.facts.notAfter >= context.at && context.facts.notBefore <= context.at
    }

    func run(on context: AuditContext) -> CheckResult {
        let remaining = context.facts.notAfter.timeIntervalSince(context.at)
        guard remaining < Double(context.warnDays) * 86_400 else { return .pass }
        let days = Int(remaining / 86_400)
        return fail(
            "the certificate expires on \(AuditFormat.date(context.facts.notAfter)), in \(days) day\(days == 1 ? "" : "s")"
        )
    }
}
