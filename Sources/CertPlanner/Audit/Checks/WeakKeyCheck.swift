import Topology

/// RSA keys: 2048 bits is what Microsoft's request wizard makes and recommends; 1024 is the
/// floor Lync 2013 accepts; anything smaller is broken.
struct WeakKeyCheck: CertificateCheck {
    static let metadata = CheckMetadata(
        code: "weak-key", severity: .warning,
        description: "The RSA key is shorter than 2048 bits (an error below 1024).",
        citation: "lync-rules.md §4 rule 1, §6, §13 item 13", source: .lyncRules)

    func applies(to context: AuditContext) -> Bool { context.facts.keyAlgorithm == "RSA" }

    func run(on context: AuditContext) -> CheckResult {
        let bits = context.facts.keyBits
        if bits < 1024 {
            return .failing(.error, ["the RSA key has \(bits) bits; 1024 is the minimum, 2048 recommended"])
        }
        if bits < 2048 { return fail("the RSA key has \(bits) bits; 2048 is recommended") }
        return .pass
    }
}
