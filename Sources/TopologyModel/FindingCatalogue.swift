/// Which part of lynccert raises a finding code.
public enum FindingPipeline: String, Sendable, Equatable, CaseIterable, Codable {
    /// `lynccert plan`: the topology loader and the certificate, DNS, publishing and host planners
    /// (every command that loads a topology reports the loader's codes).
    case plan
    /// `lynccert import-topology` (and a plan read from Topology Builder XML): the XML importer.
    case importTopology = "import"
    /// `lynccert audit`: the certificate checks, on files or on a live endpoint (`--connect`).
    case audit
    /// `lynccert dns check`: what DNS servers answer, judged against the plan.
    case dnsCheck = "dns check"
    /// `lynccert verify`: the certificate lines (the audit checks, one name at a time).
    case verify
    /// `lynccert csr`.
    case csr
    /// `lynccert issue` (a public ACME CA's limits).
    case issue
}

/// One finding code, zlint's `LintMetadata` for lynccert: the stable kebab-case code scripts
/// match on, its one severity, the rule it enforces, what it means, and who raises it.
public struct FindingCode: Sendable, Hashable {
    public let code: String
    public let severity: Severity
    /// Where the rule is written: a lync-rules.md section, a Microsoft page (title, TechNet ID),
    /// an RFC or the CA/B Forum's Baseline Requirements.
    public let rule: String
    /// What the finding means, in one line.
    public let summary: String
    /// Every pipeline that can raise it.
    public let pipelines: [FindingPipeline]

    init(_ code: String, _ severity: Severity, _ pipelines: [FindingPipeline], rule: String, summary: String) {
        self.code = code
        self.severity = severity
        self.rule = rule
        self.summary = summary
        self.pipelines = pipelines
    }
}

/// Every finding code lynccert emits: the one list of codes, severities, rules and summaries.
///
/// One code, one severity everywhere: every `Finding` takes its severity from here
/// (`Finding(_:message:path:)`, `Finding(code:message:path:)`), so the same fact never shows as
/// a warning in one command and an error in another. Where a rule has a milder and a harsher case
/// (a 1024-bit key against a 512-bit one), each case is a code of its own. docs/findings.md's finding
/// tables list the same codes and severities; tests walk every code's pass and fail fixture
/// (Tests/Fixtures/Findings/<code>/) and every emitted code against this list.
public enum FindingCatalogue {
    public static let all: [FindingCode] = [
        // Topology (loader)
        .reverseProxyAddressMissing, .officeWebAppsAddressMissing, .edgeAddressMissing, .edgeNamesShared,
        .edgeSharedNameDifferentAddresses, .edgeNextHopUnknown, .externalWebFqdnEqualsInternal,
        .simpleUrlUnusualCharacters,
        // Topology XML import
        .simpleUrlDefault, .simpleUrlUnknownDomain, .edgeFqdnDefault, .edgeAddressPrivate, .edgePoolSeveralServers,
        .officeWebAppsSeveral,
        // Certificate and publishing plans (pools not published)
        .poolNotPublished, .directorNotPublished,
        // Certificate plan
        .weakKey, .sanLimitExceeded, .manySipDomains, .poolsWithoutDirector, .noReverseProxyCertificate,
        .wildcardNoBenefit, .wildcardSingleLabel, .invalidName,
        // DNS plan
        .addressNeeded, .internalAddressNeeded, .invalidAddress, .privateAddressExternal, .crossDomainCNAME,
        .srvTargetOtherDomain, .sipNameTaken, .edgePoolForSipDomain, .internalOnlyNameExternal,
        .externalOnlyNameInternal, .conflictingRecords,
        // Publishing plan
        .targetAddressUnknown, .noWebPool, .duplicatePublicName, .officeWebAppsNotPublished,
        // Host plan
        .gatewayOnInternalAdapter, .adaptersSameSubnet, .targetNotRouted, .targetRouteUnknown,
        .routeNextHopOffSubnet, .routeViaNotInternal, .routeInvalid, .internalAddressUnknown,
        .internalAdapterUnknown, .internalPrefixUnknown,
        // lynccert issue
        .acmeInternalCertificate, .acmeNameLimit, .acmeShortValidity,
        // Audit (and verify's certificate lines)
        .nameNotCovered, .sanUnreadable, .wildcardNotAllowed, .wildcardInSubject, .subjectNotInSAN,
        .subjectMismatch, .expired, .notYetValid, .expiresSoon, .keyTooSmall, .ecdsaKey, .sha1Signature,
        .md5Signature, .unsupportedSignatureAlgorithm, .missingServerAuthEKU, .ekuExtensionMissing,
        .missingClientAuthEKU, .missingKeyUsage, .chainIncomplete, .untrustedChain, .chainOrder, .rootSent,
        .selfSigned, .selfSignedInternal, .missingCRLDistributionPoint, .keyMismatch, .differentCertificate,
        .handshakeFailed,
        // csr
        .rsaRequiredForLyncRole,
    ]

