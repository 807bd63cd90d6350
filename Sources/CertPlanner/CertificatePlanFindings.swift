import Topology

/// One finding code the certificate planner emits: its stable code, severity and source rule.
///
/// The catalog (`CertificatePlanFindings.all`) is the single list docs/findings.md documents and a unit
/// test checks (unique kebab-case codes, each with a passing and a failing case); severities come
/// from `FindingCatalogue`.
public struct CertificateFindingCode: Sendable, Equatable {
    /// The stable kebab-case code scripts match on.
    public var code: String
    public var severity: Severity
    /// What the finding means, in one line.
    public var summary: String
    /// Where the rule comes from (lync-rules.md section, Microsoft document, CA/B Forum).
    public var citation: String

    public init(code: String, summary: String, citation: String) {
        self.code = code
        self.severity = FindingCatalogue.severity(of: code)
        self.summary = summary
        self.citation = citation
    }

    /// A finding of this code.
    func finding(_ message: String, path: String?) -> Finding {
        Finding(severity: severity, code: code, message: message, path: path)
    }
}

/// The certificate plan's findings: topology-wide policy checks and per-certificate checks.
public enum CertificatePlanFindings {
    public static let weakKey = CertificateFindingCode(
        code: "weak-key",
        summary: "certificates.keySize is below 2048 bits (1024, Lync's minimum: accepted with this warning)",
        citation: "lync-rules.md §4 rule 1 (RSA 2048), §13 item 13; CA/B Forum Baseline Requirements §6.1.5")
    public static let sanLimitExceeded = CertificateFindingCode(
        code: "san-limit-exceeded",
        summary: "a public-CA certificate has more SAN entries than certificates.maxSubjectAlternativeNames",
        citation: "Let's Encrypt allows 100 names per certificate; commercial UCC/SAN products 100-250")
    public static let manySipDomains = CertificateFindingCode(
        code: "many-sip-domains",
        summary: "more than 10 SIP domains each add lyncdiscover.<d> to the reverse-proxy certificate",
        citation: "lync-rules.md §4 rule 3 (CS-AD), rule 4 (WILDCARD)")
    public static let poolsWithoutDirector = CertificateFindingCode(
        code: "pools-without-director",
        summary: "several user pools and no Director: simple URLs and autodiscover land on one designated pool",
        citation: "lync-rules.md §1, §7 (where simple URL records point)")
    public static let poolNotPublished = CertificateFindingCode(
        code: "pool-not-published",
        summary: "a pool homing users has no external web services FQDN",
        citation: "lync-rules.md §1 (publish every pool), §4 rule 3")
    public static let directorNotPublished = CertificateFindingCode(
        code: "director-not-published",
        summary: "a Director has no external web services FQDN although Directors are used",
        citation: "DNS summary - Reverse proxy (JJ204781)")
    public static let noReverseProxyCertificate = CertificateFindingCode(
        code: "no-reverse-proxy-certificate",
        summary: "Edge pools exist but no pool has an external web services FQDN to publish",
        citation: "lync-rules.md §1 (a reverse proxy is required for Edge deployments)")
    public static let wildcardNoBenefit = CertificateFindingCode(
        code: "wildcard-no-benefit",
        summary: "the wildcard policy saves no SAN entry: no two replaceable names share a parent domain",
        citation: "lync-rules.md §4 rule 4 (WILDCARD: test UC devices after deploying a wildcard)")
    public static let wildcardSingleLabel = CertificateFindingCode(
        code: "wildcard-single-label",
        summary: "the wildcard policy asks for *.<tld>: a wildcard needs two labels after it; the name stays explicit",
        citation: "RFC 6125 §7.2; CA/B Forum Baseline Requirements §3.2.2.6")
    public static let invalidName = CertificateFindingCode(
        code: "invalid-name",
        summary: "a planned name is not a valid host name (letters, digits, hyphens; labels of 1-63)",
        citation: "lync-rules.md §8.6")

    /// Every code the certificate planner emits.
    public static let all: [CertificateFindingCode] = [
        weakKey, sanLimitExceeded, manySipDomains, poolsWithoutDirector, poolNotPublished, directorNotPublished,
        noReverseProxyCertificate,
        wildcardNoBenefit, wildcardSingleLabel, invalidName,
    ]

