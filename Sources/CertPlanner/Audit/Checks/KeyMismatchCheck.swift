import TopologyModel

/// The private key given with `--key` must belong to the certificate, or the server cannot use it.
struct KeyMismatchCheck: CertificateCheck {
    static let metadata = FindingCode.keyMismatch

    func applies(to context: AuditContext) -> Bool { context.privateKeyMatches != nil }

    func run(on context: AuditContext) -> CheckResult {
        context.privateKeyMatches == true ? .pass : fail("the private key does not match the certificate's public key")
    }
}