    /// Every code by its kebab-case name.
    public static let byCode: [String: FindingCode] = Dictionary(
        all.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })

    /// Every code's severity.
    public static let severities: [String: Severity] = byCode.mapValues(\.severity)

    /// The severity of `code`; a code missing from the catalogue is an error, so it cannot pass unseen.
    public static func severity(of code: String) -> Severity { byCode[code]?.severity ?? .error }
}

// MARK: The codes

extension FindingCode {
    // Topology (loader)
    public static let reverseProxyAddressMissing = FindingCode(
        "reverse-proxy-address-missing", .warning, [.plan], rule: "RP-DNS, DNS-RP",
        summary: "reverseProxy.externalAddress is not set: the published names' external A records have no value")
    public static let officeWebAppsAddressMissing = FindingCode(
        "office-web-apps-address-missing", .warning, [.plan], rule: "OWAS-RP, RP-DNS",
        summary:
            "Office Web Apps is published externally but neither its externalAddress nor the reverse proxy's is known")
    public static let edgeAddressMissing = FindingCode(
        "edge-address-missing", .warning, [.plan], rule: "DNS-EDGE-PUB",
        summary: "an Edge service (access, webConferencing, av) has no external address")
    public static let edgeNamesShared = FindingCode(
        "edge-names-shared", .info, [.plan], rule: "DNS-EDGE-PUB, SFB-TB-EDGE",
        summary: "two Edge services share one FQDN: allowed, but they must listen on distinct ports")
    public static let edgeSharedNameDifferentAddresses = FindingCode(
        "edge-shared-name-different-addresses", .warning, [.plan], rule: "DNS-EDGE-PUB",
        summary: "two Edge services share one FQDN but were given different external addresses")
    public static let edgeNextHopUnknown = FindingCode(
        "edge-next-hop-unknown", .warning, [.plan], rule: "SFB-TB-EDGE",
        summary: "edgePools[].nextHop names no pool of this topology")
    public static let externalWebFqdnEqualsInternal = FindingCode(
        "external-web-fqdn-equals-internal", .warning, [.plan], rule: "lync-rules.md §2 (MOB-TECH)",
        summary:
            "a pool's externalWebFqdn is its internal web FQDN: mobility needs distinct internal and external names")
    public static let simpleUrlUnusualCharacters = FindingCode(
        "simple-url-unusual-characters", .warning, [.plan], rule: "PLAN-SURL",
        summary: "a simple URL contains characters other than letters, digits, '.', '/' and '-'")

    // Topology XML import
    public static let simpleUrlDefault = FindingCode(
        "simple-url-default", .warning, [.importTopology, .plan], rule: "lync-rules.md §7",
        summary: "the topology holds no Meet or Dial-in URL; Microsoft's default was filled in")
    public static let simpleUrlUnknownDomain = FindingCode(
        "simple-url-unknown-domain", .warning, [.importTopology],
        rule: "lync-rules.md §7 (one Meet URL per SIP domain)",
        summary: "a Meet simple URL is for a domain that is not a SIP domain; it is left out")
    public static let edgeFqdnDefault = FindingCode(
        "edge-fqdn-default", .warning, [.importTopology], rule: "lync-rules.md §5, §8.4",
        summary: "the Edge configures no external FQDN for a service; sip./webcon./av.<default sipdomain> was filled in"
    )
    public static let edgeAddressPrivate = FindingCode(
        "edge-address-private", .warning, [.importTopology], rule: "lync-rules.md §8.4 (DNS-EDGE-NAT)",
        summary: "an Edge service's external address in the topology is private; public DNS needs the NAT address")
    public static let edgePoolSeveralServers = FindingCode(
        "edge-pool-several-servers", .info, [.importTopology], rule: "lync-rules.md §8.4 (scaled Edge, JJ205319)",
        summary: "the Edge pool has several servers; each service lists every server's public address")
    public static let officeWebAppsSeveral = FindingCode(
        "office-web-apps-several", .info, [.importTopology], rule: "lync-rules.md §10",
        summary: "several Office Web Apps farms; the first is used")

