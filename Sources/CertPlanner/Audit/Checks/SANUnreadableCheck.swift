import TopologyModel

/// A subjectAltName whose DER does not decode: no name on the certificate can be read, clients
/// reject it, and the subject CN must not be matched in its place (RFC 6125 §6.4.4 allows the CN
/// only when there is no SAN). OpenSSL also refuses to build a chain for such a certificate
/// ("unable to get local issuer certificate"), so the chain checks are not judged for it.
struct SANUnreadableCheck: CertificateCheck {
    static let metadata = FindingCode.sanUnreadable

    func run(on context: AuditContext) -> CheckResult {
        guard context.facts.subjectAlternativeNamesUnreadable else { return .pass }
        return fail(
            "the subjectAltName extension does not decode (malformed DER): no name on the certificate can be "
                + "read and clients reject it; the subject CN is not used instead, and the chain is not judged "
                + "(OpenSSL refuses to build a chain for a certificate with a malformed extension)")
    }
}
