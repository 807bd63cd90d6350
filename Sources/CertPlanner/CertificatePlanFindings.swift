import TopologyModel

/// The certificate plan's findings: topology-wide policy checks and per-certificate checks.
/// Codes, severities and rules are `FindingCatalogue`'s.
public enum CertificatePlanFindings {
    /// More SIP domains than this raise `many-sip-domains`.
    public static let manySipDomainsThreshold = 10

    /// Policy findings about the topology as a whole.
    static func topologyFindings(_ ctx: PlanningContext, reverseProxy: PlannedCertificate?) -> [Finding] {
        let topology = ctx.topology
        var findings: [Finding] = []
        if ctx.keySize < 2048 {
            findings.append(
                Finding(
                    .weakKey,
                    message:
                        "key size \(ctx.keySize) is below 2048 bits: Lync accepts it (Certificate summary, JJ204846: "
                        + "minimum 1024, \"you may receive a warning\"), but public CAs refuse it and Microsoft "
                        + "recommends 2048 or more",
                    path: "certificates.keySize"))
        }
        let explicitAutodiscover =
            topology.reverseProxy.autodiscover == .https && ctx.wildcardPolicy != .simpleUrlsAndAutodiscover
        if ctx.sipDomains.count > manySipDomainsThreshold && explicitAutodiscover {
            findings.append(
                Finding(
                    .manySipDomains,
                    message:
                        "\(ctx.sipDomains.count) SIP domains put \(ctx.sipDomains.count) lyncdiscover names (and as many "
                        + "Meet hosts) on the reverse-proxy certificate; consider reverseProxy.autodiscover: http or "
                        + "certificates.wildcard: simpleUrlsAndAutodiscover",
                    path: "sipDomains"))
        }
        if ctx.userPoolIndices.count > 1 && ctx.directorIndices.isEmpty {
            findings.append(
                Finding(
                    .poolsWithoutDirector,
                    message:
                        "\(ctx.userPoolIndices.count) user pools and no Director: simple URL and autodiscover requests all go "
                        + "to one designated pool; Microsoft recommends a Director in front of several pools",
                    path: "pools"))
        }
        findings += topology.unpublishedPoolFindings()
        if reverseProxy == nil && !topology.edgePools.isEmpty {
            findings.append(
                Finding(
                    .noReverseProxyCertificate,
                    message:
                        "the topology has Edge pools but no pool with an external web services FQDN: no reverse-proxy "
                        + "certificate is planned",
                    path: "pools"))
        }
        if ctx.wildcardPolicy != .none, let rp = reverseProxy,
            !rp.subjectAlternativeNames.contains(where: { $0.replaces.count >= 2 })
        {
            findings.append(
                Finding(
                    .wildcardNoBenefit,
                    message:
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
            Finding(
                .sanLimitExceeded,
                message:
                    "certificate \(certificate.id) needs \(count) SAN entries, more than the \(maxSANs) a public CA "
                    + "product allows; use wildcards, autodiscover over HTTP, or split the listener",
                path: "certificates.maxSubjectAlternativeNames")
        ]
    }

    /// A planned name that is not a valid host name, reported once, on the first certificate carrying it.
    static func invalidNameFinding(_ invalid: InvalidName, certificate: String) -> Finding {
        Finding(
            .invalidName, message: "\(invalid.name) on certificate \(certificate): \(invalid.problem)",
            path: invalid.path)
    }

    /// A wildcard the policy asked for but RFC 6125 forbids (`*.<single label>`).
    static func refusedWildcard(_ name: String) -> Finding {
        guard let parent = Hostname.parent(of: name) else {
            return Finding(
                .wildcardSingleLabel,
                message: "\(name) is a single label and has no parent domain for a wildcard; the name stays explicit",
                path: "certificates.wildcard")
        }
        return Finding(
            .wildcardSingleLabel,
            message:
                "\(name) cannot be replaced by *.\(parent): a wildcard needs at least two labels after it; the name "
                + "stays explicit",
            path: "certificates.wildcard")
    }
}