    // Certificate and publishing plans
    public static let poolNotPublished = FindingCode(
        "pool-not-published", .warning, [.plan], rule: "lync-rules.md §1 (publish every pool), §4 rule 3",
        summary: "a pool homing users has no external web services FQDN")
    public static let directorNotPublished = FindingCode(
        "director-not-published", .error, [.plan], rule: "DNS summary - Reverse proxy (JJ204781)",
        summary: "a Director has no external web services FQDN although Directors are used")

    // Certificate plan (weak-key and invalid-name: audit too)
    public static let weakKey = FindingCode(
        "weak-key", .warning, [.plan, .audit, .verify],
        rule: "lync-rules.md §4 rule 1 (RSA 2048), §6, §13 item 13; Certificate summary (JJ204846); CA/B Forum "
            + "Baseline Requirements §6.1.5",
        summary: "an RSA key of at least 1024 (Lync's minimum) but below 2048 bits: planned or on the certificate")
    public static let sanLimitExceeded = FindingCode(
        "san-limit-exceeded", .error, [.plan],
        rule: "Let's Encrypt allows 100 names per certificate; commercial UCC/SAN products 100-250",
        summary: "a public-CA certificate has more SAN entries than certificates.maxSubjectAlternativeNames")
    public static let manySipDomains = FindingCode(
        "many-sip-domains", .warning, [.plan], rule: "lync-rules.md §4 rule 3 (CS-AD), rule 4 (WILDCARD)",
        summary: "more than 10 SIP domains each add lyncdiscover.<d> to the reverse-proxy certificate")
    public static let poolsWithoutDirector = FindingCode(
        "pools-without-director", .info, [.plan], rule: "lync-rules.md §1, §7 (where simple URL records point)",
        summary: "several user pools and no Director: simple URLs and autodiscover land on one designated pool")
    public static let noReverseProxyCertificate = FindingCode(
        "no-reverse-proxy-certificate", .warning, [.plan],
        rule: "lync-rules.md §1 (a reverse proxy is required for Edge deployments)",
        summary: "Edge pools exist but no pool has an external web services FQDN to publish")
    public static let wildcardNoBenefit = FindingCode(
        "wildcard-no-benefit", .info, [.plan],
        rule: "lync-rules.md §4 rule 4 (WILDCARD: test UC devices after deploying a wildcard)",
        summary: "the wildcard policy saves no SAN entry: no two replaceable names share a parent domain")
    public static let wildcardSingleLabel = FindingCode(
        "wildcard-single-label", .warning, [.plan], rule: "RFC 6125 §7.2; CA/B Forum Baseline Requirements §3.2.2.6",
        summary: "the wildcard policy asks for *.<tld>: a wildcard needs two labels after it; the name stays explicit")
    public static let invalidName = FindingCode(
        "invalid-name", .error, [.plan, .audit, .verify],
        rule: "lync-rules.md §8.6; RFC 5280 §4.2.1.6; RFC 6125 §6.4.2",
        summary: "a planned name or a certificate's dNSName is not a valid host name (NUL, non-ASCII, bad characters)")