    /// More SIP domains than this raise `many-sip-domains`.
    public static let manySipDomainsThreshold = 10

    /// Policy findings about the topology as a whole.
    static func topologyFindings(_ ctx: PlanningContext, reverseProxy: PlannedCertificate?) -> [Finding] {
        let topology = ctx.topology
        var findings: [Finding] = []
        if ctx.keySize < 2048 {
            findings.append(
                weakKey.finding(
                    "key size \(ctx.keySize) is below 2048 bits: Lync accepts it (Certificate summary, JJ204846: "
                        + "minimum 1024, \"you may receive a warning\"), but public CAs refuse it and Microsoft "
                        + "recommends 2048 or more",
                    path: "certificates.keySize"))
        }
        let explicitAutodiscover =
            topology.reverseProxy.autodiscover == .https && ctx.wildcardPolicy != .simpleUrlsAndAutodiscover
        if ctx.sipDomains.count > manySipDomainsThreshold && explicitAutodiscover {
            findings.append(
                manySipDomains.finding(
                    "\(ctx.sipDomains.count) SIP domains put \(ctx.sipDomains.count) lyncdiscover names (and as many "
                        + "Meet hosts) on the reverse-proxy certificate; consider reverseProxy.autodiscover: http or "
                        + "certificates.wildcard: simpleUrlsAndAutodiscover",
                    path: "sipDomains"))
        }
        if ctx.userPoolIndices.count > 1 && ctx.directorIndices.isEmpty {
            findings.append(
                poolsWithoutDirector.finding(
                    "\(ctx.userPoolIndices.count) user pools and no Director: simple URL and autodiscover requests all go "
                        + "to one designated pool; Microsoft recommends a Director in front of several pools",
                    path: "pools"))
        }
        findings += topology.unpublishedPoolFindings()
        if reverseProxy == nil && !topology.edgePools.isEmpty {
            findings.append(
                noReverseProxyCertificate.finding(
                    "the topology has Edge pools but no pool with an external web services FQDN: no reverse-proxy "
                        + "certificate is planned",
                    path: "pools"))
        }
        if ctx.wildcardPolicy != .none, let rp = reverseProxy,
            !rp.subjectAlternativeNames.contains(where: { $0.replaces.count >= 2 })
        {
            findings.append(
                wildcardNoBenefit.finding(
                    "certificates.wildcard is \(ctx.wildcardPolicy.rawValue) but no two replaceable names on the "
                        + "reverse-proxy certificate share a parent domain: each wildcard stands for one name; "
                        + "explicit names would do and avoid wildcard trouble with UC devices",
                    path: "certificates.wildcard"))
        }
        return findings
    }

    /// Per-certificate check: SAN count against public CA products' limit.
    static func certificateFindings(_ certificate: PlannedCertificate, maxSANs: Int) -> [Finding] {
        let count = certificate.subjectAlternativeNames.count
        guard certificate.issuer == .public && count > maxSANs else { return [] }
        return [
            sanLimitExceeded.finding(
                "certificate \(certificate.id) needs \(count) SAN entries, more than the \(maxSANs) a public CA "
                    + "product allows; use wildcards, autodiscover over HTTP, or split the listener",
                path: "certificates.maxSubjectAlternativeNames")
        ]
    }

    /// A planned name that is not a valid host name, reported once, on the first certificate carrying it.
    static func invalidNameFinding(_ invalid: InvalidName, certificate: String) -> Finding {
        invalidName.finding("\(invalid.name) on certificate \(certificate): \(invalid.problem)", path: invalid.path)
    }

    /// A wildcard the policy asked for but RFC 6125 forbids (`*.<single label>`).
    static func refusedWildcard(_ name: String) -> Finding {
        guard let parent = Hostname.parent(of: name) else {
            return wildcardSingleLabel.finding(
                "\(name) is a single label and has no parent domain for a wildcard; the name stays explicit",
                path: "certificates.wildcard")
        }
        return wildcardSingleLabel.finding(
            "\(name) cannot be replaced by *.\(parent): a wildcard needs at least two labels after it; the name "
                + "stays explicit",
            path: "certificates.wildcard")
    }
}
