import CertPlanner
import Foundation

/// Hand-written facts for the audit checks: a reverse-proxy certificate that passes every check,
/// which each fixture then bends one way or the other.
enum AuditFixtures {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18
    static let day: TimeInterval = 86_400

    /// The planned reverse-proxy certificate (lync-rules.md §4, CS-RP table).
    static let planned = PlannedCertificate(
        id: "reverse-proxy", role: .reverseProxy, subject: "webext.contoso.com",
        subjectAlternativeNames: [
            "webext.contoso.com", "webdirext.contoso.com", "dialin.contoso.com", "meet.contoso.com",
            "lyncdiscover.contoso.com",
        ].map { PlannedName(name: $0, reasons: ["lync-rules.md §4 rule 3"]) },
        requiredNames: [
            "webext.contoso.com", "webdirext.contoso.com", "dialin.contoso.com", "meet.contoso.com",
            "lyncdiscover.contoso.com",
        ],
        extendedKeyUsages: ["serverAuth", "clientAuth"], issuer: .public, exportablePrivateKey: true,
        wildcardAllowed: true, purpose: "reverse proxy listener")

    static func facts(
        cn: String? = "webext.contoso.com",
        sans: [SANEntry] = planned.requiredNames.map(SANEntry.dns),
        subjectDN: String? = nil, issuerDN: String = "CN=Contoso Issuing CA, O=Contoso",
        fingerprint: String = "AA:01", isCA: Bool = false, selfSigned: Bool = false
    ) -> CertificateFacts {
        CertificateFacts(
            subjectCommonName: cn, subjectDN: subjectDN ?? "CN=\(cn ?? "")", issuerDN: issuerDN,
            subjectAlternativeNames: sans, notBefore: now - 30 * day, notAfter: now + 300 * day,
            keyAlgorithm: "RSA", keyBits: 2048, signatureAlgorithm: "sha256WithRSAEncryption",
            signatureAlgorithmOID: "1.2.840.113549.1.1.11",
            keyUsage: KeyUsageFacts(usages: ["digitalSignature", "keyEncipherment"], critical: true),
            extendedKeyUsageOIDs: [AuditOID.serverAuth, AuditOID.clientAuth],
            crlDistributionPoints: ["http://crl.contoso.com/issuing.crl"], isCA: isCA, isSelfSigned: selfSigned,
            sha256Fingerprint: fingerprint)
    }

    static let intermediate = facts(
        cn: "Contoso Issuing CA", sans: [], subjectDN: "CN=Contoso Issuing CA, O=Contoso",
        issuerDN: "CN=Contoso Root CA, O=Contoso", fingerprint: "BB:02", isCA: true)
    static let root = facts(
        cn: "Contoso Root CA", sans: [], subjectDN: "CN=Contoso Root CA, O=Contoso",
        issuerDN: "CN=Contoso Root CA, O=Contoso", fingerprint: "CC:03", isCA: true, selfSigned: true)

    /// A context every check passes (or does not apply to).
    static func context() -> AuditContext {
        let leaf = facts()
        return AuditContext(
            planned: planned, facts: leaf,
            chain: ChainFacts(certificates: [leaf, intermediate], verification: .trusted), at: now)
    }

    /// Sets the leaf's facts in both places a check may read them.
    static func withLeaf(_ context: inout AuditContext, _ change: (inout CertificateFacts) -> Void) {
        change(&context.facts)
        var certificates = context.chain.certificates
        certificates[0] = context.facts
        context.chain = ChainFacts(certificates: certificates, verification: context.chain.verification)
    }
}