    // DNS plan
    public static let addressNeeded = FindingCode(
        "address-needed", .warning, [.plan], rule: "lync-rules.md §8",
        summary: "an external record is planned but the topology has no address (or CNAME target) for it")
    public static let internalAddressNeeded = FindingCode(
        "internal-address-needed", .info, [.plan], rule: "lync-rules.md §8",
        summary: "the same for a field only internal records need")
    public static let invalidAddress = FindingCode(
        "invalid-address", .error, [.plan], rule: "lync-rules.md §8",
        summary: "a topology address is not an IPv4 or IPv6 address")
    public static let privateAddressExternal = FindingCode(
        "private-address-external", .error, [.plan], rule: "lync-rules.md §8.1, §8.4",
        summary: "a private, loopback or link-local address would be published in external DNS")
    public static let crossDomainCNAME = FindingCode(
        "cross-domain-cname", .error, [.plan], rule: "lync-rules.md §8.2",
        summary: "lyncdiscover.<d> is a CNAME outside <d> while autodiscover is published over HTTPS")
    /// The plan points every sign-in SRV inside its domain; this is raised only when the topology
    /// leaves no name there (another field already uses `sip.<d>`), and by `dns check` (in its
    /// warning text) for what DNS answers.
    public static let srvTargetOtherDomain = FindingCode(
        "srv-target-other-domain", .warning, [.plan, .dnsCheck],
        rule: "lync-rules.md §8.3; DNS requirements for automatic client sign-in (Gg398758)",
        summary: "a client sign-in SRV record points at a target outside its own domain")
    public static let sipNameTaken = FindingCode(
        "sip-name-taken", .warning, [.plan], rule: "lync-rules.md §8.3, §8.4",
        summary: "sip.<d> is already another service's name, so it is not planned for the Access Edge or sign-in pool")
    public static let edgePoolForSipDomain = FindingCode(
        "edge-pool-for-sip-domain", .info, [.plan], rule: "lync-rules.md §8.4",
        summary: "a SIP domain is served by an Edge pool other than the first (its Access Edge FQDN lies in it)")
    public static let internalOnlyNameExternal = FindingCode(
        "internal-only-name-external", .error, [.plan], rule: "lync-rules.md §8.2, §7",
        summary: "lyncdiscoverinternal.<d> or a whole-host Admin simple URL would be in external DNS")
    public static let externalOnlyNameInternal = FindingCode(
        "external-only-name-internal", .error, [.plan], rule: "lync-rules.md §8.2",
        summary: "lyncdiscover.<d> would be in internal DNS: split-brain DNS is not supported for it")
    public static let conflictingRecords = FindingCode(
        "conflicting-records", .warning, [.plan], rule: "RFC 1034 §3.6.2",
        summary: "one name is planned as a CNAME beside other data, or as A records to different services")

    // Publishing plan
    public static let targetAddressUnknown = FindingCode(
        "target-address-unknown", .info, [.plan], rule: "lync-rules.md §3, §10",
        summary: "a rule's target has no known address: the reverse proxy must resolve it (HOSTS, perimeter DNS)")
    public static let noWebPool = FindingCode(
        "no-web-pool", .error, [.plan], rule: "lync-rules.md §1",
        summary: "no pool with web services: simple URLs and autodiscover cannot be published")
    public static let duplicatePublicName = FindingCode(
        "duplicate-public-name", .error, [.plan], rule: "lync-rules.md §10",
        summary: "one public name is on two rules")
    public static let officeWebAppsNotPublished = FindingCode(
        "office-web-apps-not-published", .info, [.plan], rule: "lync-rules.md §1",
        summary: "Office Web Apps Server is in the topology but not published: no PowerPoint content for external users"
    )

    // Host plan
    public static let gatewayOnInternalAdapter = FindingCode(
        "gateway-on-internal-adapter", .error, [.plan], rule: "RP-NIC (lync-rules.md §3)",
        summary: "a default gateway on the internal adapter: only the external adapter may have one")
    public static let adaptersSameSubnet = FindingCode(
        "adapters-same-subnet", .error, [.plan], rule: "RP-NIC (lync-rules.md §3)",
        summary: "the external and internal adapters share a subnet")
    public static let targetNotRouted = FindingCode(
        "target-not-routed", .error, [.plan], rule: "RP-NIC (lync-rules.md §3)",
        summary: "a publishing target's address lies in no routed subnet and not on the internal adapter's subnet")
    public static let targetRouteUnknown = FindingCode(
        "target-route-unknown", .warning, [.plan], rule: "RP-NIC (lync-rules.md §3)",
        summary: "the same while internalPrefixLength is unknown: the target may be on-link")
    public static let routeNextHopOffSubnet = FindingCode(
        "route-next-hop-off-subnet", .error, [.plan], rule: "RP-NIC (lync-rules.md §3)",
        summary: "a route's next hop is not on the internal adapter's subnet")
    public static let routeViaNotInternal = FindingCode(
        "route-via-not-internal", .error, [.plan], rule: "RP-NIC (lync-rules.md §3)",
        summary: "a route's next hop is on the external side (external gateway, address or subnet)")
    public static let routeInvalid = FindingCode(
        "route-invalid", .error, [.plan], rule: "RP-NIC (lync-rules.md §3)",
        summary: "a route's subnet or next hop does not parse (topologies built in code only)")
    public static let internalAddressUnknown = FindingCode(
        "internal-address-unknown", .warning, [.plan], rule: "RP-NIC, RP-RULES (lync-rules.md §3, §10)",
        summary: "an internal name the reverse proxy must resolve has no known address")
    public static let internalAdapterUnknown = FindingCode(
        "internal-adapter-unknown", .warning, [.plan], rule: "RP-NIC (lync-rules.md §3)",
        summary: "rules exist but reverseProxy.internalAddress is not set: routes and firewall sources go unchecked")
    public static let internalPrefixUnknown = FindingCode(
        "internal-prefix-unknown", .info, [.plan], rule: "RP-NIC (lync-rules.md §3)",
        summary: "reverseProxy.internalPrefixLength is not set: on-link and next-hop checks are skipped")

