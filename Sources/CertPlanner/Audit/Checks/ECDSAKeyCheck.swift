import TopologyModel

/// Lync Server 2013 roles are specified with RSA keys; ECDSA (CNG) certificates are not
/// supported by every Lync component and client.
struct ECDSAKeyCheck: CertificateCheck {
    static let metadata = FindingCode.ecdsaKey

    func run(on context: AuditContext) -> CheckResult {
        let algorithm = context.facts.keyAlgorithm
        guard algorithm != "RSA" else { return .pass }
        return fail(
            "the key is \(algorithm) (\(context.facts.keyBits) bits); the \(context.planned.id) certificate should have an RSA key"
        )
    }
}
