import Topology

/// RSA keys: 2048 bits is what Microsoft's request wizard makes and recommends; 1024 is the
/// floor Lync 2013 accepts (JJ204846: "you may receive a warning"). Below 1024 is `key-too-small`.
struct WeakKeyCheck: CertificateCheck {
    static let metadata = CheckMetadata(
        code: "weak-key",
        description: "The RSA key is at least 1024 but shorter than 2048 bits.",
        citation: "lync-rules.md §4 rule 1, §6, §13 item 13", source: .lyncRules)

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
    static let metadata = CheckMetadata(
        code: "key-too-small",
        description: "The RSA key is shorter than 1024 bits, Lync's minimum.",
        citation: "lync-rules.md §4 rule 1, §13 item 13", source: .lyncRules)

    func applies(to context: AuditContext) -> Bool { context.facts.keyAlgorithm == "RSA" }

    func run(on context: AuditContext) -> CheckResult {
        let bits = context.facts.keyBits
        return bits < 1024 ? fail("the RSA key has \(bits) bits; 1024 is the minimum, 2048 recommended") : .pass
    }
}