    // lynccert issue
    public static let acmeInternalCertificate = FindingCode(
        "acme-internal-certificate", .warning, [.issue],
        rule: "lync-rules.md §13 (internal certificates from the enterprise CA)",
        summary: "the plan gets this certificate from the internal CA: a public ACME CA validates only public names")
    public static let acmeNameLimit = FindingCode(
        "acme-name-limit", .warning, [.issue], rule: "Let's Encrypt rate limits",
        summary: "more than 100 names on the certificate: Let's Encrypt issues at most 100 per certificate")
    public static let acmeShortValidity = FindingCode(
        "acme-short-validity", .info, [.issue], rule: "Let's Encrypt certificate lifetime (90 days)",
        summary: "the issued certificate lasts 100 days or less: issue again before notAfter")

    // Audit (and verify's certificate lines)
    public static let nameNotCovered = FindingCode(
        "name-not-covered", .error, [.audit, .verify], rule: "RFC 6125 §6.4; lync-rules.md §4 rule 3, §5, §6",
        summary: "a required name is matched by no dNSName of the certificate (nor by its CN when it has none)")
    public static let sanUnreadable = FindingCode(
        "san-unreadable", .error, [.audit, .verify], rule: "RFC 5280 §4.2.1.6; RFC 6125 §6.4.4",
        summary: "the subjectAltName extension is present but malformed: its names cannot be read")
    public static let wildcardNotAllowed = FindingCode(
        "wildcard-not-allowed", .error, [.audit, .verify], rule: "lync-rules.md §4 rule 4, §5",
        summary: "the certificate holds a wildcard dNSName where the plan allows none")
    public static let wildcardInSubject = FindingCode(
        "wildcard-in-subject", .error, [.audit, .verify], rule: "lync-rules.md §4 rule 2, §5",
        summary: "the subject common name is a wildcard")
    public static let subjectNotInSAN = FindingCode(
        "subject-not-in-san", .error, [.audit, .verify], rule: "lync-rules.md §4 rule 2, §5; RFC 6125 §6.4.4",
        summary: "the subject common name is not repeated as a dNSName")
    public static let subjectMismatch = FindingCode(
        "subject-mismatch", .warning, [.audit, .verify], rule: "lync-rules.md §4 rule 2, §5, §6",
        summary: "the subject common name differs from the planned subject")
    public static let expired = FindingCode(
        "expired", .error, [.audit, .verify], rule: "RFC 5280 §4.1.2.5",
        summary: "the certificate's notAfter is in the past")
    public static let notYetValid = FindingCode(
        "not-yet-valid", .error, [.audit, .verify], rule: "RFC 5280 §4.1.2.5",
        summary: "the certificate's notBefore is in the future")
    public static let expiresSoon = FindingCode(
        "expires-soon", .warning, [.audit, .verify], rule: "RFC 5280 §4.1.2.5",
        summary: "the certificate expires within the warning window (--warn-days, 30 by default)")
    public static let keyTooSmall = FindingCode(
        "key-too-small", .error, [.audit, .verify], rule: "lync-rules.md §4 rule 1, §13 item 13",
        summary: "the RSA key is shorter than 1024 bits, Lync's minimum")
    public static let ecdsaKey = FindingCode(
        "ecdsa-key", .warning, [.audit, .verify], rule: "lync-rules.md §4 rule 1",
        summary: "the key is not RSA; Lync Server roles expect an RSA key")
    public static let sha1Signature = FindingCode(
        "sha1-signature", .warning, [.audit, .verify], rule: "lync-rules.md §13 item 13",
        summary: "the certificate is signed with SHA-1")
    public static let md5Signature = FindingCode(
        "md5-signature", .error, [.audit, .verify], rule: "RFC 6151 §2; lync-rules.md §13 item 13",
        summary: "the certificate is signed with MD5 or MD2")
    public static let unsupportedSignatureAlgorithm = FindingCode(
        "unsupported-signature-algorithm", .error, [.audit, .verify], rule: "lync-rules.md §13 item 13",
        summary: "the certificate is signed with RSASSA-PSS, which Lync/Skype for Business does not support")
    public static let missingServerAuthEKU = FindingCode(
        "missing-server-auth-eku", .error, [.audit, .verify],
        rule: "lync-rules.md §4 rule 1, §5, §6; RFC 5280 §4.2.1.12",
        summary: "the extended key usage does not include Server Authentication")
    public static let ekuExtensionMissing = FindingCode(
        "eku-extension-missing", .warning, [.audit, .verify],
        rule: "lync-rules.md §4 rule 1, §5, §6; RFC 5280 §4.2.1.12",
        summary: "the certificate has no extended key usage extension (Server Authentication is expected)")
    public static let missingClientAuthEKU = FindingCode(
        "missing-client-auth-eku", .warning, [.audit, .verify], rule: "lync-rules.md §4 rule 1, §5",
        summary: "the plan asks for Client Authentication and the extended key usage lacks it")
    public static let missingKeyUsage = FindingCode(
        "missing-key-usage", .error, [.audit, .verify], rule: "lync-rules.md §4 rule 1; RFC 5280 §4.2.1.3",
        summary: "the key usage extension lacks a usage the plan needs (digitalSignature, keyEncipherment)")
    public static let chainIncomplete = FindingCode(
        "chain-incomplete", .error, [.audit, .verify], rule: "lync-rules.md §4 rule 7; RFC 8446 §4.4.2",
        summary: "an intermediate CA certificate is missing from the served chain or bundle")
    public static let untrustedChain = FindingCode(
        "untrusted-chain", .error, [.audit, .verify], rule: "lync-rules.md §4 rule 1, rule 7; RFC 5280 §6",
        summary: "the chain does not verify to a trusted root (OpenSSL's reason is given)")
    public static let chainOrder = FindingCode(
        "chain-order", .warning, [.audit, .verify], rule: "RFC 5246 §7.4.2; RFC 8446 §4.4.2",
        summary: "the certificates are not sent leaf first, each followed by its issuer")
    public static let rootSent = FindingCode(
        "root-sent", .info, [.audit, .verify], rule: "RFC 5246 §7.4.2; RFC 8446 §4.4.2",
        summary: "the chain includes the self-signed root")
    public static let selfSigned = FindingCode(
        "self-signed", .error, [.audit, .verify], rule: "lync-rules.md §4 rule 1, §5, §6",
        summary: "the certificate is self-signed and the plan wants a public CA")
    public static let selfSignedInternal = FindingCode(
        "self-signed-internal", .warning, [.audit, .verify], rule: "lync-rules.md §6",
        summary: "the certificate is self-signed and the plan wants one from the internal CA")
    public static let missingCRLDistributionPoint = FindingCode(
        "missing-crl-distribution-point", .warning, [.audit, .verify], rule: "lync-rules.md §13 item 13",
        summary: "the certificate has no CRL distribution point")
    public static let keyMismatch = FindingCode(
        "key-mismatch", .error, [.audit], rule: "RFC 5280 §4.1.2.7",
        summary: "the private key given with --key does not belong to the certificate")
    public static let differentCertificate = FindingCode(
        "different-certificate", .warning, [.audit], rule: "lync-rules.md §4 rule 5",
        summary: "with --connect: some SNI names (or clients without SNI) received another certificate than most")
    public static let handshakeFailed = FindingCode(
        "handshake-failed", .error, [.audit], rule: "lync-rules.md §4 rule 5 (every name must be served)",
        summary: "with --connect: the handshake for a name failed; the name counts as missing")

    // csr
    public static let rsaRequiredForLyncRole = FindingCode(
        "rsa-required-for-lync-role", .warning, [.csr], rule: "lync-rules.md §4 rule 1",
        summary: "an ECDSA key was asked for a certificate of an Edge, Front End or Director role")
}

extension Finding {
    /// A finding of `code`, at the catalogue's severity.
    public init(_ code: FindingCode, message: String, path: String? = nil) {
        self.init(severity: code.severity, code: code.code, message: message, path: path)
    }

    /// A finding whose severity is the catalogue's for `code` (`.error` for an uncatalogued code).
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
