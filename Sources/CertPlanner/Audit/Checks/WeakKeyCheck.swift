import TopologyModel

/// RSA keys: 2048 bits is what Microsoft's request wizard makes and recommends; 1024 is the
/// floor Lync 2013 accepts (JJ204846: "you may receive a warning"). Below 1024 is `key-too-small`.
struct WeakKeyCheck: CertificateCheck {
    static let metadata = FindingCode.weakKey

    func applies(to context: AuditContext) -> Bool {
        context.facts.keyAlgorithm == "RSA" && context.facts.keyBits >= 1024
    }

    func run(on context: AuditContext) -> CheckResult {
        let bits = context.facts.keyBits
        return bits < 2048 ? fail("the RSA key has \(bits) bits; 2048 is recommended") : .pass
    }
}

/// An RSA key below Lync's 1024-bit minimum is broken: nothing accepts it.
struct KeyTooSmallCheck: CertificateCheck {
    static let metadata = FindingCode.keyTooSmall

    func applies(to context: AuditContext) -> Bool { context.facts.keyAlgorithm == "RSA" }

    func run(on context: AuditContext) -> CheckResult {
        let bits = context.facts.keyBits
        return bits < 1024 ? fail("the RSA key has \(bits) bits; 1024 is the minimum, 2048 recommended") : .pass
    }
}
