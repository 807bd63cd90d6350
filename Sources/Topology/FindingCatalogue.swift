/// Every finding code lynccert emits and its one severity.
///
/// One code, one severity everywhere: `plan` (topology, certificate, DNS, publishing and host
/// findings), `import-topology`, `audit`, `verify` (which reports audit findings) and `csr` take a
/// finding's severity from here (`Finding(code:message:path:)`), so the same fact never shows as
/// a warning in one command and an error in another. Where a rule has a milder and a harsher case
/// (a 1024-bit key against a 512-bit one), each case is a code of its own. docs/findings.md's finding
/// tables list the same codes and severities; a test walks every emitted code against this list.
public enum FindingCatalogue {
    public static let severities: [String: Severity] = [
        // Topology (loader)
        "reverse-proxy-address-missing": .warning,
        "office-web-apps-address-missing": .warning,
        "edge-address-missing": .warning,
        "edge-names-shared": .info,
        "edge-shared-name-different-addresses": .warning,
        "edge-next-hop-unknown": .warning,
        "external-web-fqdn-equals-internal": .warning,
        "simple-url-unusual-characters": .warning,
        // Topology XML import
        "simple-url-default": .warning,
        "simple-url-unknown-domain": .warning,
        "edge-fqdn-default": .warning,
        "edge-address-private": .warning,
        "edge-pool-several-servers": .info,
        "office-web-apps-several": .info,
        // Certificate and publishing plans (pools not published)
        "pool-not-published": .warning,
        "director-not-published": .error,
        // Certificate plan
        "weak-key": .warning,
        "san-limit-exceeded": .error,
        "many-sip-domains": .warning,
        "pools-without-director": .info,
        "no-reverse-proxy-certificate": .warning,
        "wildcard-no-benefit": .info,
        "wildcard-single-label": .warning,
        "invalid-name": .error,
        // DNS plan
        "address-needed": .warning,
        "internal-address-needed": .info,
        "invalid-address": .error,
        "private-address-external": .error,
        "cross-domain-cname": .error,
        "srv-target-other-domain": .warning,
        "sip-name-taken": .warning,
        "edge-pool-for-sip-domain": .info,
        "internal-only-name-external": .error,
        "external-only-name-internal": .error,
        "conflicting-records": .warning,
        // Publishing plan
        "target-address-unknown": .info,
        "no-web-pool": .error,
        "duplicate-public-name": .error,
        "office-web-apps-not-published": .info,
        // Host plan
        "gateway-on-internal-adapter": .error,
        "adapters-same-subnet": .error,
        "target-not-routed": .error,
        "target-route-unknown": .warning,
        "route-next-hop-off-subnet": .error,
        "route-via-not-internal": .error,
        "route-invalid": .error,
        "internal-address-unknown": .warning,
        "internal-adapter-unknown": .warning,
        "internal-prefix-unknown": .info,
        // lynccert issue (a public ACME CA's limits)
        "acme-internal-certificate": .warning,
        "acme-name-limit": .warning,
        "acme-short-validity": .info,
        // Audit (and verify's certificate lines)
        "name-not-covered": .error,
        "san-unreadable": .error,
        "wildcard-not-allowed": .error,
        "wildcard-in-subject": .error,
        "subject-not-in-san": .error,
        "subject-mismatch": .warning,
        "expired": .error,
        "not-yet-valid": .error,
        "expires-soon": .warning,
        "key-too-small": .error,
        "ecdsa-key": .warning,
        "sha1-signature": .warning,
        "md5-signature": .error,
        "unsupported-signature-algorithm": .error,
        "missing-server-auth-eku": .error,
        "eku-extension-missing": .warning,
        "missing-client-auth-eku": .warning,
        "missing-key-usage": .error,
        "chain-incomplete": .error,
        "untrusted-chain": .error,
        "chain-order": .warning,
        "root-sent": .info,
        "self-signed": .error,
        "self-signed-internal": .warning,
        "missing-crl-distribution-point": .warning,
        "key-mismatch": .error,
        "different-certificate": .warning,
        "handshake-failed": .error,
        // csr
        "rsa-required-for-lync-role": .warning,
    ]

    /// The severity of `code`; a code missing from the catalogue is an error, so it cannot pass unseen.
    public static func severity(of code: String) -> Severity { severities[code] ?? .error }
}

extension Finding {
    /// A finding whose severity is the catalogue's for `code`.
    public init(code: String, message: String, path: String? = nil) {
        self.init(severity: FindingCatalogue.severity(of: code), code: code, message: message, path: path)
    }
}

extension Array where Element == Finding {
    /// One finding per fact: one per (code, path), in first-seen order. A repeat with the same
    /// message is dropped (the certificate and publishing plans report an unpublished pool with
    /// the same words); a repeat saying something else about the same field is appended to the
    /// first one's message, so nothing is lost. Findings without a path are told apart by message.
    public func deduplicated() -> [Finding] {
        var index: [String: Int] = [:]
        var messages: [[String]] = []
        var result: [Finding] = []
        for finding in self {
            let key =
                finding.path.map { "\(finding.code)\u{0}\($0)" } ?? "\(finding.code)\u{0}\u{0}\(finding.message)"
            if let at = index[key] {
                if !messages[at].contains(finding.message) {
                    messages[at].append(finding.message)
                    result[at].message += "; " + finding.message
                }
            } else {
                index[key] = result.count
                messages.append([finding.message])
                result.append(finding)
            }
        }
        return result
    }
}
